'use client';

import { useTranslations } from 'next-intl';
import type { IncidentEvent } from '@/lib/domain/incident/events';
import { formatElapsed } from '@/lib/i18n/elapsed';
import { useClockFormat } from '@/lib/i18n/use-clock-format';
import { useBoard } from '@/components/board/board-context';
import { useAgencyDirectory } from '@/components/incidents/use-agency-directory';
import { cx } from '@/components/ui/cx';
import type { VirtualSlot } from '@/components/ui/virtual-list';
import { EventDescription } from './event-description';
import { kindOf } from '@/lib/domain/incident/event-kind';

/** Time, T+, the actor's agency (colour and short name) and name, then what changed. */
export function TimelineItem({ event, dimmed = false, current = false, slot }: { event: IncidentEvent; dimmed?: boolean; current?: boolean; slot?: VirtualSlot }) {
  const t = useTranslations();
  const { state } = useBoard();
  const clock = useClockFormat();
  const agencies = useAgencyDirectory();
  const alert = event.type === 'MessagePosted' && event.payload.alert;
  const agency = event.actor.agency;
  return (
    <li
      {...slot}
      data-testid="timeline-item"
      data-seq={event.seq}
      data-type={event.type}
      data-kind={kindOf(event)}
      data-dimmed={dimmed || undefined}
      aria-current={current ? 'time' : undefined}
      className={cx('border-l-4 px-3 py-1.5 text-sm', alert && 'bg-red-50', dimmed && 'opacity-30', current && 'bg-blue-50 ring-2 ring-blue-700 ring-inset')}
      style={{ ...slot?.style, borderLeftColor: agency ? agencies.color(agency) : '#cbd5e1' }}
    >
      <div className="flex items-center gap-1.5 text-xs text-slate-600">
        <time dateTime={new Date(event.ts).toISOString()} className="tabular-nums">{clock.time(event.ts)}</time>
        <span className="font-semibold text-slate-800 tabular-nums">{t('common.elapsed', { elapsed: formatElapsed(state.openedAt, event.ts) })}</span>
        <span className="min-w-0 truncate">
          {agency && <span className="font-semibold text-slate-800">{agencies.short(agency)} </span>}
          {event.actor.name}
          {!agency && <span> · {t(`roles.${event.actor.role}`)}</span>}
        </span>
      </div>
      <EventDescription event={event} />
    </li>
  );
}
