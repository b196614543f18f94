'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { useMemo, type ReactNode } from 'react';
import { AgencyChip } from '@/components/incidents/agency-chip';
import { useAgencyDirectory } from '@/components/incidents/use-agency-directory';
import { duration, tPlus } from '@/components/metrics/format';
import { AsOf, MetricsBody, Section } from '@/components/metrics/metrics-screen';
import { MetricsTable, Moment } from '@/components/metrics/metrics-tables';
import { itemOverdue } from '@/components/review/findings/finding-helpers';
import { ReviewNav } from '@/components/review/review-nav';
import { cx } from '@/components/ui/cx';
import { ErrorMessage, toErrorLike } from '@/components/ui/error-message';
import { Spinner } from '@/components/ui/spinner';
import { useToday } from '@/components/ui/use-now';
import { OverdueMark } from '@/components/review/findings/overdue-mark';
import { useIncidentMetrics } from '@/lib/client/api/metrics';
import { useReviewLog } from '@/lib/client/api/review';
import { standingFindings } from '@/lib/domain/review';
import type { IncidentMetrics, KeyEvent } from '@/lib/domain/review/metrics';
import { colonOf, LOCALES, type AppLocale } from '@/lib/i18n/locales';
import { useClockFormat } from '@/lib/i18n/use-clock-format';
import type { Finding, FindingVerdict, ImprovementItem } from '@/lib/protocol/review';

const th = 'border-b border-slate-300 px-2 py-1.5 text-left align-bottom text-xs font-semibold text-slate-700';
const td = 'border-b border-slate-200 px-2 py-1 align-top text-sm print:py-0.5 print:text-xs';


/**
 * The after-action report page (issue #5): the incident's pages' tabs and the report's toolbar in
 * the person's own language, around the report itself (`children`: ReportArticle, in the
 * report's language, ?lang=). Prints on A4 (the report alone).
 */
export function ReportScreen({ incidentId, lang, viewerLang, children }: { incidentId: string; lang: AppLocale; viewerLang: AppLocale; children: ReactNode }) {
  const t = useTranslations('report');
  // The same query as the article's (one request, shared): while it loads, or if it fails, the
  // person is told in their own language; the article, in the report's, shows once it has figures.
  const { data, error, isPending } = useIncidentMetrics(incidentId);
  // A failed refetch of figures already shown leaves the report as it is (react-query keeps them).
  const failed = error !== null && data === undefined;
  return (
    <div className="report-page flex min-h-0 flex-1 flex-col overflow-y-auto bg-slate-100 print:block print:overflow-visible print:bg-white">
      <ReviewNav incidentId={incidentId} />
      <div className="print:hidden mx-auto flex w-full max-w-[210mm] flex-wrap items-center justify-between gap-2 px-2 pt-3">
        <LanguageChoice lang={lang} viewerLang={viewerLang} />
        <button
          type="button"
          onClick={() => window.print()}
          className="rounded bg-sky-800 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-700"
        >
          {t('print')}
        </button>
      </div>
      {(isPending || failed) && (
        <div className="mx-auto my-3 w-full max-w-[210mm] space-y-2 bg-white px-[12mm] py-[12mm] shadow print:hidden" data-testid="report-waiting">
          {isPending && <Spinner label={t('loading')} />}
          {failed && (
            <>
              <p className="font-medium">{t('failed')}</p>
              <ErrorMessage error={toErrorLike(error)} reading />
            </>
          )}
        </div>
      )}
      {children}
    </div>
  );
}

/** The report itself: summary, key events, metrics, findings and the plan, in the report's language (its own message provider). */
export function ReportArticle({ incidentId, lang }: { incidentId: string; lang: AppLocale }) {
  const { data: m } = useIncidentMetrics(incidentId);
  // Loading and failure are the page's, in the person's language (ReportScreen).
  if (!m) return null;
  return (
    <article
      lang={lang}
      data-testid="report"
      className="mx-auto my-3 w-full max-w-[210mm] space-y-6 bg-white px-[12mm] py-[12mm] shadow print:m-0 print:max-w-[186mm] print:p-0 print:shadow-none"
    >
      <ReportSummary metrics={m} />
      <KeyEvents metrics={m} />
      <MetricsBody metrics={m} idPrefix="r" paper />
      <Findings incidentId={incidentId} metrics={m} />
    </article>
  );
}

function LanguageChoice({ lang, viewerLang }: { lang: AppLocale; viewerLang: AppLocale }) {
  const t = useTranslations('report');
  const names = useTranslations('locale.name');
  const colon = colonOf(useLocale()).trim();
  const pathname = usePathname();
  return (
    <nav aria-label={t('language')} className="flex items-center gap-2 text-sm">
      <span className="text-slate-700">{t('language')}{colon}</span>
      {LOCALES.map((l) => (
        <Link
          key={l}
          href={`${pathname}?lang=${l}`}
          lang={l}
          aria-current={l === lang ? 'true' : undefined}
          data-testid={`report-lang-${l}`}
          className={cx(
            'rounded border px-2 py-0.5',
            l === lang ? 'border-sky-800 bg-sky-800 text-white' : 'border-slate-300 bg-white text-slate-800 hover:bg-slate-50',
          )}
        >
          {names(l)}
          {/* In the person's language, not the link's. */}
          {l === viewerLang && <span lang={viewerLang}>{` · ${t('yourLanguage')}`}</span>}
        </Link>
      ))}
    </nav>
  );
}

/** The report's header: what, where, when (with the zone its clock times are in), who, how much. */
export function ReportSummary({ metrics: m }: { metrics: IncidentMetrics }) {
  const t = useTranslations('report');
  const k = useTranslations('kind');
  const sc = useTranslations('scenario');
  const sv = useTranslations('severity');
  const ph = useTranslations('phase');
  const clock = useClockFormat();
  const participating = m.agencies.filter((a) => a.participating);
  // The zone the report's clock times are in (the formatter's own), at the opening and, if it moved (summer time), at the end.
  const zoneFrom = clock.zone(m.openedAt);
  const zoneTo = clock.zone(m.end);
  const row = (label: string, value: React.ReactNode) => (
    <div className="grid grid-cols-[9rem_1fr] gap-2 border-b border-slate-100 py-1 text-sm">
      <dt className="text-slate-600">{label}</dt>
      <dd className="m-0 text-slate-900">{value}</dd>
    </div>
  );
  return (
    <section aria-labelledby="report-title" className="space-y-3">
      <p className="text-xs font-semibold tracking-wide text-slate-600 uppercase">{t('kicker')}</p>
      <h1 id="report-title" className="text-2xl font-semibold text-slate-950">
        {m.title}
      </h1>
      <AsOf metrics={m} />
      <dl className="m-0" data-testid="report-summary">
        {row(t('kind'), <span className="font-semibold">{k(m.kind)}</span>)}
        {row(t('scenario'), sc(m.scenario))}
        {row(t('severity'), sv('full', { level: m.severity, name: sv(`name.${m.severity}`) }))}
        {row(t('phase'), ph(m.phase))}
        {m.location && row(t('location'), m.location)}
        {row(
          t('span'),
          <>
            {t('spanValue', { from: clock.stamp(m.openedAt), to: clock.stamp(m.end), duration: duration(m.span) })}
          </>,
        )}
        {row(
          t('timeZone'),
          <span data-testid="report-zone">{zoneFrom === zoneTo ? zoneFrom : t('timeZoneChange', { from: zoneFrom, to: zoneTo })}</span>,
        )}
        {row(
          t('agencies'),
          <span className="flex flex-wrap gap-1">
            {participating.map((a) => (
              <AgencyChip key={a.agency} code={a.agency} />
            ))}
          </span>,
        )}
        {row(t('counts'), t('countsValue', { ...m.counts }))}
      </dl>
    </section>
  );
}

function KeyEventText({ e }: { e: KeyEvent }) {
  const t = useTranslations('report.keyEvent');
  const ph = useTranslations('phase');
  const sv = useTranslations('severity');
  const agencies = useAgencyDirectory();
  switch (e.kind) {
    case 'phase':
      return <>{t('phase', { phase: ph(e.phase) })}</>;
    case 'severity':
      return (
        <>
          {t('severity', { severity: sv('full', { level: e.to, name: sv(`name.${e.to}`) }) })}
          {e.reason ? ` — ${e.reason}` : ''}
        </>
      );
    case 'alert':
      return (
        <>
          <span className="font-semibold text-red-800">{t('alert', { who: e.agency ? agencies.name(e.agency) : e.by })}</span> {e.text}
        </>
      );
    case 'arrived':
      return <>{t('arrived', { agency: agencies.name(e.agency) })}</>;
    case 'blocked':
      return (
        <>
          {t('blocked', { agency: agencies.name(e.agency), title: e.title })}
          {e.reason ? ` — ${e.reason}` : ''}
        </>
      );
    case 'overdue':
      return <>{t('overdue', { agency: agencies.name(e.agency), title: e.title })}</>;
  }
}

function KeyEvents({ metrics: m }: { metrics: IncidentMetrics }) {
  const t = useTranslations('report');
  return (
    <Section title={t('keyEventsTitle')} id="r-key" className="space-y-2">
      <p className="text-xs text-slate-600">{t('keyEventsHint')}</p>
      {m.keyEvents.length === 0 ? (
        <p className="text-sm text-slate-600">{t('noKeyEvents')}</p>
      ) : (
        <MetricsTable
          caption={t('keyEventsCaption')}
          testId="key-events"
          head={
            <>
              <th scope="col" className={th}>{t('when')}</th>
              <th scope="col" className={th}>{t('what')}</th>
            </>
          }
        >
          {m.keyEvents.map((e, i) => (
            <tr key={i} data-kind={e.kind} className="break-inside-avoid">
              <td className={cx(td, 'w-44 whitespace-nowrap tabular-nums')}>
                <Moment at={e.at} openedAt={m.openedAt} />
              </td>
              <td className={td}>
                <KeyEventText e={e} />
              </td>
            </tr>
          ))}
        </MetricsTable>
      )}
      {m.keyEventsLeftOut > 0 && <p className="text-xs text-slate-600">{t('keyEventsLeftOut', { count: m.keyEventsLeftOut })}</p>}
    </Section>
  );
}

function FindingRef({ f, metrics: m }: { f: Finding; metrics: IncidentMetrics }) {
  const t = useTranslations('report');
  const agencies = useAgencyDirectory();
  const ref = f.ref;
  if (!ref) return null;
  if (ref.kind === 'agency') return <>{t('refAgency', { agency: agencies.name(ref.agency) })}</>;
  if (ref.kind === 'task') {
    const task = m.tasks.find((x) => x.taskId === ref.taskId);
    return <>{t('refTask', { title: task?.title ?? ref.taskId })}</>;
  }
  return <>{t('refMessage')}</>;
}

function Findings({ incidentId, metrics: m }: { incidentId: string; metrics: IncidentMetrics }) {
  const t = useTranslations('report');
  const { data, error, isPending } = useReviewLog(incidentId);
  // Today in this browser's time zone, as the findings page's plan has it (one clock for every row):
  // a printed report marks the items overdue on the day it is printed, and says which day that is.
  const today = useToday();
  const groups: FindingVerdict[] = ['strength', 'improvement'];
  // Withdrawn findings no longer stand: left out (counted below); amended ones in their current wording (SPEC REV3).
  const standing = useMemo(() => (data ? standingFindings(data.findings) : []), [data]);
  const leftOut = (data?.findings.length ?? 0) - standing.length;
  return (
    <>
      <Section title={t('findingsTitle')} id="r-findings" className="space-y-3">
        {isPending && <Spinner label={t('reviewLoading')} />}
        {error && (
          <div className="space-y-2" data-testid="review-error">
            <p className="text-sm font-medium text-slate-900">{t('reviewFailed')}</p>
            <ErrorMessage error={toErrorLike(error)} reading />
          </div>
        )}
        {data &&
          groups.map((g) => {
            const list = standing.filter((f) => f.verdict === g);
            return (
              <div key={g} className="space-y-1" data-testid={`findings-${g}`}>
                <h3 className="text-sm font-semibold text-slate-800">{t(g === 'strength' ? 'strengths' : 'improvements')}</h3>
                {list.length === 0 ? (
                  <p className="text-sm text-slate-600">{t('noFindings')}</p>
                ) : (
                  <ul className="m-0 list-none space-y-2 p-0">
                    {list.map((f) => (
                      <li key={f.id} className="break-inside-avoid border-l-4 border-slate-300 pl-3 text-sm">
                        <p className="m-0 text-xs text-slate-600">
                          <Moment at={f.atTs} openedAt={m.openedAt} /> · {f.author.name}
                          {f.amended && (
                            <span data-testid="report-finding-amended">
                              {' · '}
                              {t('findingAmended', { name: f.amended.by.name })}
                            </span>
                          )}
                          {f.ref && (
                            <>
                              {' · '}
                              <FindingRef f={f} metrics={m} />
                            </>
                          )}
                        </p>
                        <p className="m-0 whitespace-pre-wrap text-slate-900">{f.text}</p>
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            );
          })}
        {leftOut > 0 && (
          <p className="text-xs text-slate-600" data-testid="findings-withdrawn-left-out">
            {t('findingsWithdrawnLeftOut', { count: leftOut })}
          </p>
        )}
      </Section>
      <Section title={t('planTitle')} id="r-plan" className="space-y-2 break-inside-avoid">
        {error && <p className="text-sm text-slate-600">{t('reviewFailedShort')}</p>}
        {data &&
          (data.improvements.length === 0 ? (
            <p className="text-sm text-slate-600">{t('noPlan')}</p>
          ) : (
            <ReportPlan items={data.improvements} today={today} />
          ))}
      </Section>
      {/* Kept with what comes before it: a printed report does not end on a page that holds only this line. */}
      <p className="text-xs text-slate-500 print:break-before-avoid" data-testid="report-footer">
        {t('footer', { id: incidentId, at: tPlus(m.span) })}
      </p>
    </>
  );
}

/**
 * The report's improvement plan: one row per item, in the order added. An item not done and past its
 * due day (`today`, YYYY-MM-DD: `itemOverdue`, the findings page's rule) is marked overdue in words,
 * not colour alone (reports are printed in black and white), and the note under the table says on
 * which day the marks were made.
 */
export function ReportPlan({ items, today }: { items: ImprovementItem[]; today: string }) {
  const t = useTranslations('report');
  const st = useTranslations('report.planStatus');
  const anyOverdue = items.some((i) => itemOverdue(i, today));
  return (
    <>
      <MetricsTable
        caption={t('planCaption')}
        testId="plan-table"
        head={
          <>
            <th scope="col" className={th}>{t('action')}</th>
            <th scope="col" className={th}>{t('owner')}</th>
            <th scope="col" className={th}>{t('dueDate')}</th>
            <th scope="col" className={th}>{t('planStatusHead')}</th>
          </>
        }
      >
        {items.map((i) => {
          const overdue = itemOverdue(i, today);
          return (
            <tr key={i.id} data-testid="plan-row" data-item-id={i.id} data-status={i.status} data-overdue={overdue || undefined} className="break-inside-avoid">
              <td className={td}>{i.action}</td>
              <td className={td}>
                <AgencyChip code={i.agency} />
              </td>
              <td className={cx(td, 'tabular-nums')}>
                <span className="whitespace-nowrap">{i.dueDate}</span>
                {overdue && (
                  <>
                    {' '}
                    <OverdueMark />
                  </>
                )}
              </td>
              <td className={td}>{st(i.status)}</td>
            </tr>
          );
        })}
      </MetricsTable>
      {anyOverdue && (
        <p className="text-xs text-slate-600" data-testid="plan-overdue-as-of">
          {t('planOverdueAsOf', { today })}
        </p>
      )}
    </>
  );
}
