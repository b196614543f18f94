'use client';

import { useLocale, useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { ReviewNav } from '@/components/review/review-nav';
import { ErrorMessage, toErrorLike } from '@/components/ui/error-message';
import { Spinner } from '@/components/ui/spinner';
import { exportHref } from '@/lib/client/api/incident-log';
import { useBrowserTimeZone } from '@/lib/client/browser-value';
import { useIncidentMetrics } from '@/lib/client/api/metrics';
import { authorizeReview } from '@/lib/domain/permissions';
import { useActor } from '@/components/shell/account-context';
import type { IncidentMetrics } from '@/lib/domain/review/metrics';
import { useClockFormat } from '@/lib/i18n/use-clock-format';
import { tPlus } from './format';
import { AgencyStatusTable, AgencyTable, PhaseTable, TaskTable } from './metrics-tables';
import { ResponseChart } from './response-chart';
import { SwimlaneChart } from './swimlane-chart';

export function Section({ title, children, id, className }: { title: string; children: ReactNode; id?: string; className?: string }) {
  return (
    <section aria-labelledby={id ? `${id}-h` : undefined} className={className ?? 'space-y-2'}>
      {/* On paper the sections follow one another (none starts a page of its own, which left pages half
          empty); a heading is never left alone at the foot of a page. */}
      <h2 id={id ? `${id}-h` : undefined} className="text-base font-semibold text-slate-900 break-after-avoid">
        {title}
      </h2>
      {children}
    </section>
  );
}

/** "Figures as of 14:05:09 (T+01:00), incident still open". */
export function AsOf({ metrics: m }: { metrics: IncidentMetrics }) {
  const t = useTranslations('metrics');
  const clock = useClockFormat();
  return (
    <p className="text-sm text-slate-600">
      {t('asOf', { time: clock.stamp(m.end), tplus: tPlus(m.span), state: m.closedAt === null ? t('stateOpen') : t('stateClosed') })}
    </p>
  );
}

/** The charts and tables of SPEC REV2; the report page reuses them. */
export function MetricsBody({ metrics: m, idPrefix = 'm', paper = false }: { metrics: IncidentMetrics; idPrefix?: string; paper?: boolean }) {
  const t = useTranslations('metrics');
  return (
    <>
      <Section title={t('swimlaneTitle')} id={`${idPrefix}-swimlane`} className="space-y-2 break-inside-avoid">
        <p className="text-xs text-slate-600">{t('swimlaneHint')}</p>
        <SwimlaneChart metrics={m} describedBy={`${idPrefix}-tasks`} compact={paper} />
      </Section>
      <Section title={t('responseTitle')} id={`${idPrefix}-response`} className="space-y-2 break-inside-avoid">
        <ResponseChart metrics={m} describedBy={`${idPrefix}-agencies`} stacked={paper} />
      </Section>
      <Section title={t('agenciesTitle')} id={`${idPrefix}-agency`} className="space-y-2">
        <AgencyTable metrics={m} id={`${idPrefix}-agencies`} />
      </Section>
      <Section title={t('arrivalTitle')} id={`${idPrefix}-arrival`} className="space-y-2 break-inside-avoid">
        <AgencyStatusTable metrics={m} />
      </Section>
      <Section title={t('phasesTitle')} id={`${idPrefix}-phases`} className="space-y-2 break-inside-avoid">
        <PhaseTable metrics={m} />
      </Section>
      <Section title={t('tasksTitle')} id={`${idPrefix}-task`} className="space-y-2">
        <TaskTable metrics={m} id={`${idPrefix}-tasks`} />
        <p className="text-xs text-slate-600">{t('tableNote')}</p>
      </Section>
    </>
  );
}

export function MetricsScreen({ incidentId }: { incidentId: string }) {
  const t = useTranslations('metrics');
  const { data: m, error, isPending } = useIncidentMetrics(incidentId);
  const mayExport = authorizeReview(useActor(), 'Export') === null;
  const locale = useLocale();
  const timeZone = useBrowserTimeZone();
  return (
    <div className="flex min-h-0 flex-1 flex-col overflow-y-auto bg-slate-50">
      <ReviewNav incidentId={incidentId} />
      <div className="mx-auto w-full max-w-[1800px] space-y-6 p-4" data-testid="metrics-page">
        {isPending && <Spinner label={t('loading')} />}
        {error && (
          <div className="space-y-2">
            <p className="font-medium text-slate-900">{t('failed')}</p>
            <ErrorMessage error={toErrorLike(error)} reading />
          </div>
        )}
        {m && (
          <>
            <header className="flex flex-wrap items-end justify-between gap-2">
              <div>
                <h1 className="text-xl font-semibold text-slate-950">{t('heading', { title: m.title })}</h1>
                <AsOf metrics={m} />
              </div>
              {mayExport && (
                <a
                  href={exportHref.tasks(incidentId, locale, timeZone)}
                  download
                  data-testid="tasks-csv-link"
                  className="rounded border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-sky-900 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-sky-700"
                >
                  {t('downloadCsv')}
                </a>
              )}
            </header>
            <div className="rounded-lg border border-slate-200 bg-white p-4 space-y-6">
              <MetricsBody metrics={m} />
            </div>
          </>
        )}
      </div>
    </div>
  );
}
