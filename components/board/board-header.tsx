'use client';

import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { formatElapsed } from '@/lib/i18n/elapsed';
import { useClockFormat } from '@/lib/i18n/use-clock-format';
import { KindBadge } from '@/components/incidents/kind-badge';
import { PhaseBadge } from '@/components/incidents/phase-badge';
import { SeverityBadge } from '@/components/incidents/severity-badge';
import { reviewHref } from '@/components/review/review-nav';
import { useBoard } from './board-context';
import { FOCUS_IDS, useBoardUi } from './board-ui';
import { CommanderControls } from './commander-controls';
import { PendingValue, useIncidentPending } from './outbox-items';

/** Row 1: what and how bad, elapsed (the connection's state is in the page's header). Row 2: where, since when, commander controls. */
export function BoardHeader() {
  const t = useTranslations();
  const { state, now } = useBoard();
  const { interactive } = useBoardUi();
  const clock = useClockFormat();
  // The person's changes of the incident still in the outbox, after the server's values (SPEC SYNC4).
  const pending = useIncidentPending();
  const end = state.closedAt ?? now;
  return (
    <div className="shrink-0 border-b border-slate-300 bg-white px-4 py-1.5">
      <div className="flex items-center gap-2.5">
        <KindBadge kind={state.kind} size="lg" />
        {/* A second line before it is cut: on a tablet in portrait a bilingual title does not fit on one. */}
        <h1 id={FOCUS_IDS.title} tabIndex={-1} data-testid="incident-title" className="line-clamp-2 min-w-0 text-lg leading-snug font-bold break-words focus:outline-none" title={state.title}>
          {state.title}
        </h1>
        {pending.incidentEdit && <PendingValue label={t('outbox.kind.UpdateIncident')} value="true" testId="incident-edit-pending" />}
        <SeverityBadge severity={state.severity} size="lg" />
        {pending.severity && (
          <PendingValue label={t('severity.full', { level: pending.severity, name: t(`severity.name.${pending.severity}`) })} value={pending.severity} testId="severity-pending" />
        )}
        <PhaseBadge phase={state.phase} size="lg" />
        {pending.phase && <PendingValue label={t(`phase.${pending.phase}`)} value={pending.phase} testId="phase-pending" />}
        <span className="ml-auto" />
        <span data-testid="elapsed" title={t('board.elapsed')} className="rounded bg-slate-900 px-2 py-0.5 font-mono text-base font-bold text-white tabular-nums">
          {t('common.elapsed', { elapsed: formatElapsed(state.openedAt, end) })}
        </span>
      </div>
      <div className="mt-1 flex min-h-8 flex-wrap items-center gap-x-4 gap-y-1 text-sm">
        <span className="flex min-w-0 gap-1">
          <span className="shrink-0 text-slate-600">{t('board.location')}</span>
          <span className="truncate font-medium" title={state.location}>{state.location || t('common.noLocation')}</span>
        </span>
        <span className="flex shrink-0 gap-1">
          <span className="text-slate-600">{t('board.opened')}</span>
          <span className="font-medium tabular-nums">{clock.dateTime(state.openedAt)}</span>
          <span className="text-slate-600">{t('board.openedBy', { name: state.openedBy.name })}</span>
        </span>
        <span className="ml-auto" />
        {interactive && (
          <Link href={reviewHref(state.id, 'replay')} data-testid="board-review-link" className="shrink-0 text-sm font-medium text-blue-800 underline hover:text-blue-950 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600">
            {t('replay.openFromBoard')}
          </Link>
        )}
        <CommanderControls />
      </div>
    </div>
  );
}
