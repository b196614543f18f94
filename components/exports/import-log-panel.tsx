'use client';

import { useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useFormatter, useTranslations } from 'next-intl';
import { useId, useState } from 'react';
import { reviewHref } from '@/components/review/review-nav';
import { useActor } from '@/components/shell/account-context';
import { Button } from '@/components/ui/button';
import { ErrorMessage, toErrorLike, type ErrorLike } from '@/components/ui/error-message';
import { FileInput } from '@/components/ui/inputs';
import { useImportIncidentLog } from '@/lib/client/api/incident-log';
import { queryKeys } from '@/lib/client/query-keys';
import { LIMITS } from '@/lib/domain/limits';
import { authorizeReview } from '@/lib/domain/permissions';

/**
 * An admin uploads a .jsonl incident log exported from a Portline installation
 * (POST /api/incidents/import, SPEC REV5) and sees the typed result or error.
 */
export function ImportLogPanel() {
  const t = useTranslations('exports.import');
  const format = useFormatter();
  const actor = useActor();
  const queryClient = useQueryClient();
  const importLog = useImportIncidentLog();
  const inputId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  if (authorizeReview(actor, 'ImportLog') !== null) return null;

  async function submit() {
    setLocalError(null);
    importLog.reset();
    if (!file) return;
    if (file.size > LIMITS.importBytes) {
      setLocalError(t('tooLarge', { mb: Math.floor(LIMITS.importBytes / 1024 / 1024) }));
      return;
    }
    let text: string;
    try {
      text = await file.text();
    } catch {
      setLocalError(t('readFailed'));
      return;
    }
    importLog.mutate(text, {
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: queryKeys.incidents.list() });
        void queryClient.invalidateQueries({ queryKey: queryKeys.agencies() });
      },
    });
  }

  return (
    <section aria-labelledby={`${inputId}-title`} data-testid="import-log">
      <h2 id={`${inputId}-title`} className="text-lg font-semibold">{t('title')}</h2>
      <p className="mt-1 mb-3 max-w-3xl text-sm text-slate-700">{t('description')}</p>
      <div className="flex flex-wrap items-end gap-3">
        <FileInput
          id={inputId}
          label={t('file')}
          accept=".jsonl,.ndjson,application/x-ndjson,application/jsonl"
          data-testid="import-file"
          onChange={(e) => {
            setFile(e.target.files?.[0] ?? null);
            setLocalError(null);
            importLog.reset();
          }}
        />
        <Button variant="primary" disabled={!file || importLog.isPending} onClick={() => void submit()} data-testid="import-submit">
          {importLog.isPending ? t('importing') : t('submit')}
        </Button>
      </div>
      <div className="mt-3" aria-live="polite">
        {localError && (
          <p role="alert" className="rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
            {localError}
          </p>
        )}
        {importLog.isError && <ImportError error={toErrorLike(importLog.error)} />}
        {importLog.isSuccess && (
          <div role="status" data-testid="import-done" className="rounded border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm text-emerald-950">
            <p className="font-medium">{t('done', { count: importLog.data.headSeq })}</p>
            {importLog.data.reviewHeadSeq > 0 && <p data-testid="import-review">{t('doneReview', { count: importLog.data.reviewHeadSeq })}</p>}
            {importLog.data.agenciesCreated.length > 0 && <p>{t('agenciesCreated', { codes: format.list(importLog.data.agenciesCreated, { type: 'conjunction' }) })}</p>}
            <p className="mt-1 flex flex-wrap gap-x-4">
              <Link href={reviewHref(importLog.data.incidentId, 'board')} className="font-medium text-blue-800 underline" data-testid="import-open">
                {t('openBoard')}
              </Link>
              {importLog.data.reviewHeadSeq > 0 && (
                <Link href={reviewHref(importLog.data.incidentId, 'findings')} className="font-medium text-blue-800 underline" data-testid="import-open-findings">
                  {t('openFindings')}
                </Link>
              )}
            </p>
          </div>
        )}
      </div>
    </section>
  );
}

const IMPORT_CODES = ['CONFLICT', 'BAD_REQUEST', 'PAYLOAD_TOO_LARGE', 'FORBIDDEN'] as const;

/** The import's own words for its typed refusals (the server's message, naming the line or version, as the detail). */
function ImportError({ error }: { error: ErrorLike }) {
  const t = useTranslations('exports.import');
  const code = IMPORT_CODES.find((c) => c === error.code);
  return <ErrorMessage error={error} text={code && t(`errors.${code}`)} />;
}
