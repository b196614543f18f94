'use client';

import { useTranslations } from 'next-intl';
import { memo, useMemo } from 'react';
import type { Principal } from '@/lib/domain/actor';
import { ErrorCode } from '@/lib/domain/errors';
import type { IncidentEvent } from '@/lib/domain/incident/events';
import type { IncidentState } from '@/lib/domain/incident/state';
import { BoardProvider, useBoard, type Board } from '@/components/board/board-context';
import { BoardHeader } from '@/components/board/board-header';
import { BoardUiProvider, READ_ONLY } from '@/components/board/board-ui';
import { Lanes } from '@/components/board/lanes';
import { MessagesPanel } from '@/components/board/messages-panel';
import { VirtualList } from '@/components/ui/virtual-list';
import { TimelineItem } from '@/components/timeline/timeline-item';
import { heldWhen } from '@/lib/domain/incident/event-kind';
import { isDimmed, type Dimming } from './replay-filters';

const NO_OUTBOX: Board['outbox'] = [];
const never = () => false;
const refuse: Board['run'] = async () => ({ ok: false, error: { code: ErrorCode.FORBIDDEN, message: 'Replay is read-only.' } });

/**
 * The board context of a past moment: the state at the chosen seq, `now` at that
 * moment (elapsed, overdue), and no commands (can() is false, so no buttons).
 */
export function useReplayBoard(state: IncidentState, events: IncidentEvent[], principal: Principal): Board {
  return useMemo(() => ({ state, events, principal, now: state.updatedAt, can: never, run: refuse, outbox: NO_OUTBOX }), [state, events, principal]);
}

/**
 * The live board's header and lanes, read-only, with the messages and the timeline up to
 * the moment. Memoised: while a moment's chunk loads, the page renders the slider and the
 * clock of the new moment, not the board of the old one again.
 */
export const ReplayBoard = memo(function ReplayBoard({ board, dim, omittedMessages }: { board: Board; dim: Dimming; omittedMessages: number }) {
  return (
    <BoardProvider value={board}>
      <BoardUiProvider value={READ_ONLY}>
        <div data-testid="replay-board" className="flex min-h-0 min-w-0 flex-1 flex-col">
          <BoardHeader />
          <div className="flex min-h-0 flex-1">
            <Lanes />
            <aside className="flex w-[340px] shrink-0 flex-col border-l border-slate-300 bg-white 2xl:w-[440px]">
              <MessagesPanel omitted={omittedMessages} />
              <ReplayTimeline dim={dim} />
            </aside>
          </div>
        </div>
      </BoardUiProvider>
    </BoardProvider>
  );
});

/** The latest events up to the moment, newest first; the moment itself marked, filtered ones dimmed. */
function ReplayTimeline({ dim }: { dim: Dimming }) {
  const t = useTranslations('replay');
  const { state, events } = useBoard();
  const list = useMemo(() => events.slice().reverse(), [events]);
  // Only while agencies are dimmed: the agencies that held reassigned tasks at their earlier events.
  const held = useMemo(() => (dim.agencies.size > 0 ? heldWhen(events) : undefined), [events, dim.agencies]);
  return (
    <section aria-label={t('timeline')} className="flex min-h-0 flex-1 flex-col">
      <h2 className="shrink-0 border-b border-slate-200 bg-slate-50 px-3 py-1.5 text-sm font-semibold">
        {t('timeline')} <span className="text-xs font-normal text-slate-600">{t('timelineCount', { count: list.length })}</span>
      </h2>
      <VirtualList
        items={list}
        itemKey={(ev) => ev.seq}
        estimate={56}
        aria-label={t('timeline')}
        data-testid="replay-timeline"
        className="flex-1 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-blue-600"
        empty={<li className="px-3 py-2 text-xs text-slate-600">{t('timelineEmpty')}</li>}
      >
        {(ev, slot) => <TimelineItem key={ev.seq} event={ev} current={ev.seq === state.seq} dimmed={isDimmed(ev, state, dim, held)} slot={slot} />}
      </VirtualList>
    </section>
  );
}
