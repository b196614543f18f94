import { domainError, ErrorCode, isTransient, rateLimitWait, type DomainError } from '../domain/errors';
import type { IncidentEvent } from '../domain/incident/events';
import { applyEvents } from '../domain/incident/evolve';
import { EventSequencer } from '../domain/incident/sequencer';
import { LIMITS } from '../domain/limits';
import type { IncidentState } from '../domain/incident/state';
import type { Ack } from '../protocol/ack';
import { NO_ANSWER_MS } from './within';
import type { EventsPage } from '../protocol/socket';
import { checkAck, checkMessage, EventsPageAnswer } from '../protocol/socket-answers';
import { externalValue } from './external-value';
import { repeats } from './share-repeats';
import type { PortlineSocket } from './socket';

export interface FeedSnapshot {
  state: IncidentState | null;
  /** Applied events, oldest first. */
  events: IncidentEvent[];
  /** Latest seq the server reported; > state.seq while catching up. */
  headSeq: number;
  loading: boolean;
  error: DomainError | null;
  /**
   * The seq applied so far. While a first load catches up page by page, the snapshot shows
   * no state yet (see `publish`), and this is its progress towards `headSeq`.
   */
  appliedSeq: number;
  /**
   * When the server last showed this state to be its head (Date.now()): a join or a read of the log
   * that caught up, a live event applied. Null before the first; a snapshot resumed from keeps its
   * own (a copy the device kept, SPEC SYNC12: how old the board shown offline is).
   */
  heardAt: number | null;
}

export const emptySnapshot = (): FeedSnapshot => ({ state: null, events: [], headSeq: 0, loading: true, error: null, appliedSeq: 0, heardAt: null });

/** A request over the socket, or a read over HTTP, with no answer this long is ended (SPEC SYNC8). */
const REQUEST_TIMEOUT_MS = NO_ANSWER_MS;
/**
 * A page whose socket is not connected reads the log over HTTP instead (SPEC SYNC7): this long
 * after it starts or its socket drops (a reconnect is usually quicker), then this often while the
 * socket stays down.
 */
export const HTTP_READ_AFTER_MS = 3_000;
export const HTTP_READ_EVERY_MS = 15_000;
/**
 * SPEC SYNC9: a page of the log (a join's, a fetch's, or a read over HTTP) is sized so that its
 * answer takes about this long on the link it crosses (a quarter of REQUEST_TIMEOUT_MS), between
 * PAGE_MIN and a full page (LIMITS.eventsPage). A full page is ~0.5 MB: on a link slower than
 * ~0.5 Mbit/s (a quay's Wi-Fi at the edge of its reach) its answer never came within the bound,
 * and the feed asked for the same page again for ever.
 */
export const PAGE_AIM_MS = REQUEST_TIMEOUT_MS / 4;
export const PAGE_MIN = 20;
/**
 * A feed's first read asks for a quarter of a full page (~110 KiB), not a full one: nothing tells
 * it the link's pace yet, and on a link too slow for a full page, that page's answer held back
 * every packet behind it (the server's pings too) for longer than a page's watch waits (15 s,
 * SYNC3), so the socket was dropped and joined again. A fast link asks for full pages from the
 * second read on; what it costs there is one round trip more on an incident of over 250 events.
 */
export const PAGE_FIRST = LIMITS.eventsPage / 4;

/**
 * One page of the log from `fromSeq` over HTTP (GET /api/incidents/:id/events): what a feed whose
 * socket cannot connect (a proxy that refuses WebSocket upgrades, a network that lets only plain
 * HTTP through) reads instead of `incident:fetch`. A network failure, or `signal` ended (after
 * REQUEST_TIMEOUT_MS, or when the socket connects), is TIMEOUT, as a socket request's is.
 */
export type HttpEventsPage = (incidentId: string, fromSeq: number, signal: AbortSignal, limit: number) => Promise<Ack<EventsPage>>;

/**
 * When a read over HTTP last brought a feed of this page to its head while its socket was down
 * (Date.now(); SYNC7): what a board's or a wall's "not live" notice gives as the last update, when
 * it is later than the moment the connection was lost.
 */
export const httpReads = externalValue<number | null>(null);
/**
 * A join or fetch answered RATE_LIMITED by the reads' bucket (SPEC AUTH10: joins and fetches share
 * a bucket of 60, then 20 a second) is asked again after the wait the server gave, within these
 * bounds: catching up on an incident of more than 60,000 events meets it, and that is the server's
 * pace, not a failure (SPEC SYNC6). A join refused for the number of incidents joined at once is a
 * failure, shown and retried with the rejoin's backoff (SYNC3).
 */
const PACE_MIN_MS = 50;
const PACE_MAX_MS = 5_000;

/** How long a wall screen waits before it tries a refused join or fetch again (SPEC SYNC3). */
export const WALL_RETRY_REFUSED_MS = 30_000;
/** The events a wall's feed keeps: its timeline shows the newest few (SPEC SYNC13). */
export const WALL_KEEP_EVENTS = 500;

/** Wait before the n-th rejoin after a transient failure: 1 s, 2 s, 4 s … at most 30 s. */
export function rejoinDelay(attempt: number): number {
  return Math.min(30_000, 1000 * 2 ** attempt);
}

/**
 * Keeps one incident's state current from a socket, in the browser or in Node
 * (SPEC SYNC1, SYNC2): joins with the last applied seq, pages through what was
 * missed, applies live events strictly in order, fetches any gap before
 * applying more, ignores what it already has, and rejoins after a reconnect,
 * and after a transient failure (with backoff), so a screen left alone catches up.
 */
export class IncidentFeed {
  private snap: FeedSnapshot;
  private readonly sequencer = new EventSequencer();
  private fetching = false;
  private stopped = false;
  private retries = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** A join or a fetch of missed pages is under way: what it applies is published once it is done. */
  private catchingUp = false;
  /** A join is waiting for its answer. */
  private joining = false;
  /** The newest seq a list hint reported while a join or a catch-up was under way (0: none). */
  private hinted = 0;
  /** The state of the last snapshot given to `onChange`. */
  private shown: IncidentState | null;
  /** The next read over HTTP while the socket is down (SYNC7). */
  private httpTimer: ReturnType<typeof setTimeout> | undefined;
  /** A read over HTTP asks for one page even when the feed believes it has the head. */
  private probing = false;
  /** Ends the read over HTTP under way: when the socket connects, the catch-up goes on over it. */
  private httpAbort: AbortController | null = null;
  /** How many events the next page read asks for, over the socket or HTTP (SPEC SYNC9). */
  private pageLimit: number = PAGE_FIRST;

  constructor(
    private readonly socket: PortlineSocket,
    readonly incidentId: string,
    private readonly onChange: (snap: FeedSnapshot) => void,
    from?: FeedSnapshot,
    /** Reads the log over HTTP while the socket is down (the browser's pages; SPEC SYNC7). */
    private readonly http?: HttpEventsPage,
    /**
     * A screen nobody attends (a wall): a join or a fetch refused (not a transient failure) is
     * tried again after this many ms, as it is never tried again otherwise (SPEC SYNC3, SYNC10).
     */
    private readonly retryRefusedMs?: number,
    /**
     * Keep only the newest this many events in the snapshot (at least; a wall, which shows the
     * last few and runs for days: SPEC SYNC13). The state is folded from all of them all the same.
     */
    private readonly keepEvents?: number,
  ) {
    this.snap = from && from.state ? { ...from, loading: true, error: null, appliedSeq: from.state.seq } : emptySnapshot();
    this.shown = this.snap.state;
  }

  get seq(): number {
    return this.snap.state?.seq ?? 0;
  }

  get snapshot(): FeedSnapshot {
    return this.snap;
  }

  /** What a feed that lags is waiting for (for a test's failure message). */
  diagnostics(): string {
    const waits = [this.fetching && 'fetching', this.sequencer.waiting && 'gap', this.retries > 0 && `rejoin backoff #${this.retries}`].filter(Boolean);
    return `seq ${this.seq}/head ${this.snap.headSeq}, socket ${this.socket.connected ? 'connected' : this.socket.active ? 'reconnecting' : 'given up'}, ${waits.join(', ') || 'idle'}${this.snap.error ? `, ${this.snap.error.code}` : ''}`;
  }

  start(): void {
    this.socket.on('incident:events', this.onEvents);
    this.socket.on('incidents:changed', this.onHint);
    this.socket.on('connect', this.onConnect);
    this.socket.on('disconnect', this.onDisconnect);
    if (this.socket.connected) void this.join();
    else this.readOverHttpAfter(HTTP_READ_AFTER_MS);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearTimeout(this.httpTimer);
    this.httpAbort?.abort();
    this.socket.off('incident:events', this.onEvents);
    this.socket.off('incidents:changed', this.onHint);
    this.socket.off('connect', this.onConnect);
    this.socket.off('disconnect', this.onDisconnect);
    if (this.socket.connected) this.socket.emit('incident:leave', { incidentId: this.incidentId }, () => undefined);
  }

  private readonly onConnect = () => {
    clearTimeout(this.retryTimer);
    clearTimeout(this.httpTimer);
    // A read over HTTP may hang on a network that just came back (a connection it lost without a
    // word): ended, so that the catch-up it holds (`fetching`) goes on over the socket.
    this.httpAbort?.abort();
    void this.join();
  };

  private readonly onDisconnect = () => this.readOverHttpAfter(HTTP_READ_AFTER_MS);

  /** While the socket is down, reads what is new over HTTP after `ms`, then every HTTP_READ_EVERY_MS (SYNC7). */
  private readOverHttpAfter(ms: number): void {
    if (!this.http || this.stopped) return;
    clearTimeout(this.httpTimer);
    this.httpTimer = setTimeout(() => {
      if (this.socket.connected || this.stopped) return;
      this.readOverHttpAfter(HTTP_READ_EVERY_MS);
      if (this.fetching) return; // a catch-up under way goes on over HTTP itself
      this.probing = true;
      void this.fill();
    }, ms);
  }

  /**
   * After a transient failure: join again (from the last applied seq) once the backoff has passed.
   * A refusal only on a screen nobody attends (`retryRefusedMs`).
   */
  private retryLater(error: DomainError): void {
    if (this.stopped) return;
    if (isTransient(error.code)) this.rejoinAfter(rejoinDelay(this.retries++));
    else if (this.retryRefusedMs !== undefined) this.rejoinAfter(this.retryRefusedMs);
  }

  /** Joins again after `ms` (a reconnect meanwhile joins at once and clears this). */
  private rejoinAfter(ms: number): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      if (this.socket.connected) void this.join();
    }, ms);
  }

  /**
   * The list hint says the incident moved past what this feed has, and no live event
   * brought it: the socket is out of the room (its agency was taken out and later added
   * back, SPEC AUTH5). Joining again catches up and re-enters the room.
   */
  private readonly onHint = (raw: { incidentId: string; seq: number }) => {
    const hint = checkMessage('incidents:changed', raw);
    if (!hint || hint.incidentId !== this.incidentId || hint.seq <= this.seq) return;
    // A join or catch-up under way reaches that seq itself (a hint on a busy incident came while a
    // long incident's join was answered, and joined it a second time). It is kept, and acted on
    // once that is done, if the feed is still behind it (a catch-up refused meanwhile, SPEC AUTH5).
    if (this.joining || this.fetching) this.hinted = Math.max(this.hinted, hint.seq);
    else void this.join();
  };

  /**
   * After a join or a catch-up that ended (not one waiting to be retried): a hint that came
   * meanwhile and is still ahead of the feed joins again, once.
   */
  private afterCatchUp(): void {
    const hinted = this.hinted;
    if (this.joining || this.fetching || hinted === 0) return;
    this.hinted = 0;
    // A catch-up that failed for a while is joined again by the backoff (SYNC3).
    if (!this.stopped && hinted > this.seq && !(this.snap.error && isTransient(this.snap.error.code))) void this.join();
  }

  private readonly onEvents = (raw: { incidentId: string; events: IncidentEvent[] }) => {
    // Another incident's events (a page with several feeds) are not this feed's to check.
    if ((raw as { incidentId?: unknown } | null)?.incidentId !== this.incidentId) return;
    const msg = checkMessage('incident:events', raw);
    if (msg) {
      this.offer(msg.events);
      return;
    }
    // Not of the protocol's shape (SPEC SYNC10): nothing of it is applied. What it carried is
    // read again by a join (after one under way, as a hint's), whose answer says what is wrong.
    if (this.joining || this.fetching) this.hinted = Number.MAX_SAFE_INTEGER;
    else void this.join();
  };

  private async request(
    event: 'incident:join' | 'incident:fetch',
    payload: { incidentId: string; sinceSeq: number } | { incidentId: string; fromSeq: number },
  ): Promise<Ack<EventsPage>> {
    // A full page once a read has shown the link is fast enough for one (`limit` left out then).
    const asked = this.pageLimit;
    const sentAt = Date.now();
    const res = await this.send(event, payload, asked);
    // A full answer tells the link's pace (a shorter one ended at the head, and says nothing of
    // it); no answer in time on a link still there, perhaps a page too large for it: it took over
    // 4 × PAGE_AIM_MS, so the next asks for a quarter.
    if (res.ok && res.events.length >= asked) this.pageLimit = pageFor((asked * PAGE_AIM_MS) / Math.max(1, Date.now() - sentAt));
    else if (!res.ok && res.error.code === ErrorCode.TIMEOUT && Date.now() - sentAt >= REQUEST_TIMEOUT_MS) this.pageLimit = pageFor(asked / 4);
    return res;
  }

  private async send(
    event: 'incident:join' | 'incident:fetch',
    payload: { incidentId: string; sinceSeq: number } | { incidentId: string; fromSeq: number },
    limit: number,
  ): Promise<Ack<EventsPage>> {
    // A fetch while the socket is down (a catch-up it left, or SYNC7's read) goes over HTTP.
    if (event === 'incident:fetch' && 'fromSeq' in payload && this.http && !this.socket.connected) {
      const abort = new AbortController();
      this.httpAbort = abort;
      const timer = setTimeout(() => abort.abort(), REQUEST_TIMEOUT_MS);
      try {
        return await this.http(this.incidentId, payload.fromSeq, abort.signal, limit);
      } finally {
        clearTimeout(timer);
        if (this.httpAbort === abort) this.httpAbort = null;
      }
    }
    try {
      // Both requests share the EventsPage ack; the cast picks one overload.
      const raw: unknown = await (this.socket.timeout(REQUEST_TIMEOUT_MS) as PortlineSocket).emitWithAck(
        event as 'incident:fetch',
        (limit < LIMITS.eventsPage ? { ...payload, limit } : payload) as { incidentId: string; fromSeq: number; limit: number },
      );
      return checkAck(EventsPageAnswer, raw); // SPEC SYNC10
    } catch {
      return { ok: false, error: domainError(ErrorCode.TIMEOUT, 'No answer from the server.') };
    }
  }

  private async join(): Promise<void> {
    this.catchingUp = true;
    this.joining = true;
    const res = await this.request('incident:join', { incidentId: this.incidentId, sinceSeq: this.seq }).finally(() => {
      this.joining = false;
    });
    if (this.stopped) return;
    // Joined again after the server's wait (SYNC6) or the backoff (SYNC3): not at once for a hint.
    if (await this.joined(res)) this.afterCatchUp();
  }

  /** Applies a join's answer and catches up; false if a join is to follow after a wait. */
  private async joined(res: Ack<EventsPage>): Promise<boolean> {
    const pace = res.ok ? null : rateLimitWait(res.error, { limit: 'reads' });
    if (pace !== null) {
      // Joined again after the server's wait, with no error shown (SPEC SYNC6).
      this.rejoinAfter(paced(pace));
      return false;
    }
    if (!res.ok) {
      this.catchingUp = this.fetching;
      this.update({ loading: false, error: res.error });
      this.retryLater(res.error);
      return !isTransient(res.error.code);
    }
    this.retries = 0;
    // Loading again (a join that failed before ended the loading): a page with nothing shown yet
    // shows the progress, not a blank (SPEC SYNC5, SYNC9).
    this.snap = { ...this.snap, headSeq: Math.max(this.snap.headSeq, res.headSeq), error: null, loading: true };
    this.offer(res.events);
    if (this.seq < res.headSeq) await this.fill();
    else {
      this.catchingUp = this.fetching;
      this.update({ loading: false, heardAt: Date.now() });
    }
    return true;
  }

  /** Applies what is contiguous; anything past a gap waits for the gap to be fetched. */
  private offer(events: readonly IncidentEvent[]): void {
    // The log stays in the snapshot for the page's life: each event's copy of the incident id and actor shared.
    const batch = repeats.share(this.sequencer.take(events, this.seq));
    if (batch.length > 0) {
      const last = batch[batch.length - 1].seq;
      this.snap = {
        ...this.snap,
        state: applyEvents(this.snap.state, batch),
        events: this.kept(this.snap.events.concat(batch)),
        headSeq: Math.max(this.snap.headSeq, last),
        appliedSeq: last,
      };
      // The server's head only when nothing is missing before it nor known past it (a join's or a
      // fetch's first pages, events past a gap, are not: their catch-up stamps it when it is done).
      if (!this.sequencer.waiting && last >= this.snap.headSeq) this.snap.heardAt = Date.now();
      this.publish();
    }
    if (this.sequencer.waiting) void this.fill();
  }

  /** The events the snapshot keeps: all, or (`keepEvents`) cut to the newest once twice over (a copy per cut, not per batch). */
  private kept(events: IncidentEvent[]): IncidentEvent[] {
    const keep = this.keepEvents;
    return keep !== undefined && events.length > 2 * keep ? events.slice(-keep) : events;
  }

  /** Fetches from seq+1 until caught up with the head and no gap is left. */
  private async fill(): Promise<void> {
    if (this.fetching) return;
    this.fetching = true;
    this.catchingUp = true;
    try {
      while (!this.stopped && (this.probing || this.sequencer.waiting || this.seq < this.snap.headSeq)) {
        this.probing = false;
        const before = this.seq;
        const overHttp = this.http !== undefined && !this.socket.connected;
        const res = await this.request('incident:fetch', { incidentId: this.incidentId, fromSeq: before + 1 });
        // The socket connected while this page was read over HTTP (and the read was ended): asked again over it.
        if (!res.ok && overHttp && this.socket.connected && !this.stopped) continue;
        const pace = res.ok ? null : rateLimitWait(res.error, { limit: 'reads' });
        if (pace !== null) {
          // The server's pace while catching up (SPEC SYNC6): wait, then go on; no error shown.
          await new Promise((r) => setTimeout(r, paced(pace)));
          continue;
        }
        if (!res.ok) {
          this.catchingUp = false;
          // No answer while the socket is down (a read over HTTP that found no network, or a
          // socket request that timed out as the socket dropped) changes nothing shown: the header
          // says the connection is down, and the next read or the reconnect goes on from here.
          if (this.socket.connected || !this.http || res.error.code !== ErrorCode.TIMEOUT) this.update({ loading: false, error: res.error });
          this.retryLater(res.error); // or the next live event, hint or reconnect
          return;
        }
        this.snap = { ...this.snap, headSeq: Math.max(this.snap.headSeq, res.headSeq) };
        this.offer(res.events);
        if (this.seq === before) break; // nothing new on the server yet
      }
      if (!this.stopped && this.http && !this.socket.connected) httpReads.set(Date.now());
      this.catchingUp = false;
      this.update({ loading: false, error: null, heardAt: Date.now() });
    } finally {
      this.fetching = false;
      this.catchingUp = false;
      this.afterCatchUp();
    }
  }

  private update(patch: Partial<FeedSnapshot>): void {
    if (this.stopped) return;
    this.snap = { ...this.snap, ...patch };
    this.publish();
  }

  /**
   * Gives the snapshot to `onChange`, but not a state the feed knows to be behind while it
   * catches up (SPEC SYNC5): a board must not show an old moment as the present, and each page
   * of a long incident rendered the whole board again (about a third of a second each on a slow
   * laptop). Until the first state is shown, a snapshot with no state carries the progress.
   */
  private publish(): void {
    if (this.stopped) return;
    const s = this.snap;
    const hold = this.catchingUp && !s.error;
    if (this.shown === null && (hold || (s.error && s.appliedSeq < s.headSeq))) {
      // Nothing shown yet: the progress, or why it stopped, without the partial state.
      this.onChange({ ...s, state: null, events: [] });
      return;
    }
    // Shown once the catch-up is done (`update` at its end), not page by page.
    if (hold) return;
    this.shown = s.state;
    this.onChange(s);
  }
}

/** A page size between PAGE_MIN and a full page. */
const pageFor = (events: number) => Math.min(LIMITS.eventsPage, Math.max(PAGE_MIN, Math.floor(events)));
const paced = (ms: number) => Math.min(PACE_MAX_MS, Math.max(PACE_MIN_MS, ms));
