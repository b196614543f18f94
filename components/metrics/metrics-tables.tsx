'use client';

import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { AgencyChip } from '@/components/incidents/agency-chip';
import { useAgencyDirectory } from '@/components/incidents/use-agency-directory';
import { cx } from '@/components/ui/cx';
import { AGENCY_STATUSES } from '@/lib/domain/incident/vocabulary';
import type { DurationStats, IncidentMetrics } from '@/lib/domain/review/metrics';
import { useClockFormat } from '@/lib/i18n/use-clock-format';
import { duration, tPlus } from './format';
import { useColon } from '@/lib/i18n/use-colon';

/** A column's name is not broken inside a Chinese word ("超/时", "已完/成"); its sub-heading may wrap anywhere. */
const th = 'border-b border-slate-300 px-2 py-1.5 text-left align-bottom text-xs font-semibold text-slate-700 [word-break:keep-all] print:px-1';
const td = 'border-b border-slate-200 px-2 py-1 align-top text-sm tabular-nums print:px-1 print:text-xs';

/**
 * A metrics table. `keep`: a short table (one row per agency, phase or status change) is kept on
 * one printed page with its caption and header, not left as a caption and header at the foot of a
 * page with its rows on the next; a long one (the tasks) breaks between rows, its header repeated.
 */
export function MetricsTable({ id, caption, head, children, testId, keep = false }: { id?: string; caption: string; head: ReactNode; children: ReactNode; testId?: string; keep?: boolean }) {
  return (
    // Wide tables scroll sideways on narrow screens; the region takes focus so keyboards can scroll it.
    <div role="region" aria-label={caption} tabIndex={0} className={cx('overflow-x-auto focus-visible:outline-2 focus-visible:outline-sky-700 print:overflow-visible', keep && 'print:break-inside-avoid')}>
      <table id={id} data-testid={testId} className="w-full border-collapse text-slate-900">
        <caption className="pb-1 text-left text-xs text-slate-600">{caption}</caption>
        <thead className="print:table-header-group">
          <tr>{head}</tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/** "T+00:12 14:05:09": from the opening, then clock time. */
export function Moment({ at, openedAt, stack = false }: { at: number | null; openedAt: number; stack?: boolean }) {
  const clock = useClockFormat();
  if (at === null) return <span className="text-slate-400">–</span>;
  return (
    <span className="whitespace-nowrap tabular-nums">
      <span className="font-medium">{tPlus(at - openedAt)}</span>
      {stack ? <br /> : ' '}
      <span className="text-slate-500">{clock.time(at)}</span>
    </span>
  );
}

const stats = (s: DurationStats) => (s.n === 0 ? '–' : `${duration(s.median)} / ${duration(s.p90)} / ${duration(s.max)}`);
/** A sub-heading under a column's name. */
const sub = (text: string) => (
  <>
    <br />
    <span className="font-normal [word-break:normal]">{text}</span>
  </>
);

export function AgencyTable({ metrics: m, id }: { metrics: IncidentMetrics; id?: string }) {
  const t = useTranslations('metrics');
  return (
    <MetricsTable
      id={id}
      testId="agency-table"
      keep
      caption={t('agenciesCaption')}
      head={
        <>
          <th scope="col" className={th}>{t('agency')}</th>
          <th scope="col" className={th}>
            {t('tasks')}
            {sub(t('doneCancelledActive'))}
          </th>
          <th scope="col" className={th}>
            {t('acknowledged')}
            {sub(t('ofReceived'))}
          </th>
          <th scope="col" className={th}>
            {t('acknowledge')}
            {sub(t('medianP90Max'))}
          </th>
          <th scope="col" className={th}>
            {t('completed')}
            {sub(t('completedHint'))}
          </th>
          <th scope="col" className={th}>
            {t('complete')}
            {sub(t('medianP90Max'))}
          </th>
          <th scope="col" className={th}>{t('overdue')}</th>
          <th scope="col" className={th}>{t('messagesSent')}</th>
        </>
      }
    >
      {m.agencies.map((a) => (
        <tr key={a.agency} data-agency={a.agency} className="break-inside-avoid">
          <th scope="row" className={cx(td, 'text-left font-normal')}>
            <AgencyChip code={a.agency} />
          </th>
          <td className={td}>
            <span className="font-semibold">{a.tasks}</span>{' '}
            <span className="text-slate-600">
              ({a.done} / {a.cancelled} / {a.active})
            </span>
          </td>
          {/* How many of the tasks it received open it acknowledged while holding them: the rest it never did. */}
          <td
            className={cx(td, 'whitespace-nowrap', a.acknowledge.n < a.acknowledge.received && 'font-semibold text-red-800')}
            data-testid="ack-count"
          >
            {a.acknowledge.received === 0 ? '–' : t('ackCount', { n: a.acknowledge.n, received: a.acknowledge.received })}
          </td>
          <td className={td} data-testid="ack-stats">{stats(a.acknowledge)}</td>
          <td className={cx(td, 'whitespace-nowrap')} data-testid="complete-count">
            {t('completeCount', { n: a.complete.n })}
          </td>
          <td className={td} data-testid="complete-stats">{stats(a.complete)}</td>
          <td className={cx(td, a.overdue > 0 && 'font-semibold text-red-800')}>{a.overdue}</td>
          <td className={td}>
            {a.messagesSent} ({a.alertsSent})
          </td>
        </tr>
      ))}
    </MetricsTable>
  );
}

export function AgencyStatusTable({ metrics: m }: { metrics: IncidentMetrics }) {
  const t = useTranslations('metrics');
  const s = useTranslations('agencyStatus');
  return (
    <MetricsTable
      caption={t('arrivalCaption')}
      testId="agency-status-table"
      keep
      head={
        <>
          <th scope="col" className={th}>{t('agency')}</th>
          {AGENCY_STATUSES.map((st) => (
            <th key={st} scope="col" className={th}>{s(st)}</th>
          ))}
          <th scope="col" className={th}>{t('notifiedToEnRoute')}</th>
          <th scope="col" className={th}>{t('enRouteToOnScene')}</th>
          <th scope="col" className={th}>{t('onSceneToStandingDown')}</th>
        </>
      }
    >
      {m.agencies.map((a) => (
        <tr key={a.agency} className="break-inside-avoid">
          <th scope="row" className={cx(td, 'text-left font-normal')}>
            <AgencyChip code={a.agency} />
          </th>
          {AGENCY_STATUSES.map((st) => (
            <td key={st} className={td} data-status={st}>
              <Moment at={a.firstStatus[st] === null ? null : m.openedAt + a.firstStatus[st]!} openedAt={m.openedAt} stack />
              {/* No one set "notified": the time it was brought into the incident (SPEC REV2). */}
              {st === 'notified' && a.notifiedOn === 'added' && <span className="block text-xs text-slate-600">{t('notifiedOnAdded')}</span>}
            </td>
          ))}
          <td className={td}>{duration(a.notifiedToEnRoute)}</td>
          <td className={td}>{duration(a.enRouteToOnScene)}</td>
          <td className={td}>{duration(a.onSceneToStandingDown)}</td>
        </tr>
      ))}
    </MetricsTable>
  );
}

export function PhaseTable({ metrics: m }: { metrics: IncidentMetrics }) {
  const t = useTranslations('metrics');
  const p = useTranslations('phase');
  const sv = useTranslations('severity');
  const colon = useColon();
  const rows = [
    ...m.phases.map((x) => ({ at: x.at, what: <>{t('phase')}{colon}<b>{p(x.phase)}</b></>, reason: null as string | null })),
    ...m.severities.map((x) => ({ at: x.at, what: <>{t('severity')}{colon}<b>{sv('full', { level: x.to, name: sv(`name.${x.to}`) })}</b></>, reason: x.reason })),
  ].sort((a, b) => a.at - b.at);
  return (
    <MetricsTable
      caption={t('phasesCaption')}
      testId="phase-table"
      keep
      head={
        <>
          <th scope="col" className={th}>{t('entered')}</th>
          <th scope="col" className={th}>{t('phase')} / {t('severity')}</th>
          <th scope="col" className={th}>{t('reason')}</th>
        </>
      }
    >
      {rows.map((r, i) => (
        <tr key={i} className="break-inside-avoid">
          <td className={td}>
            <Moment at={r.at} openedAt={m.openedAt} />
          </td>
          <td className={td}>{r.what}</td>
          <td className={td}>{r.reason ?? ''}</td>
        </tr>
      ))}
    </MetricsTable>
  );
}

export function TaskTable({ metrics: m, id }: { metrics: IncidentMetrics; id?: string }) {
  const t = useTranslations('metrics');
  const ts = useTranslations('taskStatus');
  const agencies = useAgencyDirectory();
  if (m.tasks.length === 0) return <p className="text-sm text-slate-600">{t('noTasks')}</p>;
  return (
    <MetricsTable
      id={id}
      testId="task-table"
      caption={t('tasksCaption')}
      head={
        <>
          <th scope="col" className={th}>{t('task')}</th>
          <th scope="col" className={th}>{t('agency')}</th>
          <th scope="col" className={th}>{t('status')}</th>
          <th scope="col" className={th}>{t('created')}</th>
          <th scope="col" className={th}>{t('toAcknowledge')}</th>
          <th scope="col" className={th}>{t('toInProgress')}</th>
          <th scope="col" className={th}>{t('toEnd')}</th>
          <th scope="col" className={th}>{t('blocked')}</th>
          <th scope="col" className={th}>{t('due')}</th>
          <th scope="col" className={th}>{t('overdueBy')}</th>
        </>
      }
    >
      {m.tasks.map((x) => (
        <tr key={x.taskId} data-task-id={x.taskId} className="break-inside-avoid">
          <th scope="row" className={cx(td, 'max-w-72 text-left font-normal')}>
            {x.title}
          </th>
          <td className={td}>
            <AgencyChip code={x.agency} display="short" />
            {/* Every handover, with when: who held the task while it waited is part of the review. */}
            {x.holders.slice(1).map((h, i) => (
              <span key={i} className="block whitespace-nowrap text-xs text-slate-600" data-testid="task-handover">
                {t('handover', { from: agencies.name(x.holders[i].agency), to: agencies.name(h.agency), at: tPlus(h.from - m.openedAt) })}
              </span>
            ))}
          </td>
          <td className={cx(td, 'whitespace-nowrap')}>{ts(x.status)}</td>
          <td className={td}>
            <Moment at={x.createdAt} openedAt={m.openedAt} stack />
          </td>
          <td className={td}>{duration(x.toAcknowledge)}</td>
          <td className={td}>{duration(x.toInProgress)}</td>
          <td className={td}>{duration(x.toEnd)}</td>
          <td className={td}>{x.blocked > 0 ? duration(x.blocked) : '–'}</td>
          <td className={td}>
            <Moment at={x.dueAt} openedAt={m.openedAt} stack />
          </td>
          <td className={cx(td, x.overdue && 'font-semibold text-red-800')}>{x.overdue ? duration(x.overdueBy) : '–'}</td>
        </tr>
      ))}
    </MetricsTable>
  );
}
