import { applyEvents, containersOf, stillShared, type Containers } from '../../lib/domain/incident/evolve';
import { EVENT_TYPES, type EventType, type IncidentEvent } from '../../lib/domain/incident/events';
import type { IncidentState, Task } from '../../lib/domain/incident/state';
import { checkpointOf, keptMessages, REPLAY_LIMITS, tasksNotIn, type ReplayChunk, type ReplayIndex, type ReplayMomentAnswer } from '../../lib/protocol/replay';
import { asciiJson } from '../ascii-json';
import type { EventStore, StoredCheckpoint } from '../store/types';
import type { IncidentHub } from './hub';
import { overlayTasks } from './overlay-tasks';

/** Events read from the store per page while extending checkpoints. */
const READ_PAGE = 5000;

const TYPE_INDEX = new Map<EventType, number>(EVENT_TYPES.map((t, i) => [t, i]));

/**
 * The version of the checkpoints stored beside the logs (SPEC REV6): raise it when the
 * reducer (lib/domain/incident/evolve.ts), IncidentState or what a checkpoint keeps of it
 * (`keptMessages`) changes, so that checkpoints folded by the old code are folded again
 * instead of read. 2: a checkpoint keeps the newest alert too (version 1's could have lost it,
 * and every checkpoint folded on from one of them would have too). 3: an agency brought back into
 * an incident starts unreported (SPEC AGS1).
 */
export const CHECKPOINT_VERSION = 3;

/**
 * Checkpoints written to the store per batch: one transaction. A late checkpoint of a
 * 100,000-event incident is about 0.8 MB of JSON, so a batch holds the event loop for tens of ms.
 */
const WRITE_BATCH = 4;
/**
 * The warm (reading an opened incident's stored states into memory) starts this long after the
 * index was asked for: the page that asked is still loading then, and its scripts, its sign-in
 * check and its first chunks are served by the same event loop (docs/performance.md, Analysis).
 */
export const WARM_AFTER_MS = 1500;

/**
 * Differences between two checkpoints' tasks kept per incident (`checkpointStates`): a page's
 * chunks and moments are based on the head's checkpoint, so a few pairs serve most requests.
 */
const DIFFS_KEPT = 64;

/** Checkpoints are stored once none was made for this long (not during a hub's load). */
const WRITE_DELAY_MS = 2000;

/** What is stored with each checkpoint besides its state: the ticks of its K events. */
interface StoredMeta {
  v: number;
  firstTs: number;
  omitted: number;
  agencies: string[];
  types: string[];
  dt: number[];
  agency: number[];
  type: number[];
}

/** The ticks of a run of events (`ReplayTicks` before they are sent). */
interface Ticks {
  firstTs: number;
  lastTs: number;
  agencies: string[];
  agencyIndex: Map<string, number>;
  dt: number[];
  agency: number[];
  type: number[];
}

/**
 * A live incident this cache holds no entry for (SPEC REV6): only the ticks of the
 * events after its newest checkpoint (stored, or being stored), so that its
 * checkpoints are stored as it grows without holding them. `dt[i]` is event from + i + 1's.
 */
interface Tail extends Ticks {
  id: string;
  from: number;
  seq: number;
  usedAt: number;
}

/** A checkpoint of a tail, to be stored: its state copied when it was made. */
interface TailRow {
  id: string;
  seq: number;
  meta: string;
  state: IncidentState;
}

/** Tail checkpoints waiting for the store at most (a store down for long): the oldest go first. */
const MAX_TAIL_ROWS = 64;
/**
 * Tails are small (at most K ticks), and a live incident may be quiet for hours between
 * bursts: one is dropped after a day without events, and beyond this many the one quiet
 * longest goes. A dropped tail is not restarted by later events (a replay folds the rest).
 */
const TAIL_IDLE_MS = 24 * 3_600_000;
const MAX_TAILS = 256;

interface Entry extends Ticks {
  id: string;
  /**
   * Our own fold: the state after event `seq`, folded in place (handOver); private to
   * the cache but for `shared`. When `stale`, it is not kept (see below).
   */
  state: IncidentState | null;
  /** The containers of `state` a checkpoint holds (after a rewind): copied on their first write. */
  shared: Partial<Containers> | null;
  /** Messages dropped from `state` (it was rewound to a checkpoint, which keeps the newest only). */
  stateOmitted: number;
  /**
   * Fed by a hub, which gives the state at each checkpoint ready-made: ticks and
   * checkpoints are up to `seq`, but `state` is not kept. A fold of our own first
   * goes back to the newest checkpoint (`rewind`).
   */
  stale: boolean;
  seq: number;
  /**
   * checkpoints[i] = the state after event (i + 1) * K, with only the newest
   * REPLAY_LIMITS.chunkMessages messages and the newest alert (what a chunk carries:
   * `keptMessages`); omitted[i] = how many were left out.
   */
  checkpoints: Array<IncidentState | undefined>;
  omitted: number[];
  /**
   * The store's checkpoints were read (`restore`): before, `storedUpTo` is unknown.
   * Every extension waits for it (it is the start of `chain`).
   */
  restoring: Promise<void>;
  /** The newest checkpoint seq stored with all before it (SPEC REV6); -1 until known. */
  storedUpTo: number;
  /** Checkpoint states being read from the store, by index. */
  reading: Map<number, Promise<{ state: IncidentState; json: string }>>;
  /** Extensions run one at a time per incident. */
  chain: Promise<void>;
  /** When a replay last read it (`index`, `chunk`), or when a hub's load started it. */
  usedAt: number;
  /** A replay read it (`extend`); one a hub's load started and nobody replays is dropped once stored. */
  replayed: boolean;
  /** Its stored states are being read into memory (`warm`), or were. */
  warming: boolean;
  /** tasksNotIn(checkpoint at, checkpoint base) by `${at}:${base}`, the newest DIFFS_KEPT (`checkpointStates`). */
  diffs: Map<string, Readonly<Record<string, Task>>>;
}

export interface CheckpointCacheOptions {
  /** Incidents whose checkpoints are kept (least recently used goes first). */
  maxIncidents?: number;
  /** An entry no replay has read for this long is dropped (REPLAY_LIMITS.keepIdleMs). */
  keepIdleMs?: number;
  now?: () => number;
  /**
   * Keep checkpoints beside the log and start from them (SPEC REV6). Off for tests of
   * the in-memory fold, which would otherwise find each other's checkpoints.
   * @default true
   */
  stored?: boolean;
  /** How long no checkpoint is made before they are stored. @default WRITE_DELAY_MS */
  writeDelayMs?: number;
  /**
   * Read all of an incident's stored states into memory once a replay asks for its index (`warm`).
   * The server does; off by default, for tests of what is read when.
   * @default false
   */
  warm?: boolean;
  /** How long after the index the warm starts. @default WARM_AFTER_MS */
  warmAfterMs?: number;
}

/**
 * Replay checkpoints kept by the server (SPEC REV1): for each incident, the state
 * after every K events, folded with applyEvents (the one reducer) and extended
 * incrementally as the log grows (never folded from 0 again), plus the compact
 * ticks of every event. Held in memory for the most recently used incidents only.
 *
 * Fed by the incidents' hubs (`feed`): when a hub loads an incident (its catch-up
 * reads pages of exactly K events) and as live events arrive, its own state is
 * taken at each checkpoint, so opening a replay after a server start neither
 * reads nor folds the log a second time.
 *
 * Memory follows replay, not the live board: an entry starts only with a hub's
 * load of an existing incident (its catch-up from seq 1) or with a replay's own
 * request, never with an incident created live on this process; and an entry no
 * replay has read for `keepIdleMs` is dropped. A live incident nobody replays
 * therefore keeps no checkpoints while it grows (the soak in docs/performance.md).
 *
 * Kept beside the log too (SPEC REV6): every checkpoint folded here is stored, off the
 * request path, and a new entry starts from the stored ones: their ticks, then the
 * newest state and the log after it; another state only when a chunk needs it.
 */
export class CheckpointCache {
  private readonly entries = new Map<string, Entry>();
  private readonly maxIncidents: number;
  private readonly keepIdleMs: number;
  private readonly now: () => number;
  private readonly stored: boolean;
  private sweptAt = 0;
  /** Entries with checkpoints to store; `writing` while a write runs. */
  private readonly toWrite = new Set<Entry>();
  private readonly tails = new Map<string, Tail>();
  private tailRows: TailRow[] = [];
  private writing: Promise<void> | null = null;
  private writeTimer: NodeJS.Timeout | null = null;
  private readonly writeDelayMs: number;
  private readonly warms: boolean;
  private readonly warmAfterMs: number;
  /** Incidents whose stored checkpoints did not hold up (a state missing): folded from the log instead. */
  private readonly distrusted = new Set<string>();

  constructor(
    private readonly store: EventStore,
    readonly every: number = REPLAY_LIMITS.checkpointEvery,
    opts: CheckpointCacheOptions = {},
  ) {
    if (!Number.isInteger(every) || every < 1) throw new Error('checkpoint interval must be a positive integer');
    this.maxIncidents = opts.maxIncidents ?? REPLAY_LIMITS.incidentsCached;
    this.keepIdleMs = opts.keepIdleMs ?? REPLAY_LIMITS.keepIdleMs;
    this.now = opts.now ?? Date.now;
    this.stored = opts.stored ?? true;
    this.writeDelayMs = opts.writeDelayMs ?? WRITE_DELAY_MS;
    this.warms = opts.warm ?? false;
    this.warmAfterMs = opts.warmAfterMs ?? WARM_AFTER_MS;
  }

  /** How many incidents are held (tests). */
  get size(): number {
    return this.entries.size;
  }

  /** The checkpoint states built or read so far for an incident (tests; a stored one not read yet is undefined). */
  checkpointsOf(incidentId: string): ReadonlyArray<IncidentState | undefined> {
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
      e = this.create(incidentId);
    }
    e.usedAt = this.now();
    e.replayed = true;
    const entry = e;
    const run = entry.chain.then(async () => {
      while (entry.seq < headSeq) {
        if (entry.stale) await this.rewindLoaded(entry);
        const page = await this.store.read(incidentId, entry.seq + 1, Math.min(READ_PAGE, headSeq - entry.seq));
        if (page.length === 0) break;
        if (entry.stale) {
          // A hub fed the entry while the page was read.
          if (entry.seq >= headSeq) break;
          await this.rewindLoaded(entry);
          // Fed again while its newest checkpoint was read: read from where it is now.
          if (entry.stale) continue;
        }
        this.fold(entry, page);
      }
    });
    entry.chain = run.catch(() => undefined);
    await run;
    return entry;
  }

  private create(incidentId: string): Entry {
    const e: Entry = {
      id: incidentId, state: null, shared: null, stateOmitted: 0, stale: false, seq: 0, checkpoints: [], omitted: [],
      restoring: Promise.resolve(), storedUpTo: -1, reading: new Map(),
      firstTs: 0, lastTs: 0, agencies: [], agencyIndex: new Map(), dt: [], agency: [], type: [], chain: Promise.resolve(),
      usedAt: this.now(), replayed: false, warming: false, diffs: new Map(),
    };
    if (!this.stored) e.storedUpTo = Number.MAX_SAFE_INTEGER;
    // Folded from the log, its checkpoints replace the stored ones.
    else if (this.distrusted.has(incidentId)) e.storedUpTo = 0;
    else {
      e.restoring = this.restore(e);
      // A failed read leaves the entry to the log (and its checkpoints unstored: storedUpTo stays -1).
      e.chain = e.restoring.catch(() => undefined);
    }
    this.sweep(true);
    this.entries.set(incidentId, e);
    this.tails.delete(incidentId);
    while (this.entries.size > this.maxIncidents) {
      const oldest = this.entries.keys().next().value as string;
      this.drop(oldest);
    }
    return e;
  }

  /** Forgets what is held of an incident, its tail too (a keeper that failed): a replay folds it from the log. */
  forget(incidentId: string): void {
    this.entries.delete(incidentId);
    this.tails.delete(incidentId);
  }

  /**
   * Drops an entry; if it may go on live (its stored run known), a tail goes on storing
   * its checkpoints from its newest one (SPEC REV6).
   */
  private drop(id: string): void {
    const e = this.entries.get(id);
    this.entries.delete(id);
    if (!e || !this.stored || e.storedUpTo < 0) return;
    const from = e.checkpoints.length * this.every;
    if (e.seq < from || e.seq - from >= this.every || e.dt.length < e.seq) return;
    this.tails.set(id, {
      id, from, seq: e.seq, usedAt: this.now(), firstTs: e.firstTs, lastTs: e.lastTs,
      agencies: e.agencies.slice(), agencyIndex: new Map(e.agencyIndex),
      dt: e.dt.slice(from, e.seq), agency: e.agency.slice(from, e.seq), type: e.type.slice(from, e.seq),
    });
  }

  /**
   * Drops the entries no replay has read for keepIdleMs: at most once a minute
   * (a feed comes with every applied batch), or now with `force`.
   */
  private sweep(force = false): void {
    const now = this.now();
    if (!force && now - this.sweptAt < Math.min(60_000, this.keepIdleMs)) return;
    this.sweptAt = now;
    for (const [id, e] of this.entries) if (now - e.usedAt > this.keepIdleMs) this.drop(id);
    for (const [id, t] of this.tails) if (now - t.usedAt > TAIL_IDLE_MS) this.tails.delete(id);
  }

  /**
   * A checkpoint made of `state` (whose messages before the newest already leave out
   * `omitted`): its own containers, so later in-place folds cannot change it, and
   * only the newest messages and the newest alert (`keptMessages`), so that taking it
   * copies a few thousand, not the whole message list.
   */
  private checkpoint(e: Entry, state: IncidentState, omitted: number): void {
    const { copy, extra } = checkpointCopy(state);
    const i = state.seq / this.every - 1;
    e.checkpoints[i] = copy;
    e.omitted[i] = omitted + extra;
    if (state.seq > e.storedUpTo) {
      this.toWrite.add(e);
      this.scheduleWrites();
    }
  }

  /**
   * Reads the store's checkpoints of a new entry (SPEC REV6): their ticks, and the
   * states only when asked for (`stateAt`). Only an unbroken run from K on, of this
   * version, is taken. An entry a hub's load already took further keeps its own.
   */
  private async restore(e: Entry): Promise<void> {
    const rows = await this.store.checkpointMetas(e.id);
    const metas: StoredMeta[] = [];
    for (const r of rows) {
      // Another K's (a changed setting) are not ours: their ticks are of another length.
      if (r.seq % this.every !== 0) continue;
      if (r.seq !== (metas.length + 1) * this.every) break;
      const m = parseMeta(r.meta, this.every);
      if (!m) break;
      metas.push(m);
    }
    e.storedUpTo = metas.length * this.every;
    if (metas.length * this.every <= e.seq) return;
    const n = metas.length;
    e.dt.length = e.agency.length = e.type.length = 0;
    e.firstTs = metas[0].firstTs;
    let ts = e.firstTs;
    for (const m of metas) {
      for (let i = 0; i < m.dt.length; i++) {
        const dt = e.dt.length === 0 ? 0 : m.dt[i];
        e.dt.push(dt);
        ts += dt;
        e.agency.push(m.agency[i] < 0 ? -1 : this.agencyOf(e, m.agencies[m.agency[i]]));
        e.type.push(TYPE_INDEX.get(m.types[m.type[i]] as EventType) ?? -1);
      }
    }
    e.lastTs = ts;
    for (let i = 0; i < n; i++) e.omitted[i] = metas[i].omitted;
    e.checkpoints.length = Math.max(e.checkpoints.length, n);
    e.seq = n * this.every;
    e.state = null;
    e.shared = null;
    e.stale = true;
  }

  private agencyOf(e: Ticks, code: string): number {
    let a = e.agencyIndex.get(code) ?? -1;
    if (a < 0) {
      a = e.agencies.length;
      e.agencies.push(code);
      e.agencyIndex.set(code, a);
    }
    return a;
  }

  /** The state at checkpoint index i: held, or read from the store (SPEC REV6). */
  private async stateAt(e: Entry, i: number): Promise<IncidentState> {
    return e.checkpoints[i] ?? (await this.stateRead(e, i)).state;
  }

  /**
   * The state at checkpoint index i and its JSON text: the text the store holds when the state is
   * read from it now (parsed too: checked, and held from then on), else the held state written out
   * (asciiJson).
   */
  private async stateWithJson(e: Entry, i: number): Promise<{ state: IncidentState; json: string }> {
    const held = e.checkpoints[i];
    return held ? { state: held, json: stateJson(held) } : this.stateRead(e, i);
  }

  /** Reads the state at checkpoint index i from the store (one read at a time per index), checks it and holds it. */
  private stateRead(e: Entry, i: number): Promise<{ state: IncidentState; json: string }> {
    if (i >= e.checkpoints.length) return Promise.reject(new RangeError(`checkpoint ${(i + 1) * this.every} not built`));
    let reading = e.reading.get(i);
    if (!reading) {
      const seq = (i + 1) * this.every;
      reading = this.store.checkpointState(e.id, seq).then((json) => {
        const state = json === null ? null : parseState(json);
        if (json === null || state?.seq !== seq) throw new StoredCheckpointMissing(e.id, seq);
        if (!e.checkpoints[i]) shareWithNeighbours(state, e.checkpoints[i - 1], e.checkpoints[i + 1]);
        e.checkpoints[i] ??= state;
        return { state: e.checkpoints[i]!, json };
      });
      e.reading.set(i, reading);
      void reading.catch(() => undefined).finally(() => e.reading.delete(i));
    }
    return reading;
  }

  /**
   * Reads the stored states of an incident a replay opened into memory, in the background, the
   * newest first (the head's is every chunk's base), one at a time with the event loop free
   * between them (a state of a long incident holds it ~5–10 ms). A moment or a chunk then needs
   * no read: on a page's first moves through a restored incident, reading its state was most of
   * the server's work (docs/performance.md, Replay). Each state shares the tasks and messages
   * that did not change with its neighbours (`shareWithNeighbours`), so the incident's
   * checkpoints take about what those folded here do. Stops if the entry is dropped.
   */
  private warm(e: Entry): void {
    if (e.warming || !this.stored || !this.warms) return;
    e.warming = true;
    void (async () => {
      if (this.warmAfterMs > 0) await new Promise((resolve) => setTimeout(resolve, this.warmAfterMs).unref?.());
      for (let i = e.checkpoints.length - 1; i >= 0; i--) {
        await new Promise((resolve) => setImmediate(resolve));
        if (this.entries.get(e.id) !== e) return;
        if (!e.checkpoints[i]) await this.stateAt(e, i);
      }
    })().catch(() => undefined);
  }

  /**
   * Stores the checkpoints made here, a batch at a time, never on a request's path: the
   * writes start once no checkpoint was made for `writeDelayMs` (a hub's load makes a
   * hundred in a second, and its first readers wait for it).
   */
  private scheduleWrites(): void {
    if (this.writeTimer) clearTimeout(this.writeTimer);
    this.writeTimer = setTimeout(() => {
      this.writeTimer = null;
      this.startWrites();
    }, this.writeDelayMs);
    this.writeTimer.unref?.();
  }

  private startWrites(): void {
    if (this.writing || (this.toWrite.size === 0 && this.tailRows.length === 0)) return;
    this.writing = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.writeSome())
      .then(
        (more) => {
          this.writing = null;
          if (more) this.startWrites();
        },
        () => {
          // The store is down: what is left is tried again after the next checkpoint made.
          this.writing = null;
        },
      );
  }

  /** Writes one batch of the held checkpoints after the stored run (they continue it); whether there is more. */
  private async writeSome(): Promise<boolean> {
    const e = this.toWrite.values().next().value;
    if (!e) return this.writeTailRows();
    await e.restoring.catch(() => undefined);
    const rows: StoredCheckpoint[] = [];
    // Unknown (storedUpTo < 0: the read failed): never written, as a restore takes only an unbroken run.
    if (e.storedUpTo >= 0)
      for (let seq = e.storedUpTo + this.every; rows.length < WRITE_BATCH; seq += this.every) {
        const state = e.checkpoints[seq / this.every - 1];
        if (!state) break;
        rows.push({ seq, meta: this.metaOf(e, 0, seq, e.omitted[seq / this.every - 1]), state: stateJson(state) });
      }
    if (rows.length === 0) {
      this.toWrite.delete(e);
      // All stored, and nobody replays it (a hub's load started it): what it holds is in the
      // store now, so memory follows replay; a tail goes on storing its live checkpoints.
      if (!e.replayed && this.entries.get(e.id) === e && e.storedUpTo >= e.checkpoints.length * this.every) this.drop(e.id);
      return this.toWrite.size > 0 || this.tailRows.length > 0;
    }
    await this.store.putCheckpoints(e.id, rows);
    e.storedUpTo = rows[rows.length - 1].seq;
    return true;
  }

  /** The meta stored with checkpoint `seq`: the ticks of its K events (`t.dt[i]` is event offset + i + 1's). */
  private metaOf(t: Ticks, offset: number, seq: number, omitted: number): string {
    const from = seq - this.every - offset;
    const meta: StoredMeta = {
      v: CHECKPOINT_VERSION,
      firstTs: t.firstTs,
      omitted,
      agencies: t.agencies.slice(),
      types: EVENT_TYPES.slice(),
      dt: t.dt.slice(from, from + this.every),
      agency: t.agency.slice(from, from + this.every),
      type: t.type.slice(from, from + this.every),
    };
    return JSON.stringify(meta);
  }

  /** Writes a batch of tail checkpoints of one incident; whether there is more. */
  private async writeTailRows(): Promise<boolean> {
    if (this.tailRows.length === 0) return false;
    const id = this.tailRows[0].id;
    const batch: TailRow[] = [];
    for (const r of this.tailRows) if (r.id === id && batch.length < WRITE_BATCH) batch.push(r);
    await this.store.putCheckpoints(id, batch.map((r) => ({ seq: r.seq, meta: r.meta, state: stateJson(r.state) })));
    this.tailRows = this.tailRows.filter((r) => !batch.includes(r));
    return this.tailRows.length > 0;
  }

  /** Until the checkpoints made so far are stored (tests, and a graceful stop). */
  async flushWrites(): Promise<void> {
    if (this.writeTimer) clearTimeout(this.writeTimer);
    this.writeTimer = null;
    this.startWrites();
    while (this.writing) await this.writing;
  }

  /**
   * Events an incident's hub applied (its catch-up pages and live events, in
   * order), with the hub's state after them: its checkpoints are taken from that
   * state when the events continue the entry and no checkpoint falls inside them
   * (catch-up pages are K long and K-aligned; live batches are short). A hub that
   * loads an existing incident from seq 1 (`start`: its first catch-up) starts an
   * entry; live events start none. Anything else is folded here, or left to
   * `extend`, which reads the store.
   */
  feed(
    incidentId: string,
    events: readonly IncidentEvent[],
    stateAfter?: () => IncidentState | null,
    opts: { start?: boolean } = {},
  ): void {
    if (events.length === 0) return;
    this.sweep();
    let e = this.entries.get(incidentId);
    if (!e) {
      if (events[0].seq !== 1 || !opts.start) return this.feedTail(incidentId, events, stateAfter);
      e = this.create(incidentId);
    }
    // Its newest checkpoint is still in the store (SPEC REV6): the next replay's `extend` reads it and the log.
    if (!this.canRewind(e)) return;
    const last = events[events.length - 1].seq;
    const continues = events[0].seq === e.seq + 1 && last === e.seq + events.length;
    const boundaryInside = Math.floor((last - 1) / this.every) > Math.floor(e.seq / this.every);
    if (stateAfter && continues && !boundaryInside) {
      for (const ev of events) this.tick(e, ev);
      e.seq = last;
      e.stale = true;
      e.state = null;
      e.shared = null;
      if (last % this.every === 0) {
        const state = stateAfter();
        if (state?.seq === last) this.checkpoint(e, state, 0);
        else this.rewind(e);
      }
      return;
    }
    if (e.stale) this.rewind(e);
    this.fold(e, events);
  }

  /**
   * Live events of an incident with no entry (SPEC REV6): a tail (started by a new
   * incident's first event, or by a dropped entry) keeps the ticks since its newest
   * checkpoint and, at the next, copies the hub's state there for the store. A gap, or a
   * batch with a checkpoint inside it (the state there is not at hand), ends the tail: a
   * replay then folds the rest from the log.
   */
  private feedTail(incidentId: string, events: readonly IncidentEvent[], stateAfter?: () => IncidentState | null): void {
    if (!this.stored || !stateAfter) return;
    let t = this.tails.get(incidentId);
    if (!t) {
      if (events[0].seq !== 1) return;
      t = { id: incidentId, from: 0, seq: 0, usedAt: 0, firstTs: 0, lastTs: 0, agencies: [], agencyIndex: new Map(), dt: [], agency: [], type: [] };
      this.tails.set(incidentId, t);
    }
    t.usedAt = this.now();
    // Most recently fed at the end of the map; the one quiet longest goes first.
    this.tails.delete(incidentId);
    this.tails.set(incidentId, t);
    while (this.tails.size > MAX_TAILS) this.tails.delete(this.tails.keys().next().value as string);
    const last = events[events.length - 1].seq;
    const continues = events[0].seq === t.seq + 1 && last === t.seq + events.length;
    if (!continues || Math.floor((last - 1) / this.every) > Math.floor(t.seq / this.every)) {
      this.tails.delete(incidentId);
      return;
    }
    for (const ev of events) this.tick(t, ev);
    t.seq = last;
    if (last % this.every !== 0) return;
    const state = stateAfter();
    if (state?.seq !== last) {
      this.tails.delete(incidentId);
      return;
    }
    // Its own containers (the hub folds on in place); stringified by the writer, off the command path.
    const { copy, extra } = checkpointCopy(state);
    this.tailRows.push({ id: incidentId, seq: last, meta: this.metaOf(t, t.from, last, extra), state: copy });
    if (this.tailRows.length > MAX_TAIL_ROWS) this.tailRows.splice(0, this.tailRows.length - MAX_TAIL_ROWS);
    t.from = last;
    t.dt = [];
    t.agency = [];
    t.type = [];
    this.scheduleWrites();
  }

  /**
   * What a hub applied, with its state after it (a checkpoint is copied from it when the
   * batch ends on one: no second fold). Only the hub's load of an existing incident may
   * start an entry. The cache copies what it keeps before the hub's next write.
   */
  feedFromHub(hub: IncidentHub, events: readonly IncidentEvent[]): void {
    this.feed(hub.id, events, () => hub.peek(), { start: !hub.loaded });
  }

  /** Whether its newest checkpoint's state is held (`rewind` needs it). */
  private canRewind(e: Entry): boolean {
    const c = e.checkpoints.length;
    return c === 0 || e.checkpoints[c - 1] !== undefined;
  }

  /** `rewind`, after reading the newest checkpoint's state from the store if needed. */
  private async rewindLoaded(e: Entry): Promise<void> {
    if (e.checkpoints.length > 0) await this.stateAt(e, e.checkpoints.length - 1);
    this.rewind(e);
  }

  /** Back to the newest checkpoint (state, ticks), to fold on from there. */
  private rewind(e: Entry): void {
    const c = e.checkpoints.length;
    if (!this.canRewind(e)) throw new Error('rewind to a checkpoint not read');
    e.seq = c * this.every;
    e.state = c > 0 ? e.checkpoints[c - 1]! : null;
    e.shared = e.state ? containersOf(e.state) : null;
    e.stateOmitted = c > 0 ? e.omitted[c - 1] : 0;
    e.dt.length = e.seq;
    e.agency.length = e.seq;
    e.type.length = e.seq;
    e.lastTs = e.seq > 0 ? e.firstTs + sum(e.dt, e.seq) : 0;
    e.stale = false;
  }

  /**
   * Folds the events that continue the entry: those it already has are skipped
   * (a page read while the hub fed the same events), and a gap stops the fold.
   */
  private fold(e: Entry, events: readonly IncidentEvent[]): void {
    let i = 0;
    while (i < events.length && events[i].seq <= e.seq) i++;
    while (i < events.length && events[i].seq === e.seq + 1) {
      // Up to the next checkpoint boundary (or a gap), in one applyEvents call.
      const stop = Math.min(events.length, i + this.every - (e.seq % this.every));
      let end = i + 1;
      while (end < stop && events[end].seq === events[end - 1].seq + 1) end++;
      const part = events.slice(i, end);
      for (const ev of part) this.tick(e, ev);
      e.state = applyEvents(e.state, part, { handOver: true, keep: e.shared });
      e.shared = stillShared(e.state, e.shared);
      e.seq = part[part.length - 1].seq;
      if (e.seq % this.every === 0 && e.state) this.checkpoint(e, e.state, e.stateOmitted);
      i = end;
    }
  }

  private tick(e: Ticks, ev: IncidentEvent): void {
    if (ev.seq === 1) e.firstTs = ev.ts;
    e.dt.push(ev.seq === 1 ? 0 : ev.ts - e.lastTs);
    e.lastTs = ev.ts;
    e.agency.push(ev.actor.agency === null ? -1 : this.agencyOf(e, ev.actor.agency));
    e.type.push(TYPE_INDEX.get(ev.type) ?? -1);
  }

  /** The index: head, span and ticks of every event up to headSeq (or, with `from`, of those after it). */
  async index(incidentId: string, headSeq: number, from = 0): Promise<ReplayIndex> {
    const e = await this.trusted(incidentId, () => this.extend(incidentId, headSeq));
    this.warm(e);
    const n = Math.min(e.seq, headSeq);
    const f = Math.min(from, n);
    return {
      incidentId,
      headSeq: n,
      from: f,
      checkpointEvery: this.every,
      firstTs: e.firstTs,
      lastTs: n === e.seq ? e.lastTs : e.firstTs + sum(e.dt, n),
      ticks: {
        agencies: e.agencies.slice(),
        types: EVENT_TYPES.slice(),
        dt: e.dt.slice(f, n),
        agency: e.agency.slice(f, n),
        type: e.type.slice(f, n),
      },
    };
  }

  /**
   * The state at checkpoint `at` (a multiple of K, ≤ headSeq) and events at+1 … at+K.
   * With `base` (another checkpoint, > 0, ≤ headSeq, whose state the client holds), the
   * state carries only the tasks that differ from base's (`tasksFrom`, `tasksNotIn`).
   */
  async chunk(incidentId: string, at: number, headSeq: number, base?: number): Promise<ReplayChunk> {
    const chunk = await this.chunkState(incidentId, at, headSeq, base);
    const limit = this.chunkEvents(at, headSeq);
    return { ...chunk, events: limit > 0 ? await this.store.read(incidentId, at + 1, limit) : [] };
  }

  /** `chunk` without its events, which are at + 1 … at + chunkEvents(at, headSeq) (the route sends them from EventPages). */
  async chunkState(incidentId: string, at: number, headSeq: number, base?: number): Promise<Omit<ReplayChunk, 'events'>> {
    this.assertCheckpoint(at, headSeq);
    this.assertBase(base, headSeq);
    // Chunk 0 has no state to base: base's is not read.
    const { state, baseState, omitted, diff } = await this.checkpointStates(incidentId, headSeq, at, at === 0 ? undefined : base);
    return {
      incidentId,
      at,
      state: state && baseState ? { ...state, tasks: diff() } : state,
      messagesOmitted: omitted,
      headSeq,
      ...(state && baseState ? { tasksFrom: base } : {}),
    };
  }

  /**
   * A chunk's fields besides its state and events, for a chunk with no base (the route sends the
   * state's bytes from `checkpointJson`, kept by EventPages.checkpointState).
   */
  async chunkHead(incidentId: string, at: number, headSeq: number): Promise<Omit<ReplayChunk, 'events' | 'state'>> {
    this.assertCheckpoint(at, headSeq);
    return this.trusted(incidentId, async () => {
      const e = await this.extend(incidentId, headSeq);
      return { incidentId, at, messagesOmitted: at === 0 ? 0 : e.omitted[at / this.every - 1], headSeq };
    });
  }

  /**
   * The state at checkpoint `at` (≤ headSeq) as ASCII JSON text, `null` at 0, as a chunk with no
   * base carries it: when the state is read from the store now, the text the store holds, sent as
   * it is (it is parsed too, to check it and hold it). Writing a late state out again
   * (JSON.stringify, asciiJson, then the bytes) took ~150 ms of the event loop per answer on the
   * first replay open after a server start (docs/performance.md, Analysis).
   */
  async checkpointJson(incidentId: string, at: number, headSeq: number): Promise<string> {
    this.assertCheckpoint(at, headSeq);
    if (at === 0) return 'null';
    const { json } = await this.trusted(incidentId, async () => this.stateWithJson(await this.extend(incidentId, headSeq), at / this.every - 1));
    // Stored in UTF-8 before states were stored in ASCII: escaped now. (byteLength is quick; the
    // escaping's regular expression took ~10 ms over a 1.2 MB state even with nothing to escape.)
    return Buffer.byteLength(json, 'utf8') === json.length ? json : asciiJson(json);
  }

  /** How many events the chunk at checkpoint `at` holds when the head is `headSeq`. */
  chunkEvents(at: number, headSeq: number): number {
    return Math.max(0, Math.min(this.every, headSeq - at));
  }

  /** A checkpoint asked for: a multiple of K, 0 ≤ at ≤ headSeq. */
  private assertCheckpoint(at: number, headSeq: number): void {
    if (at % this.every !== 0 || at < 0 || at > headSeq) throw new RangeError(`not a checkpoint: ${at}`);
  }

  /** A base checkpoint a client says it holds: a multiple of K, 0 < base ≤ headSeq. */
  private assertBase(base: number | undefined, headSeq: number): void {
    if (base !== undefined && (base % this.every !== 0 || base <= 0 || base > headSeq)) throw new RangeError(`not a base checkpoint: ${base}`);
  }

  /**
   * The state at checkpoint `at` (null at 0), how many messages it leaves out, and the state at
   * checkpoint `base` when given, with the log folded up to headSeq.
   */
  private async checkpointStates(
    incidentId: string,
    headSeq: number,
    at: number,
    base: number | undefined,
  ): Promise<{
    state: IncidentState | null;
    baseState: IncidentState | undefined;
    omitted: number;
    /** tasksNotIn(state's tasks, baseState's), made once per pair of checkpoints: the same object each time, not to be changed. */
    diff: () => Readonly<Record<string, Task>>;
  }> {
    return this.trusted(incidentId, async () => {
      const e = await this.extend(incidentId, headSeq);
      const state = at === 0 ? null : await this.stateAt(e, at / this.every - 1);
      const baseState = base === undefined ? undefined : await this.stateAt(e, base / this.every - 1);
      const diff = () => {
        const key = `${at}:${base}`;
        let d = e.diffs.get(key);
        if (!d) {
          d = tasksNotIn(state?.tasks ?? {}, baseState?.tasks ?? {});
          e.diffs.set(key, d);
          while (e.diffs.size > DIFFS_KEPT) e.diffs.delete(e.diffs.keys().next().value as string);
        }
        return d;
      };
      return { state, baseState, omitted: at === 0 ? 0 : e.omitted[at / this.every - 1], diff };
    });
  }

  /**
   * One moment (the moment route, SPEC REV1): the state after event `seq` (0 < seq ≤ headSeq),
   * folded here by applyEvents from checkpoint C = checkpointOf(seq) and events C+1 … seq, with
   * its newest REPLAY_LIMITS.momentMessages messages and its newest alert (`keptMessages`); the newest REPLAY_LIMITS.momentEvents
   * events up to seq, as stored; with `base` (as in `chunk`), only the tasks that differ from
   * base's. A tenth of a chunk's bytes: the page shows a moment it holds no chunk of from this.
   */
  async momentJson(
    incidentId: string,
    seq: number,
    headSeq: number,
    base?: number,
  ): Promise<Omit<ReplayMomentAnswer, 'events'> & { eventsJson: string[] }> {
    if (!Number.isInteger(seq) || seq < 1 || seq > headSeq) throw new RangeError(`not a moment: ${seq}`);
    this.assertBase(base, headSeq);
    const at = checkpointOf(seq, this.every);
    const { state: from, baseState, omitted, diff } = await this.checkpointStates(incidentId, headSeq, at, base);
    const n = Math.min(REPLAY_LIMITS.momentEvents, seq);
    // Events C+1 … seq to fold, and the newest n up to seq to send: one read covers both.
    const first = Math.min(at + 1, seq - n + 1);
    const json = await this.store.readJson(incidentId, first, seq - first + 1);
    if (json.length !== seq - first + 1) throw new RangeError(`events ${first}…${seq} of ${incidentId} are not all stored`);
    const events = json.slice(at + 1 - first).map((j) => JSON.parse(j) as IncidentEvent);
    // Based on a checkpoint, the tasks sent are those that differ from base's: the checkpoint's
    // difference (made once per pair), with what the fold wrote in its place. The fold writes into
    // an overlay of the checkpoint's task map rather than a copy of it.
    const overlay = from && baseState ? overlayTasks(from.tasks) : null;
    const folded = applyEvents(overlay ? { ...from!, tasks: overlay.tasks } : from, events, overlay ? { handOver: true, keep: { messages: from!.messages, agencyStatus: from!.agencyStatus } } : undefined);
    if (!folded) throw new RangeError(`no state at ${seq}`);
    let tasks: Record<string, Task> | undefined;
    if (overlay) {
      tasks = { ...diff() };
      for (const [id, t] of overlay.written) {
        if (baseState!.tasks[id]?.version !== t.version) tasks[id] = t;
        else delete tasks[id];
      }
    } else if (baseState) tasks = tasksNotIn(folded.tasks, baseState.tasks);
    const messages = keptMessages(folded.messages, REPLAY_LIMITS.momentMessages);
    const extra = folded.messages.length - messages.length;
    const state = { ...folded, messages, ...(tasks ? { tasks } : {}) };
    return {
      incidentId,
      seq,
      state,
      messagesOmitted: omitted + extra,
      eventsJson: json.slice(json.length - n),
      headSeq,
      ...(baseState ? { tasksFrom: base } : {}),
    };
  }

  /**
   * Runs `fn`; if a stored checkpoint it needed did not hold up (SPEC REV6), drops the
   * incident's entry and runs it once more on checkpoints folded from the log.
   */
  private async trusted<T>(incidentId: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (!(err instanceof StoredCheckpointMissing)) throw err;
      this.distrusted.add(incidentId);
      this.entries.delete(incidentId);
      return fn();
    }
  }
}

class StoredCheckpointMissing extends Error {
  constructor(incidentId: string, seq: number) {
    super(`stored checkpoint ${seq} of ${incidentId} is missing or not of this version`);
  }
}

/**
 * A checkpoint of `state`: its own containers (later in-place folds cannot change it) and only
 * the messages a chunk carries (`keptMessages`: the newest, and the newest alert if older);
 * `extra` = how many it leaves out.
 */
function checkpointCopy(state: IncidentState): { copy: IncidentState; extra: number } {
  const kept = keptMessages(state.messages, REPLAY_LIMITS.chunkMessages);
  // Its own array, also when nothing is left out.
  const messages = kept === state.messages ? kept.slice() : kept;
  return { copy: { ...state, tasks: { ...state.tasks }, agencyStatus: { ...state.agencyStatus }, messages }, extra: state.messages.length - kept.length };
}

function parseMeta(json: string, every: number): StoredMeta | null {
  try {
    const m = JSON.parse(json) as Partial<StoredMeta> | null;
    if (
      !m || m.v !== CHECKPOINT_VERSION || typeof m.firstTs !== 'number' || typeof m.omitted !== 'number' ||
      !Array.isArray(m.agencies) || !Array.isArray(m.types) || !Array.isArray(m.dt) || !Array.isArray(m.agency) || !Array.isArray(m.type) ||
      m.dt.length !== every || m.agency.length !== every || m.type.length !== every
    )
      return null;
    // Every tick points into its own lists (a restore looks them up by index).
    const agencies = m.agencies.length;
    const types = m.types.length;
    for (let i = 0; i < every; i++) {
      const a = m.agency[i] as unknown;
      const t = m.type[i] as unknown;
      if (typeof m.dt[i] !== 'number' || !Number.isInteger(a) || (a as number) < -1 || (a as number) >= agencies || !Number.isInteger(t) || (t as number) < 0 || (t as number) >= types)
        return null;
    }
    return m as StoredMeta;
  } catch {
    return null;
  }
}

/**
 * A checkpoint state as stored: JSON in ASCII (asciiJson), which the store hands back as a
 * one-byte string about twice as fast as UTF-8 with Chinese in it (a late state is ~1 MB, read
 * on a replay's request path). Ones stored in UTF-8 before are read the same.
 */
function stateJson(state: IncidentState): string {
  return asciiJson(JSON.stringify(state));
}

/**
 * A state read from the store takes the task and message objects a neighbouring checkpoint
 * holds where they are the same (a task of the same version, a message of the same seq: the
 * fold makes the same value of the same events), as the checkpoints folded here share them.
 */
function shareWithNeighbours(state: IncidentState, ...neighbours: Array<IncidentState | undefined>): void {
  for (const n of neighbours) {
    if (!n) continue;
    for (const id in state.tasks) {
      const t = n.tasks[id];
      if (t && t.version === state.tasks[id].version) state.tasks[id] = t;
    }
    const bySeq = new Map(n.messages.map((m) => [m.seq, m]));
    for (let k = 0; k < state.messages.length; k++) state.messages[k] = bySeq.get(state.messages[k].seq) ?? state.messages[k];
  }
}

function parseState(json: string): IncidentState | null {
  try {
    return JSON.parse(json) as IncidentState;
  } catch {
    return null;
  }
}

function sum(xs: readonly number[], n: number): number {
  let s = 0;
  for (let i = 1; i < n; i++) s += xs[i];
  return s;
}
