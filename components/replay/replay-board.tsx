'use client';

import { useTranslations } from 'next-intl';
import { useMemo } from 'react';
import type { Principal } from '@/lib/domain/actor';
import { ErrorCode } from '@/lib/domain/errors';
import type { IncidentEvent } from '@/lib/domain/incident/events';
import type { IncidentState } from '@/lib/domain/incident/state';
import { BoardProvider, useBoard, type Board } from '@/components/board/board-context';
import { BoardHeader } from '@/components/board/board-header';
import { BoardUiProvider, READ_ONLY, type BoardUi } from '@/components/board/board-ui';
import { Lanes } from '@/components/board/lanes';
import { MessagesPanel } from '@/components/board/messages-panel';
import { TimelineItem } from '@/components/timeline/timeline-item';
import { isDimmed, type Dimming } from './replay-filters';

const READ_ONLY_UI: BoardUi = { ...READ_ONLY, finishedOnOpen: true };

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

/** The messages panel lists the newest this many at the moment (the state keeps more). */
export const PANEL_MESSAGES = 100;

/** The live board's header, lanes and messages, read-only, plus the timeline up to the moment. */
export function ReplayBoard({ board, dim, omittedMessages }: { board: Board; dim: Dimming; omittedMessages: number }) {
  // Only the newest messages in the panel: a long incident has tens of thousands, and laying
  // out each one on every slider move would cost more than the whole rest of the moment.
  const extra = Math.max(0, board.state.messages.length - PANEL_MESSAGES);
  const recent = useMemo(
    () => (extra > 0 ? { ...board, state: { ...board.state, messages: board.state.messages.slice(extra) } } : board),
    [board, extra],
  );
  return (
    <BoardProvider value={board}>
      <BoardUiProvider value={READ_ONLY_UI}>
        <div data-testid="replay-board" className="flex min-h-0 min-w-0 flex-1 flex-col">
          <BoardHeader />
          <div className="flex min-h-0 flex-1">
            <Lanes />
            <aside className="flex w-[340px] shrink-0 flex-col border-l border-slate-300 bg-white 2xl:w-[440px]">
              <BoardProvider value={recent}>
                <MessagesPanel />
              </BoardProvider>
              <OmittedNote count={omittedMessages + extra} />
              <ReplayTimeline dim={dim} />
            </aside>
          </div>
        </div>
      </BoardUiProvider>
    </BoardProvider>
  );
}

function OmittedNote({ count }: { count: number }) {
  const t = useTranslations('replay');
  if (count === 0) return null;
  return <p className="shrink-0 border-b border-slate-200 bg-slate-50 px-3 py-1 text-xs text-slate-600">{t('olderMessages', { count })}</p>;
}


/** The latest events up to the moment, newest first; the moment itself marked, filtered ones dimmed. */
function ReplayTimeline({ dim }: { dim: Dimming }) {
  const t = useTranslations('replay');
  const { state, events } = useBoard();
  const list = useMemo(() => events.slice().reverse(), [events]);
  return (
    <section aria-label={t('timeline')} className="flex min-h-0 flex-1 flex-col">
      <h2 className="shrink-0 border-b border-slate-200 bg-slate-50 px-3 py-1.5 text-sm font-semibold">
        {t('timeline')} <span className="text-xs font-normal text-slate-600">{t('timelineCount', { count: list.length })}</span>
      </h2>
      <ol data-testid="replay-timeline" tabIndex={0} aria-label={t('timeline')} className="min-h-0 flex-1 divide-y divide-slate-200 overflow-y-auto focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-blue-600">
        {list.length === 0 && <li className="px-3 py-2 text-xs text-slate-600">{t('timelineEmpty')}</li>}
        {list.map((ev) => (
          <TimelineItem key={ev.seq} event={ev} current={ev.seq === state.seq} dimmed={isDimmed(ev, state, dim)} />
        ))}
      </ol>
    </section>
  );
}
