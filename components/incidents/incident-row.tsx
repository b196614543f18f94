'use client';

import { useTranslations } from 'next-intl';
import Link from 'next/link';
import type { IncidentSummary } from '@/lib/domain/incident/summary';
import { formatElapsed } from '@/lib/i18n/elapsed';
import { useClockFormat } from '@/lib/i18n/use-clock-format';
import { useColon } from '@/lib/i18n/use-colon';
import { cx } from '@/components/ui/cx';
import { AgencyChip } from './agency-chip';
import { KindBadge } from './kind-badge';
import { PhaseBadge } from './phase-badge';
import { SeverityBadge } from './severity-badge';
import { TaskCounts } from './task-counts';

export const ROW_GRID =
  'grid grid-cols-[8.5rem_minmax(0,2fr)_7.5rem_8.5rem_6rem_minmax(0,1.6fr)_9rem_8rem] items-center gap-3 px-4';

export function IncidentRow({ incident, now }: { incident: IncidentSummary; now: number }) {
  const t = useTranslations();
  const clock = useClockFormat();
  const closed = incident.phase === 'closed';
  return (
    <Link
      href={`/incidents/${incident.id}`}
      data-testid="incident-row"
      data-incident-id={incident.id}
      data-kind={incident.kind}
      className={cx(ROW_GRID, 'py-2.5 hover:bg-blue-50 focus-visible:bg-blue-50 focus-visible:outline-2 focus-visible:outline-blue-600', closed && 'text-slate-600')}
    >
      <span>
        <KindBadge kind={incident.kind} />
      </span>
      <span className="min-w-0">
        {/* Two lines before the title is cut, and the whole of it on hover: two drills' titles often differ only at the end. */}
        <span className="line-clamp-2 font-semibold break-words text-slate-900" title={incident.title} data-testid="incident-row-title">
          {incident.title}
        </span>
        <span className="block truncate text-xs text-slate-600" title={incident.location || undefined}>
          {incident.location || t('common.noLocation')}
        </span>
      </span>
      <span className="text-sm">
        <ColumnName name={t('incidents.columns.scenario')} />
        {t(`scenario.${incident.scenario}`)}
      </span>
      <span>
        <ColumnName name={t('incidents.columns.severity')} />
        <SeverityBadge severity={incident.severity} />
      </span>
      <span>
        <ColumnName name={t('incidents.columns.phase')} />
        <PhaseBadge phase={incident.phase} />
      </span>
      <span className="flex min-w-0 flex-wrap gap-1">
        <ColumnName name={t('incidents.columns.agencies')} />
        {incident.agencies.map((code) => (
          <AgencyChip key={code} code={code} display="short" />
        ))}
      </span>
      <span>
        <ColumnName name={t('incidents.columns.tasks')} />
        <TaskCounts tasks={incident.tasks} />
      </span>
      <span className="text-xs leading-tight tabular-nums">
        <ColumnName name={t('incidents.columns.opened')} />
        <span className="block">{clock.dateTime(incident.openedAt)}</span>
        <span className="block font-semibold">
          {closed && incident.closedAt
            ? t('incidents.closedAt', { time: clock.dateTime(incident.closedAt) })
            : t('common.elapsed', { elapsed: formatElapsed(incident.openedAt, now) })}
        </span>
      </span>
    </Link>
  );
}

/**
 * A column's name, for a screen reader only: the row is one link, read as one run of text, and
 * the header row's names are not read with its cells ("Severity: III", not a bare "III").
 */
function ColumnName({ name }: { name: string }) {
  const colon = useColon();
  return (
    <span className="sr-only">
      {name}
      {colon}
    </span>
  );
}
