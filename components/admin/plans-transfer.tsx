'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useId, useMemo, useState } from 'react';
import type { Scenario } from '@/lib/domain/incident/vocabulary';
import { LIMITS } from '@/lib/domain/limits';
import type { PlanView } from '@/lib/protocol/plans';
import { useAgencies } from '@/lib/client/api/agencies';
import { useSavePlan } from '@/lib/client/api/plans';
import { useClockFormat } from '@/lib/i18n/use-clock-format';
import { Button, buttonClass } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { errorDetail, toErrorLike, useErrorText, type ErrorLike } from '@/components/ui/error-message';
import { importRows, readPlansFile, type FileReading, type ImportRow } from './plans-file';

type Result = { version: number } | { error: ErrorLike };

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
  return (
    <div className="flex shrink-0 flex-wrap items-center gap-2">
      <a href="/api/plans/export" download className={buttonClass({ size: 'sm' })} data-testid="plans-export" title={t('exportHint')}>
        {t('export')}
      </a>
      <Button size="sm" disabled={blocked} title={blocked ? t('importBlocked') : undefined} onClick={() => setOpen(true)} data-testid="plans-import-open">
        {t('import')}
      </Button>
      {open && <ImportDialog plans={plans} onClose={() => setOpen(false)} />}
    </div>
  );
}

function ImportDialog({ plans, onClose }: { plans: PlanView[]; onClose: () => void }) {
  const t = useTranslations('admin.plans.transfer');
  const tPlans = useTranslations('admin.plans');
  const tScenario = useTranslations('scenario');
  const lang = useLocale() === 'en' ? 'en' : 'zh';
  const clock = useClockFormat();
  const errorText = useErrorText();
  const agencies = useAgencies();
  const save = useSavePlan();
  const inputId = useId();
  const [reading, setReading] = useState<FileReading | { ok: false; reason: 'tooLarge' | 'readFailed' } | null>(null);
  const [results, setResults] = useState<ReadonlyMap<Scenario, Result> | null>(null);
  const [importing, setImporting] = useState(false);
  const codes = useMemo(() => (agencies.data ? new Set(agencies.data.map((a) => a.code)) : null), [agencies.data]);
  // Against the plans as they stand now: another admin's save meanwhile shows here before the import.
  const rows = useMemo(() => (reading?.ok && codes ? importRows(reading.file, plans, codes) : []), [reading, plans, codes]);
  const toSave = rows.filter((r) => r.outcome === 'replace');

  const choose = async (file: File | undefined) => {
    setResults(null);
    if (!file) return setReading(null);
    if (file.size > LIMITS.planFileBytes) return setReading({ ok: false, reason: 'tooLarge' });
    try {
      setReading(readPlansFile(await file.text()));
    } catch {
      setReading({ ok: false, reason: 'readFailed' });
    }
  };
  const run = async () => {
    setImporting(true);
    const done = new Map<Scenario, Result>();
    // One at a time, each from the version shown: a save another admin made meanwhile is refused (CONFLICT), not overwritten.
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
  const saved = results ? [...results.values()].filter((r) => 'version' in r).length : 0;
  // Not imported: refused on the way, or not tried (agencies this directory lacks).
  const left = results ? results.size - saved + rows.filter((r) => r.outcome === 'agencies' && !results.has(r.plan.scenario)).length : 0;

  return (
    <Dialog open onOpenChange={(o) => !o && !importing && onClose()} title={t('title')} description={t('description')} size="lg">
      <div data-testid="plans-import" className="flex min-h-0 flex-col">
        <div className="min-h-0 overflow-y-auto px-5 py-4">
          <label htmlFor={inputId} className="flex flex-col gap-1 text-sm font-medium text-slate-800">
            {t('file')}
            <input
              id={inputId}
              type="file"
              accept=".json,application/json"
              disabled={importing || results !== null}
              data-testid="plans-import-file"
              className="block text-sm file:mr-3 file:rounded file:border file:border-slate-400 file:bg-white file:px-3 file:py-1.5 file:text-sm file:font-medium"
              onChange={(e) => void choose(e.target.files?.[0])}
            />
          </label>
          <div className="mt-3" aria-live="polite">
            {reading && !reading.ok && (
              <p role="alert" data-testid="plans-import-refused" data-reason={reading.reason} className="rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
                {reading.reason === 'tooLarge'
                  ? t('tooLarge', { mb: LIMITS.planFileBytes / 1024 / 1024 })
                  : reading.reason === 'format'
                    ? t('format', { detail: 'detail' in reading && reading.detail ? reading.detail : '—' })
                    : t(reading.reason)}
              </p>
            )}
            {reading?.ok && (
              <>
                <p className="mb-2 text-sm text-slate-700" data-testid="plans-import-summary">
                  {t('exportedAt', { time: clock.dateTime(reading.file.exportedAt), count: reading.file.plans.length })}
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
                  <tbody>
                    {rows.map((row) => renderRow(row, results?.get(row.plan.scenario)))}
                  </tbody>
                </table>
              </>
            )}
            {results && !importing && (
              <p role="status" data-testid="plans-import-done" className="mt-3 rounded border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm text-emerald-950">
                {t('done', { saved, left })}
              </p>
            )}
          </div>
        </div>
        <div className="flex justify-end gap-2 border-t border-slate-200 bg-slate-50 px-5 py-3">
          {results === null ? (
            <>
              <Button onClick={onClose} disabled={importing}>{t('cancel')}</Button>
              <Button variant="primary" disabled={importing || toSave.length === 0} onClick={() => void run()} data-testid="plans-import-submit">
                {importing ? t('importing') : t('submit', { count: toSave.length })}
              </Button>
            </>
          ) : (
            <Button variant="primary" disabled={importing} onClick={onClose} data-testid="plans-import-close">{t('close')}</Button>
          )}
        </div>
      </div>
    </Dialog>
  );

  // A function, not a component: a component declared here would be a new type, and remounted, at every render.
  function renderRow(row: ImportRow, result: Result | undefined) {
    const summary = (p: Pick<PlanView, 'name' | 'actions'>) => tPlans('summary', { name: p.actions.length > 0 ? p.name[lang] : tPlans('none'), count: p.actions.length });
    const outcome = result
      ? 'version' in result
        ? t('outcome.saved', { version: result.version })
        : t('outcome.refused', { reason: errorText(result.error) })
      : row.outcome === 'agencies'
        ? t('outcome.agencies', { codes: row.unknown.join(', ') })
        : t(`outcome.${row.outcome}`);
    const tone = result ? ('version' in result ? 'text-emerald-800' : 'text-red-800') : row.outcome === 'replace' ? 'text-slate-950 font-medium' : row.outcome === 'agencies' ? 'text-amber-900' : 'text-slate-600';
    return (
      <tr key={row.plan.scenario} className="border-b border-slate-200 align-top" data-testid="plans-import-row" data-scenario={row.plan.scenario} data-outcome={result ? ('version' in result ? 'saved' : 'refused') : row.outcome}>
        <th scope="row" className="py-1.5 pr-3 text-left font-medium">{tScenario(row.plan.scenario)}</th>
        <td className="py-1.5 pr-3">{summary(row.plan)}</td>
        <td className="py-1.5 pr-3 text-slate-700">{summary(row.here)}</td>
        <td className={`py-1.5 ${tone}`} title={result && 'error' in result ? (errorDetail(result.error) ?? undefined) : undefined}>{outcome}</td>
      </tr>
    );
  }
}
