import { applyEvents } from '../../domain/incident/evolve';
import { LIMITS } from '../../domain/limits';
import type { IncidentEvent } from '../../domain/incident/events';
import type { IncidentState, Task } from '../../domain/incident/state';
import { checkpointOf, keptMessages, withBaseTasks, type ReplayMomentAnswer } from '../../protocol/replay';
import { eventsOnce, forgetParsed, type EventList, type HeldChunk } from './events-text';
import { markReplay } from './marks';

/**
 * Chunks kept in the browser (each ≤ K events plus a state; derived chunks share
 * their unchanged tasks and messages with the chunk before); least recently used
 * goes first. With K = 1000, an incident of up to 160,000 events is held whole
 * once `fill` is done, so that any moment is shown without a request.
 */
const MAX_CHUNKS = 160;

/**
 * The background fill waits until no moment was asked for this long: while a person
 * drags, steps or jumps, the page's time and the server's go to the moments shown.
 */
export const FILL_QUIET_MS = 300;
/**
 * Runs `fn` once after the next frame is painted and the page is idle (in a browser: the
 * person's next input, and whatever else the page had queued, goes first; at most
 * AFTER_PAINT_IDLE_MS later), or with `idle: false` in the task after that frame; else after the
 * current task. A hidden page paints no frames: there it runs after AFTER_PAINT_LATEST_MS (timers
 * are slowed there, not stopped).
 */
const AFTER_PAINT_LATEST_MS = 100;
const AFTER_PAINT_IDLE_MS = 50;
export const afterPaint = (fn: () => void, opts: { idle?: boolean } = {}): void => {
  let ran = false;
  const once = () => {
    if (ran) return;
    ran = true;
    fn();
  };
  if (typeof requestAnimationFrame === 'function') {
    const idle = opts.idle !== false && typeof requestIdleCallback === 'function' ? () => requestIdleCallback(once, { timeout: AFTER_PAINT_IDLE_MS }) : once;
    requestAnimationFrame(() => setTimeout(idle, 0));
    setTimeout(once, AFTER_PAINT_LATEST_MS);
  } else setTimeout(once, 0);
};
/** From this far into its chunk, a shown moment's next chunk loads at once (playing forward). */
const NEAR_END = 0.9;

/**
 * Awaited by a loader before it reads its answer's body and again before it parses it (fetchJson's
 * `beforeBody`, `beforeParse`): while a shown moment waits for one chunk, the answers of the others
 * (the background fill's, in flight when the person moved) wait unread, neither decoded nor parsed,
 * so that neither comes first. May be called more than once per answer.
 */
export type ParseGate = () => Promise<void>;
/**
 * The chunk route. With `base` (a checkpoint whose chunk is held), the answer may carry
 * only the tasks that differ from base's (`tasksFrom`); the engine completes them.
 */
export type ChunkLoader = (at: number, base?: number, gate?: ParseGate) => Promise<HeldChunk>;
/** Events from `from`, at most `limit` (the events route). */
export type EventsLoader = (from: number, limit: number, gate?: ParseGate) => Promise<EventList>;
/** The moment route: the state after event `seq` and the newest events up to it, based on `base` like a chunk. */
export type MomentLoader = (seq: number, base?: number) => Promise<ReplayMomentAnswer>;

/** A moment shown from the moment route while its chunk is not held: its state complete, its lists short. */
interface HeldMoment {
  state: IncidentState;
  events: IncidentEvent[];
  messagesOmitted: number;
}
/** Moments kept from the moment route (each is dropped once its chunk is here). */
const MAX_MOMENTS = 8;
/** A moment's chunk waits at most this long for the moment's answer before it is read. */
const MOMENT_WAIT_MS = 1000;

/**
 * The browser side of replay (SPEC REV1): a cache of server chunks (the state at
 * checkpoint C and events C+1..C+K) with prefetch of the neighbours, and the
 * state at seq S = applyEvents(state at C, events C+1..S): the same reducer as live.
 */
export class ReplayEngine {
  private readonly chunks = new Map<number, HeldChunk>();
  private readonly loading = new Map<number, Promise<HeldChunk>>();
  /** The last fold, reused when the next seq is later in the same chunk (playing forward). */
  private last: { at: number; seq: number; state: IncidentState | null; chunk: HeldChunk } | null = null;
  private listeners = new Set<(at: number, moment?: number) => void>();
  /** Moments from the moment route, by seq, for moments whose chunk is not held. */
  private readonly moments = new Map<number, HeldMoment>();
  /** Checkpoints a moment of which is on its way: their chunk's answer is read after that moment's frame. */
  private readonly momentsPending = new Set<number>();
  /** Checkpoints a moment on its way is based on while their chunk loads: their answer is read at once (`askMoment`). */
  private readonly momentBases = new Map<number, number>();
  private filling = false;
  private filled = false;
  private stopped = false;
  /** Checkpoints whose chunk a shown moment waits for: while any loads, the background fill sends nothing new. */
  private readonly waiting = new Set<number>();
  /** Answers that arrived while a moment waits for another chunk, unread until it is here (`gate`). */
  private gates: Array<{ at: number; open: () => void }> = [];
  private wake: Array<() => void> = [];
  /** When a moment was last asked for (`prefetch`): the fill keeps quiet for `quietMs` after. */
  private askedAt = -Infinity;
  private headAsked = false;
  /** The checkpoint whose neighbours load once the person pauses, and that wait. */
  private neighboursOf = 0;
  private neighbours: Promise<void> | null = null;

  constructor(
    private readonly load: ChunkLoader,
    readonly every: number,
    private headSeq: number,
    /**
     * When given, the chunk after a cached full chunk is derived here: its state is the
     * previous chunk folded to its end (applyEvents), and only its events are fetched,
     * a few hundred KiB instead of a whole state. Playing and dragging forward do this.
     */
    private readonly loadEvents?: EventsLoader,
    /** Newest messages a chunk's state keeps (REPLAY_LIMITS.chunkMessages; with the newest alert: `keptMessages`), the same as the server's. */
    private readonly keepMessages: number = Infinity,
    private readonly quietMs: number = FILL_QUIET_MS,
    /**
     * When given, a moment whose chunk is not held (and once the first moment is shown) is also
     * asked for on its own: a tenth of the chunk's bytes, so it is shown well before the chunk,
     * which the moves after it need, is here.
     */
    private readonly loadMoment?: MomentLoader,
    /**
     * When given: asked (for the head's checkpoint) whether its answer, fetched early by the page
     * and held back there unread until the first moment is painted, has arrived; if so it is let
     * through to be read now and true is returned.
     */
    private readonly readEarly?: (at: number) => boolean,
  ) {}

  /** The held chunk with a state whose tasks a request is best based on: at or after `at` beats before it; then the nearer. */
  private baseFor(at: number): HeldChunk | undefined {
    let base: HeldChunk | undefined;
    const better = (k: number, b: number) => (k >= at ? b < at || k < b : b < at && k > b);
    if (at > 0) for (const [k, c] of this.chunks) if (k > 0 && c.state && (!base || better(k, base.at))) base = c;
    return base;
  }

  /**
   * What a moment of checkpoint `at` (its chunk not held) is asked based on: the held chunk
   * `baseFor` picks, or, when that is before `at`, the head's chunk if its answer is already here
   * but not read yet (`loading`: the moment completes its tasks from it once read). Right after a
   * linked moment is first shown the page holds only that moment's chunk and has the head's
   * answer unread: a jump far from it, based on it, carried every task changed since (~750 KiB,
   * tens of ms for the server to write out and the page to read), where based on the head it
   * carries a few and the head's answer is read (~5 ms) while the moment's is on its way.
   */
  private momentBase(at: number): { at?: number; tasks?: Readonly<Record<string, Task>>; loading?: Promise<HeldChunk> } {
    const held = this.baseFor(at);
    const head = checkpointOf(this.headSeq, this.every);
    const loading = this.loading.get(head);
    // Last: readEarly lets the head's answer through, which only a moment based on it may do.
    const here = () => this.gates.some((g) => g.at === head) || !!this.readEarly?.(head);
    if (loading && head > at && (!held || held.at < at) && here()) return { at: head, loading };
    return { at: held?.at, tasks: held?.state?.tasks };
  }

  /**
   * Asks the moment route for moment `seq` (of checkpoint `at`), whose chunk is not held. True once
   * it is shown (or its chunk came first); false if it failed, or did not come within
   * MOMENT_WAIT_MS (it is still shown if it comes later).
   */
  private askMoment(seq: number, at: number): Promise<boolean> {
    const load = this.loadMoment;
    if (!load) return Promise.resolve(false);
    this.momentsPending.add(at);
    const base = this.momentBase(at);
    let answer!: (shown: boolean) => void;
    const result = new Promise<boolean>((resolve) => (answer = resolve));
    // Once the moment is here, or MOMENT_WAIT_MS at most (an answer that never comes must not hold
    // the chunk back), the chunk's answer may be read.
    let settled = false;
    const timer = setTimeout(() => settle(), MOMENT_WAIT_MS);
    const settle = (shown = false) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      answer(shown);
      this.momentsPending.delete(at);
      if (base.loading) {
        const n = (this.momentBases.get(base.at!) ?? 1) - 1;
        if (n > 0) this.momentBases.set(base.at!, n);
        else this.momentBases.delete(base.at!);
      }
      // The moment has rendered (the listeners ran): its chunk's answer, held back, is read after the frame.
      afterPaint(() => this.openGates());
    };
    if (base.loading) {
      this.momentBases.set(base.at!, (this.momentBases.get(base.at!) ?? 0) + 1);
      this.openGates();
    }
    load(seq, base.at)
      .then(async (m) => {
        const baseTasks = base.loading ? (await base.loading).state?.tasks : base.tasks;
        if (this.chunks.has(at)) return true;
        if (m.tasksFrom !== undefined && (!baseTasks || m.tasksFrom !== base.at)) throw new Error(`moment ${seq} came based on ${m.tasksFrom}, which is not held`);
        const state = m.tasksFrom === undefined || !baseTasks ? m.state : { ...m.state, tasks: withBaseTasks(m.state.tasks, baseTasks, seq) };
        this.moments.set(seq, { state, events: m.events, messagesOmitted: m.messagesOmitted });
        while (this.moments.size > MAX_MOMENTS) this.moments.delete(this.moments.keys().next().value as number);
        markReplay('replay-moment', { seq });
        for (const fn of this.listeners) fn(at, seq);
        return true;
      })
      // The chunk then shows the moment (`prefetch`).
      .catch(() => false)
      .then(settle);
    return result;
  }

  /** The moments of checkpoint `at`'s chunk shown from the moment route (kept until that chunk is held). */
  private momentsOf(at: number): number[] {
    return [...this.moments.keys()].filter((k) => checkpointOf(k, this.every) === at);
  }

  /** The chunk at `at` from the cached full chunk before it, fetching only events. */
  private derive(at: number): Promise<HeldChunk> | null {
    const prev = this.chunks.get(at - this.every);
    if (!this.loadEvents || !prev || prev.events.length !== this.every || this.every > LIMITS.eventsPage) return null;
    let folded: IncidentState | null;
    try {
      folded = applyEvents(prev.state, eventsOnce(prev.events));
    } catch (err) {
      // A page that does not parse (BAD_RESPONSE): this chunk fails as one that failed to load would.
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    // The server's trim (SPEC REV1): the newest messages, and the newest alert if older.
    const kept = folded ? keptMessages(folded.messages, this.keepMessages) : null;
    const extra = folded && kept ? folded.messages.length - kept.length : 0;
    const state = folded && kept && extra > 0 ? { ...folded, messages: kept } : folded;
    const limit = Math.min(this.every, this.headSeq - at);
    return (limit > 0 ? this.loadEvents(at + 1, limit, () => this.gate(at)) : Promise.resolve<EventList>([])).then((events) => ({
      incidentId: prev.incidentId,
      at,
      state,
      messagesOmitted: prev.messagesOmitted + extra,
      events,
      headSeq: this.headSeq,
    }));
  }

  /**
   * The chunk at `at` from the server. When a chunk with a state is held, it is the
   * base: the server sends only the tasks that differ from its (most of a late
   * state is finished tasks, the same in every later checkpoint), and the whole
   * map is made here (`withBaseTasks`). The nearest held checkpoint at or after
   * `at` is best (what differs is then only what was active at `at`).
   */
  private loadWhole(at: number): Promise<HeldChunk> {
    // The head's chunk, asked beside the first moment, may still be on its way: once some
    // chunk is held (not for the first moment), a chunk before the head waits for it, since
    // based on it, it carries a few dozen tasks instead of all those since the one held.
    const head = checkpointOf(this.headSeq, this.every);
    const headLoading = at > 0 && at < head && this.chunks.size > 0 ? this.loading.get(head) : undefined;
    return headLoading ? headLoading.then(() => this.loadBased(at), () => this.loadBased(at)) : this.loadBased(at);
  }

  private loadBased(at: number): Promise<HeldChunk> {
    const base = this.baseFor(at);
    const baseTasks = base?.state?.tasks;
    return this.load(at, base?.at, () => this.gate(at)).then((chunk) => {
      const { tasksFrom, ...whole } = chunk;
      if (tasksFrom === undefined || !whole.state) return whole;
      if (!baseTasks || tasksFrom !== base?.at) throw new Error(`chunk ${at} came based on ${tasksFrom}, which is not held`);
      return { ...whole, state: { ...whole.state, tasks: withBaseTasks(whole.state.tasks, baseTasks, at) } };
    });
  }

  /**
   * Resolves when the answer for checkpoint `at` may be read: at once unless a shown moment waits
   * for another chunk. The head's chunk is not held back for that (the chunks before it wait for
   * it, `loadWhole`), only while a moment from the moment route is on its way: that answer needs no
   * head (it is based on a chunk held) and is a tenth of the bytes, so it is read and shown first.
   * A person's first jump, right after the first moment, waited for the head's 1.5 MB otherwise.
   */
  private gate(at: number): Promise<void> {
    if (this.mayRead(at)) return Promise.resolve();
    return new Promise((open) => this.gates.push({ at, open }));
  }

  private mayRead(at: number): boolean {
    // A moment on its way is based on it (`momentBase`): read now, while that answer comes.
    if (this.momentBases.has(at)) return true;
    // A moment of that chunk is on its way: it is shown first (a tenth of the bytes to read).
    if (this.momentsPending.has(at)) return false;
    if (at === checkpointOf(this.headSeq, this.every)) return this.momentsPending.size === 0;
    return this.waiting.size === 0 || this.waiting.has(at);
  }

  private openGates(): void {
    const still: typeof this.gates = [];
    for (const g of this.gates) {
      if (this.mayRead(g.at)) g.open();
      else still.push(g);
    }
    this.gates = still;
  }

  /** Called when a chunk arrived, with its checkpoint; or a moment from the moment route, with its checkpoint and seq. */
  subscribe(fn: (at: number, moment?: number) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** A live incident grew: the cached chunk at the old head is short now, so it goes. */
  setHead(headSeq: number): void {
    if (headSeq === this.headSeq) return;
    this.headSeq = headSeq;
    for (const [at, c] of this.chunks) {
      if (c.events.length < this.every && at + c.events.length < headSeq) {
        this.drop(at);
        if (this.last?.at === at) this.last = null;
      }
    }
  }

  /** A chunk let go, with its events if they are kept parsed (it is not read again). */
  private drop(at: number): void {
    const c = this.chunks.get(at);
    this.chunks.delete(at);
    if (c) forgetParsed([c.events]);
  }

  get head(): number {
    return this.headSeq;
  }

  /** The chunk holding seq, if cached. */
  cached(seq: number): HeldChunk | undefined {
    const at = checkpointOf(Math.min(seq, this.headSeq), this.every);
    const c = this.chunks.get(at);
    if (c) {
      this.chunks.delete(at);
      this.chunks.set(at, c);
    }
    return c;
  }

  /** Loads the chunk of seq (once, however often asked). */
  ensure(seq: number): Promise<HeldChunk> {
    const at = checkpointOf(Math.min(Math.max(seq, 0), this.headSeq), this.every);
    const have = this.chunks.get(at);
    if (have) return Promise.resolve(have);
    let p = this.loading.get(at);
    if (!p) {
      const headWas = this.headSeq;
      p = (this.derive(at) ?? this.loadWhole(at)).then(
        (chunk): HeldChunk | Promise<HeldChunk> => {
          this.loading.delete(at);
          // A live incident's head moved on while this chunk was on its way: asked up to the old
          // head, it is short of the new one, whose moment would show the old head's state. Asked again.
          if (this.headSeq !== headWas && chunk.events.length < Math.min(this.every, this.headSeq - at)) {
            forgetParsed([chunk.events]);
            return this.ensure(seq);
          }
          this.chunks.set(at, chunk);
          for (const k of this.momentsOf(at)) this.moments.delete(k);
          // For the benchmark and anyone profiling: when a chunk was ready to show.
          markReplay('replay-chunk', { at });
          while (this.chunks.size > MAX_CHUNKS) this.drop(this.chunks.keys().next().value as number);
          for (const fn of this.listeners) fn(at);
          return chunk;
        },
        (err: unknown) => {
          this.loading.delete(at);
          throw err;
        },
      );
      this.loading.set(at, p);
    }
    return p;
  }

  /**
   * Shows moment seq: resolves once the page can show it (its chunk here, or the moment itself from
   * the moment route), rejects if neither can be had. Then, once the person pauses (`quietMs`), its
   * chunk if it is not held and that chunk's neighbours (sliding and playing hit them next); or the
   * next chunk at once when seq is near its chunk's end. Until the moment is shown the fill
   * pauses, so that the moment's request does not queue behind the fill's on the server or in the
   * page, and the moment renders before anything else arrives.
   *
   * Once a moment is shown (not for the first, whose chunk the page asked for early), a jump into a
   * chunk neither held nor on its way asks the moment route only: a tenth of the chunk's bytes, and
   * the chunk, which the moves after it need, waits for the person's pause, so that a run of jumps
   * does not have each jump's chunk read in the next one's time. A second move into that chunk
   * (stepping, playing, dragging) asks for the chunk at once, beside a moment of its own if none
   * is on its way (one at a time per chunk: playing into a chunk asks every frame).
   */
  prefetch(seq: number): Promise<unknown> {
    this.askedAt = Date.now();
    const s = this.clamp(seq);
    const at = checkpointOf(s, this.every);
    const waited = !this.chunks.has(at);
    const askMoment = waited && s > 0 && this.chunks.size > 0 && !!this.loadMoment && !this.moments.has(s) && !this.momentsPending.has(at);
    let p: Promise<unknown>;
    if (askMoment && !this.loading.has(at) && this.momentsOf(at).length === 0) {
      // The chunk only if the moment fails or is late.
      p = this.askMoment(s, at).then((shown): unknown => shown || this.ensure(s));
    } else {
      if (askMoment) void this.askMoment(s, at);
      p = this.ensure(s);
    }
    if (waited && !this.waiting.has(at)) {
      this.waiting.add(at);
      // That chunk may be on its way already (the fill's), its answer held back for another moment's.
      this.openGates();
      const done = () => {
        // The moment is about to render: that, and the person's next moves, go first.
        this.askedAt = Math.max(this.askedAt, Date.now());
        this.waiting.delete(at);
        if (this.waiting.size > 0) return;
        // Once the moment has rendered (the listeners run when its chunk or moment is set, before
        // this) and its frame is painted: the answers held back are read after that.
        afterPaint(() => this.openGates());
        const wake = this.wake;
        this.wake = [];
        for (const fn of wake) fn();
      };
      p.then(done, done);
    }
    // Once, beside the first moment's: the head's chunk, the base of every chunk before it (`loadWhole`).
    if (!this.headAsked) {
      this.headAsked = true;
      this.ensure(this.headSeq).catch(() => undefined);
    }
    void p.then(() => {
      // Near the end of its chunk (playing or dragging forward), the next one is needed soon.
      if (this.chunks.has(at) && s - at >= this.every * NEAR_END && at + this.every <= this.headSeq) this.ensure(at + this.every).catch(() => undefined);
      this.neighboursOf = at;
      this.neighbours ??= this.yieldToPerson().then(async () => {
        this.neighbours = null;
        const of = this.neighboursOf;
        if (this.stopped) return;
        // A moment shown from the moment route: its chunk first (the neighbours may be derived from it).
        if (!this.chunks.has(of)) await this.ensure(of).catch(() => undefined);
        if (this.stopped) return;
        if (of + this.every <= this.headSeq) this.ensure(of + this.every).catch(() => undefined);
        if (of - this.every >= 0) this.ensure(of - this.every).catch(() => undefined);
      });
    }, () => undefined);
    return p;
  }

  /**
   * Loads the whole incident in the background, after the moment first shown:
   * forward from that moment's chunk to the head, and from the start up to it,
   * each chunk derived from the one before (only its events are fetched), two
   * requests at a time, pausing while a shown moment waits for a chunk and until
   * no moment was asked for (`prefetch`) in the last `quietMs`.
   * Afterwards a jump anywhere needs no request. Runs once;
   * stops at MAX_CHUNKS (the oldest would only be evicted again) or on `stop()`.
   * True when this call loaded the whole incident.
   */
  async fill(fromSeq: number): Promise<boolean> {
    if (this.filling || this.filled) return false;
    this.filling = true;
    const from = checkpointOf(Math.min(fromSeq, this.headSeq), this.every);
    const last = checkpointOf(this.headSeq, this.every);
    const lane = async (start: number, end: number): Promise<boolean> => {
      for (let at = start; at <= end; at += this.every) {
        await this.yieldToPerson();
        if (this.stopped || this.chunks.size >= MAX_CHUNKS) return false;
        await this.ensure(at);
      }
      return true;
    };
    try {
      const done = await Promise.all([lane(from + this.every, last), lane(0, from - this.every)]);
      this.filled = done[0] && done[1];
      return this.filled;
    } finally {
      this.filling = false;
    }
  }

  /** Returns once no shown moment waits for a chunk and none was asked for in the last `quietMs`. */
  private async yieldToPerson(): Promise<void> {
    for (;;) {
      if (this.waiting.size > 0) {
        await new Promise<void>((resolve) => this.wake.push(resolve));
        continue;
      }
      const left = this.askedAt + this.quietMs - Date.now();
      if (left <= 0) return;
      await new Promise((resolve) => setTimeout(resolve, left));
    }
  }

  /** No more background loading, and no events kept parsed (the page went away); `resume` allows loading again. */
  stop(): void {
    this.stopped = true;
    forgetParsed(Array.from(this.chunks.values(), (c) => c.events));
  }

  resume(): void {
    this.stopped = false;
  }

  /** How many chunks are held (tests, the benchmark). */
  get size(): number {
    return this.chunks.size;
  }

  /** The state after event `seq`, or undefined while its chunk is not here yet. */
  stateAt(seq: number): IncidentState | null | undefined {
    const s = this.clamp(seq);
    const chunk = this.cached(s);
    if (!chunk) return this.moments.get(s)?.state;
    const l = this.last;
    let state: IncidentState | null;
    if (l && l.chunk === chunk && l.seq <= s) state = applyEvents(l.state, chunk.events.slice(l.seq - chunk.at, s - chunk.at));
    else state = applyEvents(chunk.state, chunk.events.slice(0, s - chunk.at));
    this.last = { at: chunk.at, seq: s, state, chunk };
    return state;
  }

  /** seq within 0 … head. */
  private clamp(seq: number): number {
    return Math.max(0, Math.min(seq, this.headSeq));
  }

  /**
   * A held moment other than seq, for the page's rehearsal (components/replay/replay-view.tsx):
   * the head, else the checkpoint of seq's chunk, else the moment before that checkpoint.
   */
  otherHeld(seq: number): number | null {
    const s = this.clamp(seq);
    const at = checkpointOf(s, this.every);
    for (const o of [this.headSeq, at, at - 1]) if (o > 0 && o !== s && this.holds(o)) return o;
    return null;
  }

  /** Whether the chunk of seq is held (else a moment shown comes from the moment route, with short lists). */
  holds(seq: number): boolean {
    return this.chunks.has(checkpointOf(this.clamp(seq), this.every));
  }

  /** How many messages before the state's at seq are left out of it (undefined while nothing of seq is held). */
  omittedAt(seq: number): number | undefined {
    const s = this.clamp(seq);
    return this.cached(s)?.messagesOmitted ?? this.moments.get(s)?.messagesOmitted;
  }

  /** Up to `max` events before and at seq (newest last), from the cached chunks. */
  eventsUpTo(seq: number, max: number): IncidentEvent[] {
    const s = this.clamp(seq);
    const chunk = this.cached(s);
    if (!chunk) {
      const m = this.moments.get(s);
      return m ? m.events.slice(-max) : [];
    }
    const out = chunk.events.slice(0, s - chunk.at);
    if (out.length < max && chunk.at > 0) {
      const prev = this.chunks.get(chunk.at - this.every);
      if (prev) out.unshift(...prev.events.slice(-(max - out.length)));
    }
    return out.length > max ? out.slice(-max) : out;
  }
}
