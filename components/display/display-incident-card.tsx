'use client';

import { useTranslations } from 'next-intl';
import Link from 'next/link';
import type { IncidentSummary } from '@/lib/domain/incident/summary';
import { displayHref } from '@/lib/client/display-link';
import { formatElapsed } from '@/lib/i18n/elapsed';
import { KindBadge } from '@/components/incidents/kind-badge';
import { PhaseBadge } from '@/components/incidents/phase-badge';
import { SeverityBadge } from '@/components/incidents/severity-badge';
import { TaskCounts } from '@/components/incidents/task-counts';
import { useDisplayInfo } from './display-context';

/** Title, drill or real, severity, phase, elapsed time and task counts; opens the read-only board. */
export function DisplayIncidentCard({ incident, now }: { incident: IncidentSummary; now: number }) {
  const t = useTranslations();
  const { token, lang } = useDisplayInfo();
  return (
    <Link
      href={displayHref({ token, lang, incidentId: incident.id })}
      data-testid="display-incident"
      data-incident-id={incident.id}
      data-kind={incident.kind}
      className="block rounded-md border border-slate-300 bg-white p-4 shadow-sm hover:border-blue-600 focus-visible:outline-2 focus-visible:outline-blue-600"
    >
      <div className="flex items-start gap-3">
        <KindBadge kind={incident.kind} size="lg" />
        <h2 className="line-clamp-2 min-w-0 flex-1 text-xl leading-snug font-bold break-words text-slate-950">{incident.title}</h2>
        <span className="shrink-0 rounded bg-slate-900 px-2 py-0.5 font-mono text-lg font-bold text-white tabular-nums">
          {t('common.elapsed', { elapsed: formatElapsed(incident.openedAt, now) })}
        </span>
      </div>
      <p className="mt-1 truncate text-sm text-slate-600">{incident.location || t('common.noLocation')}</p>
      <div className="mt-3 flex items-center gap-2">
        <SeverityBadge severity={incident.severity} size="lg" />
        <PhaseBadge phase={incident.phase} size="lg" />
        <span className="ml-auto text-sm">
          <TaskCounts tasks={incident.tasks} />
        </span>
      </div>
    </Link>
  );
}
