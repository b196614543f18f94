import { applyEvents } from '../../lib/domain/incident/evolve';
import { EVENT_TYPES, type EventType, type IncidentEvent } from '../../lib/domain/incident/events';
import type { IncidentState } from '../../lib/domain/incident/state';
import { REPLAY_LIMITS, type ReplayChunk, type ReplayIndex } from '../../lib/protocol/replay';
import type { EventStore } from '../store/types';

/** Events read from the store per page while extending checkpoints. */
const READ_PAGE = 5000;

const TYPE_INDEX = new Map<EventType, number>(EVENT_TYPES.map((t, i) => [t, i]));

interface Entry {
  /** The fold so far: the state after event `seq`. */
  state: IncidentState | null;
  seq: number;
  /** checkpoints[i] = the state after event (i + 1) * K. */
  checkpoints: IncidentState[];
  firstTs: number;
  lastTs: number;
  agencies: string[];
  agencyIndex: Map<string, number>;
  dt: number[];
  agency: number[];
  type: number[];
  /** Extensions run one at a time per incident. */
  chain: Promise<void>;
}

/**
 * Replay checkpoints kept by the server (SPEC REV1): for each incident, the state
 * after every K events, folded with applyEvents (the one reducer) and extended
 * incrementally as the log grows (never folded from 0 again), plus the compact
 * ticks of every event. Held in memory for the most recently used incidents only.
 */
export class CheckpointCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly store: EventStore,
    readonly every: number = REPLAY_LIMITS.checkpointEvery,
    private readonly maxIncidents: number = REPLAY_LIMITS.incidentsCached,
  ) {
    if (!Number.isInteger(every) || every < 1) throw new Error('checkpoint interval must be a positive integer');
  }

  /** How many incidents are held (tests). */
  get size(): number {
    return this.entries.size;
  }

  /** The checkpoint states built so far for an incident (tests). */
  checkpointsOf(incidentId: string): readonly IncidentState[] {
    return this.entries.get(incidentId)?.checkpoints ?? [];
  }

  /** Folds the incident's log up to at least `headSeq` (the hub's seq) and returns its entry. */
  private async extend(incidentId: string, headSeq: number): Promise<Entry> {
    let e = this.entries.get(incidentId);
    if (e) {
      // Most recently used goes to the end of the map.
      this.entries.delete(incidentId);
      this.entries.set(incidentId, e);
    } else {
      e = { state: null, seq: 0, checkpoints: [], firstTs: 0, lastTs: 0, agencies: [], agencyIndex: new Map(), dt: [], agency: [], type: [], chain: Promise.resolve() };
      this.entries.set(incidentId, e);
      while (this.entries.size > this.maxIncidents) {
        const oldest = this.entries.keys().next().value as string;
        this.entries.delete(oldest);
      }
    }
    const entry = e;
    const run = entry.chain.then(async () => {
      while (entry.seq < headSeq) {
        const page = await this.store.read(incidentId, entry.seq + 1, Math.min(READ_PAGE, headSeq - entry.seq));
        if (page.length === 0) break;
        this.fold(entry, page);
      }
    });
    entry.chain = run.catch(() => undefined);
    await run;
    return entry;
  }

  private fold(e: Entry, events: readonly IncidentEvent[]): void {
    let i = 0;
    while (i < events.length) {
      // Up to the next checkpoint boundary, in one applyEvents call.
      const toBoundary = this.every - (e.seq % this.every);
      const part = events.slice(i, i + toBoundary);
      for (const ev of part) this.tick(e, ev);
      e.state = applyEvents(e.state, part);
      e.seq = e.state?.seq ?? e.seq;
      if (e.seq % this.every === 0 && e.state) e.checkpoints[e.seq / this.every - 1] = e.state;
      i += part.length;
    }
  }

  private tick(e: Entry, ev: IncidentEvent): void {
    if (ev.seq === 1) e.firstTs = ev.ts;
    e.dt.push(ev.seq === 1 ? 0 : ev.ts - e.lastTs);
    e.lastTs = ev.ts;
    const code = ev.actor.agency;
    let a = -1;
    if (code !== null) {
      a = e.agencyIndex.get(code) ?? -1;
      if (a < 0) {
        a = e.agencies.length;
        e.agencies.push(code);
        e.agencyIndex.set(code, a);
      }
    }
    e.agency.push(a);
    e.type.push(TYPE_INDEX.get(ev.type) ?? -1);
  }

  /** The index: head, span and ticks of every event up to headSeq. */
  async index(incidentId: string, headSeq: number): Promise<ReplayIndex> {
    const e = await this.extend(incidentId, headSeq);
    const n = Math.min(e.seq, headSeq);
    return {
      incidentId,
      headSeq: n,
      checkpointEvery: this.every,
      firstTs: e.firstTs,
      lastTs: n === e.seq ? e.lastTs : e.firstTs + sum(e.dt, n),
      ticks: {
        agencies: e.agencies.slice(),
        types: EVENT_TYPES.slice(),
        dt: e.dt.slice(0, n),
        agency: e.agency.slice(0, n),
        type: e.type.slice(0, n),
      },
    };
  }

  /** The state at checkpoint `at` (a multiple of K, ≤ headSeq) and events at+1 … at+K. */
  async chunk(incidentId: string, at: number, headSeq: number): Promise<ReplayChunk> {
    if (at % this.every !== 0 || at < 0 || at > headSeq) throw new RangeError(`not a checkpoint: ${at}`);
    const e = await this.extend(incidentId, headSeq);
    const state = at === 0 ? null : (e.checkpoints[at / this.every - 1] ?? null);
    if (at > 0 && !state) throw new RangeError(`checkpoint ${at} not built`);
    const limit = Math.min(this.every, headSeq - at);
    const events = limit > 0 ? await this.store.read(incidentId, at + 1, limit) : [];
    const keep = REPLAY_LIMITS.chunkMessages;
    const omitted = state ? Math.max(0, state.messages.length - keep) : 0;
    return {
      incidentId,
      at,
      state: state && omitted > 0 ? { ...state, messages: state.messages.slice(-keep) } : state,
      messagesOmitted: omitted,
      events,
      headSeq,
    };
  }
}

function sum(xs: readonly number[], n: number): number {
  let s = 0;
  for (let i = 1; i < n; i++) s += xs[i];
  return s;
}
