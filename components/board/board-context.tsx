'use client';

import { createContext, useContext, useMemo, type ReactNode } from 'react';
import type { Principal } from '@/lib/domain/actor';
import type { IncidentCommand, IncidentCommandInput } from '@/lib/domain/incident/commands';
import type { IncidentEvent } from '@/lib/domain/incident/events';
import type { IncidentState } from '@/lib/domain/incident/state';
import { boardPending, type BoardPending } from '@/lib/client/incident-pending';
import type { OutboxEntry } from '@/lib/client/outbox-queue';
import type { Ack } from '@/lib/protocol/ack';
import type { CommandResult } from '@/lib/protocol/socket';

export interface RunOptions {
  /** The caller shows errors itself (dialogs do, inline). */
  quiet?: boolean;
  /**
   * With `quiet`: whether the caller is still there to show a refusal (a dialog still open).
   * Unless it says so, a refused change stays in the outbox for the person to decide (SPEC SYNC4).
   */
  shown?: () => boolean;
  /**
   * Called at most once: when the command is in the outbox, in its place in the order (Outbox.submit's
   * `stored`); without an outbox, once it is answered; never when it could not be sent at all.
   */
  stored?: () => void;
}

export interface Board {
  state: IncidentState;
  events: IncidentEvent[];
  /** Who looks at the board: a signed-in account, or a wall screen (which may do nothing). */
  principal: Principal;
  /** Ticks every 15 s: elapsed time and overdue marks. */
  now: number;
  /** May this person run this command now? (authorize() and not closed) */
  can: (cmd: IncidentCommand) => boolean;
  /** Sends through the outbox: an ack, or `queued` (offline or slow; shown as pending). */
  run: (cmd: IncidentCommandInput, opts?: RunOptions) => Promise<Ack<CommandResult & { queued?: true }>>;
  /** This incident's outbox entries: pending changes and refused ones awaiting a decision. */
  outbox: readonly OutboxEntry[];
}

const BoardContext = createContext<Board | null>(null);
const BoardPendingContext = createContext<BoardPending | null>(null);

/**
 * A board's context, and what its outbox shows as pending (SPEC SYNC4), worked out here once per
 * board when the outbox changes: every task card, lane and menu reads its part (outbox-items).
 * A replay's board has no outbox, so nothing on it is pending.
 */
export function BoardProvider({ value, children }: { value: Board; children?: ReactNode }) {
  const { outbox } = value;
  const incidentId = value.state.id;
  const pending = useMemo(() => boardPending(outbox, incidentId), [outbox, incidentId]);
  return (
    <BoardContext.Provider value={value}>
      <BoardPendingContext.Provider value={pending}>{children}</BoardPendingContext.Provider>
    </BoardContext.Provider>
  );
}

export function useBoard(): Board {
  const board = useContext(BoardContext);
  if (!board) throw new Error('useBoard outside an incident board');
  return board;
}

/** What the board's outbox shows as pending: use it through outbox-items (useIncidentPending, usePendingForTask). */
export function useBoardPending(): BoardPending {
  const pending = useContext(BoardPendingContext);
  if (!pending) throw new Error('useBoardPending outside an incident board');
  return pending;
}
