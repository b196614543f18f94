import { z } from 'zod';
import type { EventType, IncidentEvent } from '../domain/incident/events';
import type { IncidentState, Message, Task } from '../domain/incident/state';
import { queryInt } from './query';

/**
 * Replay of an incident (issue #5, SPEC REV1). The server keeps the state after
 * every `checkpointEvery` events of an incident (folded by applyEvents, the same
 * reducer as live), so the state at any seq S is one chunk away:
 * applyEvents(state at C, events C+1..S) with C = floor(S / K) * K.
 */

export const REPLAY_LIMITS = {
  /**
   * K: a checkpoint every K events. Measured (bench/replay.ts, docs/performance.md):
   * a chunk of 1000 events folds in ~1 ms in Chromium and ships in ~0.3 MB.
   */
  checkpointEvery: 1000,
  /** Incidents whose checkpoints one process keeps (least recently used goes first). */
  incidentsCached: 16,
  /**
   * Checkpoints no replay has read for this long are dropped (an observer following
   * the live end reads the index every few seconds): a live incident nobody replays
   * keeps none while it grows. Reopening reads the checkpoints stored beside the
   * log (SPEC REV6) and folds only the events after the newest.
   */
  keepIdleMs: 15 * 60_000,
  /**
   * A chunk's state carries at most this many of the newest messages at C, and the newest
   * alert if it is older (`keptMessages`; the rest are counted in `messagesOmitted`): message
   * history is what makes a late checkpoint large, and no view shows more than the latest few hundred.
   */
  chunkMessages: 500,
  /**
   * A moment's answer (the moment route) carries the newest this many messages (and the newest
   * alert: `keptMessages`) and events up to it: more than a 4K wall display shows of either, and a tenth of a chunk's bytes. The page
   * shows the moment from it while the moment's chunk (for the moves after) is on its way.
   */
  momentMessages: 100,
  momentEvents: 100,
} as const;

/**
 * GET /api/incidents/:id/replay/chunk?at=C: C is a checkpoint (a multiple of K, 0 … head),
 * or `head`: the checkpoint at or below the head, for a page that does not know the head yet.
 */
export const ReplayChunkQuery = z.strictObject({
  at: z.union([z.literal('head'), queryInt(0)]),
  /**
   * A checkpoint (a multiple of K, 0 < base ≤ head) whose state the client holds:
   * the chunk's state then carries only the tasks that differ from base's (`tasksFrom`).
   */
  base: queryInt(1).optional(),
});
export type ReplayChunkQuery = z.infer<typeof ReplayChunkQuery>;

/**
 * GET /api/incidents/:id/replay/moment?seq=S[&base=B]: the state after event S (0 < S ≤ head),
 * folded by the server from checkpoint C = checkpointOf(S) with the same reducer, and the newest
 * REPLAY_LIMITS.momentEvents events up to S; with `base` (a checkpoint the client holds), only
 * the tasks that differ from base's, as in a chunk.
 */
export const ReplayMomentQuery = z.strictObject({
  seq: queryInt(1),
  base: queryInt(1).optional(),
});
export type ReplayMomentQuery = z.infer<typeof ReplayMomentQuery>;

/**
 * GET /api/incidents/:id/replay[?from=N]: without `from`, the ticks of every event;
 * with it, only those after seq N (a page following a live incident asks for what
 * is new since the index it holds).
 */
export const ReplayIndexQuery = z.strictObject({
  from: queryInt(0).optional(),
});
export type ReplayIndexQuery = z.infer<typeof ReplayIndexQuery>;

/**
 * Compact, columnar ticks of the events from+1..headSeq (index i is seq from + i + 1):
 * `dt[i]` ms since the previous event (since firstTs for seq 1), `agency[i]` an index into
 * `agencies` (the actor's agency) or -1, `type[i]` an index into `types`.
 */
export interface ReplayTicks {
  agencies: string[];
  types: EventType[];
  dt: number[];
  agency: number[];
  type: number[];
}

export interface ReplayIndex {
  incidentId: string;
  headSeq: number;
  /**
   * The ticks are of events from+1 … headSeq (0: all of them). The first `dt` is then
   * from event `from`'s ts. `from` is at most headSeq.
   */
  from: number;
  checkpointEvery: number;
  firstTs: number;
  lastTs: number;
  ticks: ReplayTicks;
}

export interface ReplayChunk {
  incidentId: string;
  /** The checkpoint: the state after event `at` (null at 0: before IncidentOpened). */
  at: number;
  state: IncidentState | null;
  /** Messages left out of state.messages: all but the newest REPLAY_LIMITS.chunkMessages at `at` and the newest alert (`keptMessages`). */
  messagesOmitted: number;
  /** Events at+1 … at+K (fewer at the head). */
  events: IncidentEvent[];
  headSeq: number;
  /**
   * Asked with `base`: state.tasks holds only the tasks whose version differs from
   * checkpoint tasksFrom's; the whole map is `withBaseTasks` of it. Absent otherwise.
   */
  tasksFrom?: number;
}

/** The moment route's answer: what the page needs to show one moment, before its chunk is here. */
export interface ReplayMomentAnswer {
  incidentId: string;
  seq: number;
  /** The state after event `seq`, with only its newest REPLAY_LIMITS.momentMessages messages and its newest alert (`keptMessages`). */
  state: IncidentState;
  /** Messages older than those in state.messages. */
  messagesOmitted: number;
  /** The newest REPLAY_LIMITS.momentEvents events up to `seq` (fewer near the start), oldest first. */
  events: IncidentEvent[];
  headSeq: number;
  /** As in ReplayChunk: state.tasks holds only the tasks whose version differs from checkpoint tasksFrom's. */
  tasksFrom?: number;
}

/**
 * The tasks of the state at checkpoint C that a chunk based on checkpoint B carries
 * (SPEC REV1): those whose version differs from B's, or which B has not. Tasks are
 * never removed and `version` is the seq of a task's last change, so every other
 * task of C is B's own, unchanged. A late chunk's state is mostly finished tasks
 * that never change again: based on a later checkpoint, it carries a few dozen.
 */
export function tasksNotIn(tasks: Readonly<Record<string, Task>>, base: Readonly<Record<string, Task>>): Record<string, Task> {
  const out: Record<string, Task> = {};
  for (const id in tasks) if (base[id]?.version !== tasks[id].version) out[id] = tasks[id];
  return out;
}

/**
 * The whole task map at `at` (a checkpoint, or a moment's seq) from a based answer's tasks (`sent`, from
 * `tasksNotIn`) and checkpoint B's (`base`): B's tasks last changed at or before
 * `at` (the others were created or changed after it), overlaid by `sent`. The
 * order is the state's own, creation order: B's first, then those B has not.
 */
export function withBaseTasks(sent: Readonly<Record<string, Task>>, base: Readonly<Record<string, Task>>, at: number): Record<string, Task> {
  const out: Record<string, Task> = {};
  for (const id in base) {
    const t = sent[id] ?? base[id];
    if (sent[id] || t.version <= at) out[id] = t;
  }
  for (const id in sent) if (!(id in out)) out[id] = sent[id];
  return out;
}

/**
 * The messages a replay state keeps when it carries only the newest `keep` (a checkpoint's and a
 * chunk's: REPLAY_LIMITS.chunkMessages; a moment's answer: momentMessages; SPEC REV1). The one
 * trim: the server's checkpoints and moments (server/incidents/checkpoints.ts) and the chunks the
 * browser derives (lib/client/replay/engine.ts) all keep their messages by it.
 *
 * Kept: the newest `keep` messages and, before them, the newest alert when it is older than
 * those. That is all the views read of `state.messages`, so they show at a moment what live
 * showed then:
 * - the newest alert: the wall's alert banner (components/display/wall-incident.tsx) and the
 *   board's alert strip (components/board/alert-strip.tsx) show `findLast((m) => m.alert)`, and
 *   the messages tab marks whether there is any alert at all (components/board/board-panes.tsx);
 *   an alert posted 600 messages earlier was lost otherwise;
 * - the newest `keep` (more than the wall's 40): the message panels. The rest are only counted
 *   (messagesOmitted = messages.length minus the length of what is kept), so that a panel's
 *   count, kept plus omitted, is the whole.
 * No view reads anything else of older messages (no per-agency alert, no unread count); one that
 * does must be kept here too.
 *
 * Trimming again after more messages (a checkpoint folded on from the one before, a chunk derived
 * in the browser, a moment folded from its checkpoint, with the same or a smaller `keep`) keeps
 * the same as trimming the whole list: the newest alert is in every trimmed list.
 *
 * Returns `messages` itself when nothing is left out. Costs one scan back to the newest alert,
 * O(messages) at most, once per checkpoint or answer, never per move.
 */
export function keptMessages(messages: Message[], keep: number): Message[] {
  const extra = messages.length - keep;
  if (!(extra > 0)) return messages;
  const newest = messages.slice(extra);
  for (let i = messages.length - 1; i >= 0; i--) {
    if (!messages[i].alert) continue;
    if (i < extra) newest.unshift(messages[i]);
    break;
  }
  return newest;
}

/** The checkpoint at or below seq. */
export function checkpointOf(seq: number, every: number = REPLAY_LIMITS.checkpointEvery): number {
  return Math.floor(Math.max(0, seq) / every) * every;
}
