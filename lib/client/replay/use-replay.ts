'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { startTransition, useCallback, useEffect, useMemo, useReducer, useRef } from 'react';
import { flushSync } from 'react-dom';
import type { IncidentEvent } from '../../domain/incident/events';
import type { IncidentState } from '../../domain/incident/state';
import { checkpointOf, REPLAY_LIMITS, type ReplayIndex } from '../../protocol/replay';
import { extendReplayIndex, getEventsPage, getReplayIndex, getReplayMoment } from '../api/replay';
import { loadChunk, prefetchHead, readHeadNow } from './early';
import { queryKeys } from '../query-keys';
import { ReplayEngine } from './engine';
import { markReplay } from './marks';
import { decodeTicks, type Ticks } from './ticks';

/**
 * How many events up to the moment the replay timeline lists (from the chunks held:
 * the moment's and the one before); only those in view are laid out.
 */
export const TIMELINE_EVENTS = 1000;

/**
 * The index (ticks) of an incident's replay; refreshed while following a live
 * incident, asking only for the events after the head it holds.
 */
export function useReplayIndex(incidentId: string, followLive: boolean) {
  const client = useQueryClient();
  const key = queryKeys.incidents.replayIndex(incidentId);
  return useQuery({
    queryKey: key,
    queryFn: async () => {
      const held = client.getQueryData<ReplayIndex>(key);
      if (held) {
        const more = extendReplayIndex(held, await getReplayIndex(incidentId, held.headSeq));
        if (more) return more;
      }
      const index = await getReplayIndex(incidentId);
      prefetchHead(index);
      return index;
    },
    refetchInterval: followLive ? 3000 : false,
    staleTime: followLive ? 0 : 60_000,
  });
}

export interface ReplayMoment {
  /** The seq whose state is shown (lags the asked seq while its chunk loads). */
  seq: number;
  state: IncidentState | null;
  /** The latest events up to the moment, oldest first. */
  events: IncidentEvent[];
  messagesOmitted: number;
  loading: boolean;
  /** Shown from the moment route while its chunk is not held: the messages and events are the newest few. */
  partial?: boolean;
  error: unknown;
}

/**
 * The state at `seq` (SPEC REV1): from the engine's cached chunk when it is there
 * (synchronously, so a slider move renders in the same frame), else the last
 * shown moment while the chunk loads. With it, `ask(seq)`: the chunk of a moment about to be
 * asked for is requested at once, in the person's event, before the page renders the wait (the
 * render's effect then takes that request rather than asking again).
 */
export function useReplayMoment(
  incidentId: string,
  every: number | undefined,
  headSeq: number,
  seq: number,
): [ReplayMoment, (seq: number) => void, () => RehearsalMoment | null, () => void] {
  const [version, bump] = useReducer((x: number) => x + 1, 0);
  // Asked again after a failure (`retry`): the moment's chunk is requested anew.
  const [attempt, again] = useReducer((x: number) => x + 1, 0);
  const engine = useMemo(
    () => (every ? new ReplayEngine(
            (at, base, gate) => loadChunk(incidentId, at, base, gate),
            every,
            headSeq,
            async (from, limit, gate) => (await getEventsPage(incidentId, from, limit, gate, gate)).events,
            REPLAY_LIMITS.chunkMessages,
            undefined,
            (seq, base) => getReplayMoment(incidentId, seq, base),
            // The engine asks this for its head's chunk only: the one early.ts holds back unread.
            () => readHeadNow(incidentId),
          ) : null),
    // A new engine only for another incident or interval; the head is updated below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [incidentId, every],
  );
  const errorRef = useRef<unknown>(null);
  const shown = useRef<ReplayMoment | null>(null);
  if (engine) engine.setHead(headSeq);

  // The moment asked for (shown.current lags it while its chunk loads).
  const asked = useRef(seq);
  asked.current = seq;
  // A chunk that arrives re-renders only when it is the one the asked moment waits for, or the
  // chunk before the moment's (the timeline's earlier events: a moment at or just after a
  // checkpoint has few of its own); not for the rest of the background fill, whose chunks may
  // arrive while a moment waits, and would each render the board again unchanged before it.
  useEffect(
    () =>
      engine
        ? engine.subscribe((at, momentSeq) => {
            const s = shown.current;
            if (!s) return;
            const seq = Math.min(asked.current, engine.head);
            const want = checkpointOf(seq, engine.every);
            // The awaited moment or chunk renders at once (it arrives in a promise callback, outside
            // any render): scheduled, it waited for a frame that painted nothing new first.
            if (momentSeq !== undefined) {
              if (s.loading && momentSeq === seq) flushSync(bump);
            } else if (s.loading && at === want) flushSync(bump);
            // The chunk of a moment shown from the moment route: its full lists, in a transition (the
            // person's next move goes first, and a render it makes stale is dropped).
            else if (!s.loading && s.partial && at === want) startTransition(bump);
            else if (!s.loading && at === want - engine.every && s.events.length < TIMELINE_EVENTS) bump();
          })
        : undefined,
    [engine],
  );
  useEffect(() => {
    if (!engine) return;
    engine.resume();
    return () => engine.stop();
  }, [engine]);
  // The moment's chunk as `ask` requested it in the person's event, taken by the effect below.
  const askedEarly = useRef<{ seq: number; p: Promise<unknown> } | null>(null);
  useEffect(() => {
    if (!engine || headSeq === 0) return;
    const early = askedEarly.current;
    askedEarly.current = null;
    (early?.seq === seq ? early.p : engine.prefetch(seq)).then(
      () => {
        errorRef.current = null;
        // Once a moment is shown, the rest of the incident loads in the background.
        engine.fill(seq).then(
          // A mark for the benchmark and anyone profiling: the whole incident is held.
          (whole) => whole && markReplay('replay-filled', { chunks: engine.size }),
          () => undefined,
        );
      },
      (err: unknown) => {
        errorRef.current = err;
        bump();
      },
    );
  }, [engine, seq, headSeq, attempt]);

  const moment = useMemo((): ReplayMoment => {
    void version;
    const empty: ReplayMoment = { seq: 0, state: null, events: [], messagesOmitted: 0, loading: headSeq > 0, error: errorRef.current };
    if (!engine || headSeq === 0) return { ...empty, loading: !engine };
    try {
      const state = engine.stateAt(seq);
      if (state === undefined) return { ...(shown.current ?? empty), loading: true, error: errorRef.current };
      return {
        seq: Math.min(seq, headSeq),
        state,
        events: engine.eventsUpTo(seq, TIMELINE_EVENTS),
        messagesOmitted: engine.omittedAt(seq) ?? 0,
        loading: false,
        partial: !engine.holds(seq),
        error: null,
      };
    } catch (err) {
      // A chunk's events, held as text, that do not parse when first read (BAD_RESPONSE): shown as
      // the error a chunk that failed to load is.
      return { ...empty, loading: false, error: err };
    }
  }, [engine, seq, headSeq, version]);
  shown.current = moment;
  const ask = useCallback(
    (s: number) => {
      if (!engine || engine.head === 0) return;
      const p = engine.prefetch(s);
      p.catch(() => undefined); // handled by the effect that takes it
      askedEarly.current = { seq: s, p };
    },
    [engine],
  );
  // Another moment the engine holds, with its events, for the page's rehearsal (replay-view.tsx).
  const other = useCallback((): RehearsalMoment | null => {
    const s = engine && headSeq > 0 ? engine.otherHeld(seq) : null;
    if (!engine || s === null) return null;
    const state = engine.stateAt(s);
    return state ? { seq: s, state, events: engine.eventsUpTo(s, TIMELINE_EVENTS) } : null;
  }, [engine, seq, headSeq]);
  // A failed moment (the server or the network away a moment) is asked for again, where the person was.
  const retry = useCallback(() => {
    errorRef.current = null;
    again();
    bump();
  }, []);
  return [moment, ask, other, retry];
}

/** A held moment the page renders once and takes back in one task, unseen (replay-view.tsx). */
export interface RehearsalMoment {
  seq: number;
  state: IncidentState;
  events: IncidentEvent[];
}

export function useTicks(index: Parameters<typeof decodeTicks>[0] | undefined): Ticks | null {
  return useMemo(() => (index ? decodeTicks(index) : null), [index]);
}
