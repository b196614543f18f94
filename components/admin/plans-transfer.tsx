'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { ErrorCode } from '@/lib/domain/errors';
import type { Scenario } from '@/lib/domain/incident/vocabulary';
import { LIMITS } from '@/lib/domain/limits';
import type { PlanView } from '@/lib/protocol/plans';
import { ApiError } from '@/lib/client/api/api-error';
import { useAgencies } from '@/lib/client/api/agencies';
import { useSavePlan } from '@/lib/client/api/plans';
import { useClockFormat } from '@/lib/i18n/use-clock-format';
import { Button, buttonClass } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { ErrorMessage, errorDetail, toErrorLike, useErrorText, type ErrorLike } from '@/components/ui/error-message';
import { FileInput } from '@/components/ui/inputs';
import { Spinner } from '@/components/ui/spinner';
import { importRows, readPlansFile, type FileReading, type ImportRow } from './plans-file';
import { usePlanSummary } from './use-plan-summary';

type Result = { version: number } | { error: ErrorLike };
type Reading = FileReading | { ok: false; reason: 'tooLarge' | 'readFailed' };

/**
 * Moving plans between installations (SPEC PLAN3): "Export plans" downloads every scenario's plan
 * as a file; "Import plans" reads such a file, shows what each of its plans would do here (left
 * alone, replace this installation's, or not imported for agencies the directory lacks), and on
 * the admin's word saves each that differs, one save each, from the version shown. Not while the
 * editor has changes not saved (`blocked`): an import would replace what is being edited.
 */
export function PlansTransfer({ plans, blocked }: { plans: PlanView[]; blocked: boolean }) {
  const t = useTranslations('admin.plans.transfer');
  const [open, setOpen] = useState(false);
  const hintId = useId();
  return (
    <div className="flex max-w-sm shrink-0 flex-col items-end gap-1">
      <div className="flex flex-wrap items-center justify-end gap-2">
        <a href="/api/plans/export" download className={buttonClass({ size: 'sm' })} data-testid="plans-export" title={t('exportHint')}>
          {t('export')}
        </a>
        <Button size="sm" disabled={blocked} aria-describedby={blocked ? hintId : undefined} onClick={() => setOpen(true)} data-testid="plans-import-open">
          {t('import')}
        </Button>
      </div>
      {blocked && (
        <p id={hintId} className="text-right text-xs text-slate-600" data-testid="plans-import-blocked">
          {t('importBlocked')}
        </p>
      )}
      {open && <ImportDialog plans={plans} onClose={() => setOpen(false)} />}
    </div>
  );
}

function ImportDialog({ plans, onClose }: { plans: PlanView[]; onClose: () => void }) {
  const t = useTranslations('admin.plans.transfer');
  const tScenario = useTranslations('scenario');
  const tc = useTranslations('common');
  const summary = usePlanSummary();
  const clock = useClockFormat();
  const errorText = useErrorText();
  const agencies = useAgencies();
  const save = useSavePlan();
  const inputId = useId();
  const doneId = useId();
  const format = useFormatter();
  // The file read, and this installation's plans as they were then: the preview and the versions
  // saved from are those, so that another admin's save since is refused (CONFLICT), not overwritten.
  const [reading, setReading] = useState<{ result: Reading; here: PlanView[] } | null>(null);
  const [results, setResults] = useState<ReadonlyMap<Scenario, Result> | null>(null);
  const [importing, setImporting] = useState(false);
  // Only the last file chosen is shown (an earlier one still being read is dropped).
  const chosen = useRef(0);
  const codes = useMemo(() => (agencies.data ? new Set(agencies.data.map((a) => a.code)) : null), [agencies.data]);
  const file = reading?.result.ok ? reading.result.file : null;
  const rows = useMemo(() => (file && reading && codes ? importRows(file, reading.here, codes) : []), [file, reading, codes]);
  const toSave = rows.filter((r) => r.outcome === 'replace');

  const choose = async (picked: File | undefined) => {
    const n = ++chosen.current;
    const here = plans;
    setResults(null);
    if (!picked) return setReading(null);
    if (picked.size > LIMITS.planFileBytes) return setReading({ result: { ok: false, reason: 'tooLarge' }, here });
    let result: Reading;
    try {
      result = readPlansFile(await picked.text());
    } catch {
      result = { ok: false, reason: 'readFailed' };
    }
    if (n === chosen.current) setReading({ result, here });
  };
  const run = async () => {
    setImporting(true);
    const done = new Map<Scenario, Result>();
    // One at a time, each from the version shown: a save another admin made since is refused (CONFLICT), not overwritten.
    for (const row of toSave) {
      const { scenario, name, actions } = row.plan;
      try {
        const { plan } = await save.mutateAsync({ scenario, version: row.here.version, name, actions });
        done.set(scenario, { version: plan.version });
      } catch (e) {
        done.set(scenario, { error: toErrorLike(e) });
      }
      setResults(new Map(done));
    }
    setImporting(false);
  };
  // The import done: the focus goes to Close, which took the place of the Import button that had it.
  const closeRef = useRef<HTMLButtonElement>(null);
  const finished = results !== null && !importing;
  useEffect(() => {
    if (finished) closeRef.current?.focus();
  }, [finished]);
  const saved = results ? [...results.values()].filter((r) => 'version' in r).length : 0;
  // Not imported: refused on the way, or not tried (agencies this directory lacks).
  const left = results ? results.size - saved + rows.filter((r) => r.outcome === 'agencies').length : 0;
  const refusal = reading && !reading.result.ok ? reading.result : null;

  return (
    <Dialog open onOpenChange={(o) => !o && !importing && onClose()} title={t('title')} description={t('description')} size="lg">
      <div data-testid="plans-import" className="flex min-h-0 flex-col">
        <div className="min-h-0 overflow-y-auto px-5 py-4">
          <FileInput
            id={inputId}
            label={t('file')}
            accept=".json,application/json"
            disabled={importing || results !== null}
            data-testid="plans-import-file"
            onChange={(e) => void choose(e.target.files?.[0])}
          />
          {refusal && (
            <p role="alert" data-testid="plans-import-refused" data-reason={refusal.reason} className="mt-3 rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
              {refusal.reason === 'tooLarge'
                ? t('tooLarge', { mb: LIMITS.planFileBytes / 1024 / 1024 })
                : refusal.reason === 'format'
                  ? t.rich('format', { detail: () => <span lang="en">{refusal.detail}</span> })
                  : t(refusal.reason)}
            </p>
          )}
          {file && agencies.isPending && <Spinner label={tc('loading')} />}
          {file && agencies.error instanceof ApiError && <ErrorMessage error={agencies.error} reading />}
          {file && codes && (
            <div className="mt-3">
              <p className="mb-2 text-sm text-slate-700" data-testid="plans-import-summary">
                {t('exportedAt', { time: clock.dateTime(file.exportedAt), count: file.plans.length })}
              </p>
              <table className="w-full border-collapse text-sm" data-testid="plans-import-rows">
                <thead>
                  <tr className="border-b border-slate-300 text-left text-xs font-semibold text-slate-700">
                    <th scope="col" className="py-1.5 pr-3">{t('columns.scenario')}</th>
                    <th scope="col" className="py-1.5 pr-3">{t('columns.inFile')}</th>
                    <th scope="col" className="py-1.5 pr-3">{t('columns.here')}</th>
                    <th scope="col" className="py-1.5">{t('columns.outcome')}</th>
                  </tr>
                </thead>
                <tbody>{rows.map((row) => renderRow(row, results?.get(row.plan.scenario)))}</tbody>
              </table>
            </div>
          )}
          {results && !importing && (
            <p id={doneId} role="status" data-testid="plans-import-done" className="mt-3 rounded border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm text-emerald-950">
              {t('done', { saved, left })}
            </p>
          )}
        </div>
        <div className="flex justify-end gap-2 border-t border-slate-200 bg-slate-50 px-5 py-3">
          {results === null ? (
            <>
              <Button onClick={onClose} disabled={importing}>{tc('cancel')}</Button>
              <Button variant="primary" disabled={importing || toSave.length === 0} onClick={() => void run()} data-testid="plans-import-submit">
                {importing ? t('importing') : t('submit', { count: toSave.length })}
              </Button>
            </>
          ) : (
            // Described by the result: the focus comes here as the result appears, which is then read with it.
            <Button ref={closeRef} variant="primary" disabled={importing} onClick={onClose} aria-describedby={doneId} data-testid="plans-import-close">
              {tc('close')}
            </Button>
          )}
        </div>
      </div>
    </Dialog>
  );

  // A function, not a component: a component declared here would be a new type, and remounted, at every render.
  function renderRow(row: ImportRow, result: Result | undefined) {
    const detail = result && 'error' in result ? errorDetail(result.error) : null;
    const outcome = result
      ? 'version' in result
        ? t('outcome.saved', { version: result.version })
        : result.error.code === ErrorCode.CONFLICT
          ? t('outcome.conflict')
          : t('outcome.refused', { reason: errorText(result.error) })
      : row.outcome === 'agencies'
        ? t('outcome.agencies', { codes: format.list(row.unknown, { type: 'conjunction' }) })
        : t(`outcome.${row.outcome}`);
    const tone = result ? ('version' in result ? 'text-emerald-800' : 'text-red-800') : row.outcome === 'replace' ? 'font-medium text-slate-950' : row.outcome === 'agencies' ? 'text-amber-900' : 'text-slate-600';
    return (
      <tr key={row.plan.scenario} className="border-b border-slate-200 align-top" data-testid="plans-import-row" data-scenario={row.plan.scenario} data-outcome={result ? ('version' in result ? 'saved' : 'refused') : row.outcome}>
        <th scope="row" className="py-1.5 pr-3 text-left font-medium whitespace-nowrap">{tScenario(row.plan.scenario)}</th>
        <td className="py-1.5 pr-3">{summary(row.plan)}</td>
        <td className="py-1.5 pr-3 text-slate-700">{summary(row.here)}</td>
        <td className={`py-1.5 ${tone}`}>
          {outcome}
          {detail && (
            <span lang="en" className="mt-0.5 block text-xs text-slate-600">
              {detail}
            </span>
          )}
        </td>
      </tr>
    );
  }
}
