import type { IncidentEvent } from '../../lib/domain/incident/events';
import { LIMITS } from '../../lib/domain/limits';
import { summarize, type IncidentSummary } from '../../lib/domain/incident/summary';
import type { Logger } from '../log';
import type { EventStore } from '../store/types';
import { IncidentHub, RECENT_COMMANDS } from './hub';

/**
 * A hub that no socket of this process follows and that nothing asked for this long is dropped
 * (SPEC OPS5); the incident loads again from the store when it is next asked for.
 */
export const HUB_IDLE_MS = 10 * 60_000;

/**
 * The version of the list rows stored beside the logs (`IncidentSummary`, made by `summarize`):
 * raise it when either changes (or the reducer that makes the state they summarise), and rows of
 * another version are made again from the logs. 2: an agency brought back in starts unreported (SPEC AGS1).
 */
export const SUMMARY_VERSION = 2;
/** A held incident's failed catch-up after a bus break is tried again after this, doubling to the max (`resyncAll`). */
const RESYNC_RETRY_FIRST_MS = 250;
const RESYNC_RETRY_MAX_MS = 5_000;
/** A catch-up still failing is logged again every this many tries. */
const RESYNC_RETRY_REPORT_EVERY = 12;

export interface RegistryOptions {
  /** Command ids each hub keeps in memory (RECENT_COMMANDS; tests make it small). */
  keepCommands?: number;
  /** @default HUB_IDLE_MS */
  idleMs?: number;
  now?: () => number;
  /**
   * The replay checkpoint interval of whoever `onApplied` feeds (CheckpointCache.every): each
   * hub applies a run in parts ending at its multiples (IncidentHub.offer). @default the hub's
   */
  partEvery?: number;
  /** Where a batch of the bus that failed to apply is reported (the process's logger). @default console */
  log?: Pick<Logger, 'error'> & Partial<Pick<Logger, 'info'>>;
}

/**
 * The incidents this process holds in memory. Loads a hub on first use, feeds
 * it from the bus, and reports every applied batch (for fan-out to sockets).
 *
 * Memory follows use (SPEC OPS5): a hub is kept while a socket of this process follows its
 * incident (`followedBy`), its committer has work, or something asked for it (`get`, which a
 * list row that had to load it counts as) in the last `idleMs`; otherwise a sweep (once a
 * minute) drops it and keeps only its incident-list summary, which the list reads until an
 * event of that incident arrives.
 */
export class IncidentRegistry {
  private readonly hubs = new Map<string, IncidentHub>();
  private readonly loading = new Map<string, Promise<IncidentHub>>();
  /** When each held hub was last asked for (`get`, `adopt`). */
  private readonly usedAt = new Map<string, number>();
  /** The list summaries of dropped hubs, each exact until an event of its incident arrives. */
  private readonly summaries = new Map<string, IncidentSummary>();
  /**
   * The list row of each held hub as last made (`rowOf`), exact while its seq is the hub's: every
   * list read of every page and wall asks for every incident's row, and `summarize` walks all of
   * an incident's tasks and messages (about 1 ms per 100,000 events), so an incident is summarised
   * again only once it has changed (SPEC OPS5).
   */
  private readonly rows = new Map<string, IncidentSummary>();
  /**
   * Each incident's agencies as last seen here (a kept summary, `keepSummary`, or a bus event that
   * set them): with a held hub's own, who hears its list hints (`hintAgencies`). A few strings per
   * incident, kept for the process's life (those of incidents not held are forgotten after a bus
   * break, `resyncAll`).
   */
  private readonly agencies = new Map<string, readonly string[]>();
  /** Agencies taken out of each incident since its last list hint (`hintAgencies`): they hear that one too. */
  private readonly takenOut = new Map<string, Set<string>>();
  /** Bus events of each incident not held here, and bus breaks: a stored row read meanwhile is not kept. */
  private readonly busEvents = new Map<string, number>();
  private resyncs = 0;
  /** Bus events of held incidents that came in the current turn, applied together at its end (`fromBus`). */
  private readonly arrived = new Map<string, IncidentEvent[]>();
  private readonly unsubscribe: Array<() => void> = [];
  private readonly keepCommands: number;
  private readonly partEvery: number | undefined;
  private readonly idleMs: number;
  private readonly now: () => number;
  private readonly log: Pick<Logger, 'error'> & Partial<Pick<Logger, 'info'>>;
  private followed: (incidentId: string) => boolean = () => false;
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly store: EventStore,
    /** After a hub applied events (its catch-up pages and live events); `hub` is null for an incident not held here. */
    private readonly onApplied: (incidentId: string, events: IncidentEvent[], seq: number, hub: IncidentHub | null) => void,
    opts: RegistryOptions = {},
  ) {
    this.keepCommands = opts.keepCommands ?? RECENT_COMMANDS;
    this.partEvery = opts.partEvery;
    this.idleMs = opts.idleMs ?? HUB_IDLE_MS;
    this.now = opts.now ?? Date.now;
    this.log = opts.log ?? { error: (obj: object, msg?: string) => console.error(msg, obj) };
    this.unsubscribe.push(store.subscribe((ev) => this.fromBus(ev)));
    this.unsubscribe.push(store.onResync(() => void this.resyncAll()));
    this.sweeper = setInterval(() => this.sweep(), Math.min(60_000, this.idleMs));
    this.sweeper.unref();
  }

  /** Which incidents a socket of this process follows (the Socket.IO rooms, once they exist): their hubs stay. */
  followedBy(followed: (incidentId: string) => boolean): void {
    this.followed = followed;
  }

  /**
   * The hub of an existing incident, or null. With `create`, an empty hub for a
   * new incident id is returned (and kept only once the incident exists).
   */
  async get(id: string, opts: { create?: boolean } = {}): Promise<IncidentHub | null> {
    const hub = this.hubs.get(id) ?? (await this.load(id));
    if (hub.exists) {
      this.keep(hub);
      this.usedAt.set(id, this.now());
      return hub;
    }
    return opts.create ? hub : null;
  }

  /**
   * The incident's list row, or null if there is no such incident: from its hub if held (a list
   * view is not a use: lists are open all day, and would keep every hub), else the summary kept
   * when its hub was dropped, else the row stored beside its log if it is at the log's head
   * (after a restart), else from its hub, loaded now (a use: an incident whose events keep
   * coming from other processes is then not read from the log again at every list view), and
   * that row is stored.
   */
  async summary(id: string): Promise<IncidentSummary | null> {
    const held = this.hubs.get(id);
    if (held?.exists) return this.rowOf(held);
    const kept = this.summaries.get(id) ?? (await this.stored(id));
    if (kept) return kept;
    const hub = await this.get(id);
    return hub ? this.storeRow(hub).row : null;
  }

  /**
   * The list row of a hub that exists (null before its IncidentOpened), made again only when its
   * seq moved. Shared by every caller: not to be modified.
   */
  rowOf(hub: IncidentHub): IncidentSummary | null {
    const state = hub.peek();
    if (!state) return null;
    const made = this.rows.get(hub.id);
    if (made?.seq === state.seq) return made;
    const row = summarize(state);
    // Only held hubs' rows are kept here (a dropped one's goes to `summaries`, by the sweep).
    if (this.hubs.get(hub.id) === hub) this.rows.set(hub.id, row);
    return row;
  }

  private keepSummary(id: string, row: IncidentSummary): void {
    this.summaries.set(id, row);
    this.agencies.set(id, row.agencies);
  }

  /**
   * Whose lists hear the incident's list hint now (SPEC AUTH5): its agencies as this process knows
   * them (its hub's, its kept summary's, or the last a bus event set), and those taken out since
   * the last hint (their lists drop it). Forgets the ones taken out. An incident whose agencies
   * this process has not seen (opened before it started; an import, of which the store publishes
   * only the last event) has them looked up as its list row is (`summary`: the row stored beside
   * the log if it is at the head, else its hub, loaded: once, after which they are known here);
   * null if that fails or finds no incident. Without `lookUp` (no agency's lobby has a socket
   * here: nobody would hear them) nothing is looked up, and unknown agencies are null; those
   * taken out are forgotten all the same (they had nobody here to hear that hint).
   */
  async hintAgencies(id: string, lookUp = true): Promise<readonly string[] | null> {
    const known = this.hubs.get(id)?.peek()?.agencies ?? this.agencies.get(id) ?? null;
    const out = this.takenOut.get(id);
    this.takenOut.delete(id);
    const now = known ?? (lookUp ? await this.summary(id).then((row) => row?.agencies ?? null, () => null) : null);
    return now && out ? [...new Set([...now, ...out])] : now;
  }

  /** The hub's list row, and its write beside the log (a failed write is left: the log makes the row again). */
  private storeRow(hub: IncidentHub): { row: IncidentSummary; written: Promise<void> } {
    const row = this.rowOf(hub)!;
    return { row, written: this.store.putSummary(hub.id, row.seq, JSON.stringify({ v: SUMMARY_VERSION, row })).catch(() => undefined) };
  }

  /** The row stored beside the log, if it is of this version and at the log's head; kept in memory then. */
  private async stored(id: string): Promise<IncidentSummary | null> {
    const before = [this.busEvents.get(id) ?? 0, this.resyncs];
    const [s, head] = await Promise.all([this.store.getSummary(id), this.store.head(id)]);
    if (!s || s.seq !== head || head === 0) return null;
    const row = parseRow(s.json);
    if (row?.seq !== head) return null;
    // An event or a bus break meanwhile may have made it old; a hub loaded meanwhile is newer.
    if (before[0] !== (this.busEvents.get(id) ?? 0) || before[1] !== this.resyncs || this.hubs.has(id)) return null;
    this.keepSummary(id, row);
    return row;
  }

  /** Keeps a hub that became an incident through this process's own append. */
  adopt(hub: IncidentHub): void {
    if (!hub.exists || this.hubs.has(hub.id)) return;
    this.keep(hub);
    this.usedAt.set(hub.id, this.now());
  }

  private keep(hub: IncidentHub): void {
    if (this.hubs.get(hub.id) === hub) return;
    this.hubs.set(hub.id, hub);
    this.summaries.delete(hub.id);
  }

  /** Whether this process holds the incident's hub. */
  holds(id: string): boolean {
    return this.hubs.has(id);
  }

  /** How many incidents this process holds (hubs). */
  get size(): number {
    return this.hubs.size;
  }

  loaded(): IncidentHub[] {
    return [...this.hubs.values()];
  }

  /**
   * Drops the hubs nobody here follows, whose committer is idle and that nothing asked for in
   * the last `idleMs`, keeping their list summaries. Runs once a minute; tests call it.
   */
  sweep(): void {
    const now = this.now();
    for (const [id, hub] of this.hubs) {
      if (now - (this.usedAt.get(id) ?? -Infinity) < this.idleMs || hub.committer?.busy || this.followed(id)) continue;
      if (hub.exists) this.keepSummary(id, this.storeRow(hub).row);
      this.hubs.delete(id);
      this.usedAt.delete(id);
      this.rows.delete(id);
    }
  }

  private load(id: string): Promise<IncidentHub> {
    let p = this.loading.get(id);
    if (!p) {
      const hub = new IncidentHub(id, this.store, (h, evs) => this.onApplied(h.id, evs, h.seq, h), this.keepCommands, this.partEvery);
      p = (async () => {
        // The bus's events of an incident being loaded are not held here (fromBus counts them): one
        // written after the log's last read ran, but heard before its answer (two connections to the
        // store), would be missing, the hub a step behind until the incident's next event. Read again
        // while any came during a read (a few times: on a busy incident the next event's gap fill
        // does the rest); once loaded, the hub is kept before the bus is read again.
        let heard: number;
        let reads = 0;
        do {
          heard = this.busEvents.get(id) ?? 0;
          await (hub.loaded ? hub.catchUp() : hub.load());
        } while ((this.busEvents.get(id) ?? 0) !== heard && ++reads < 5);
        return hub;
      })();
      p.finally(() => this.loading.delete(id)).catch(() => undefined);
      this.loading.set(id, p);
    }
    return p;
  }

  /**
   * SPEC BUS3: the bus's events of a held incident that arrive in one turn of the event loop (one
   * read of the bus's connection holds as many as came since the last) are applied, and so pushed
   * to the sockets, as one batch at the end of that turn: one message per socket, not one per
   * event. A process that has fallen behind then catches up in a few large pushes, where it had
   * pushed every event of its backlog to every socket one at a time. A process that keeps up gets
   * each event alone, as soon as before (the end of a turn is a microtask away).
   */
  private fromBus(ev: IncidentEvent): void {
    if (ev.type === 'IncidentOpened') this.agencies.set(ev.incidentId, ev.payload.agencies);
    else if (ev.type === 'IncidentUpdated' && ev.payload.agencies) {
      const { from, to } = ev.payload.agencies;
      this.agencies.set(ev.incidentId, to);
      const out = from.filter((a) => !to.includes(a));
      if (out.length > 0) this.takenOut.set(ev.incidentId, new Set([...(this.takenOut.get(ev.incidentId) ?? []), ...out]));
    }
    if (!this.hubs.has(ev.incidentId)) {
      // Not held here: its kept summary is out of date now; only list watchers care.
      this.summaries.delete(ev.incidentId);
      this.busEvents.set(ev.incidentId, (this.busEvents.get(ev.incidentId) ?? 0) + 1);
      this.onApplied(ev.incidentId, [], ev.seq, null);
      return;
    }
    const waiting = this.arrived.get(ev.incidentId);
    if (!waiting) {
      if (this.arrived.size === 0) queueMicrotask(() => this.applyAllArrived());
      this.arrived.set(ev.incidentId, [ev]);
    } else if (waiting.push(ev) >= LIMITS.eventsPage) this.applyArrived(ev.incidentId);
  }

  /**
   * The turn's batches, taken out first: a microtask is queued only when the map is empty, so one
   * left in it (an incident's batch that threw, and every incident after it) would never be applied,
   * nor anything of theirs that came later, while their sockets' heartbeats said live.
   */
  private applyAllArrived(): void {
    const all = [...this.arrived];
    this.arrived.clear();
    for (const [id, events] of all) this.offerArrived(id, events);
  }

  private applyArrived(id: string): void {
    const events = this.arrived.get(id);
    this.arrived.delete(id);
    if (events) this.offerArrived(id, events);
  }

  /**
   * Only the sweep (a timer of its own) drops a hub, so one held when its events came still is.
   * A batch that throws (applying it, or what is told of it: fan-out, checkpoints) stops only its
   * own incident's, which then catches up from the log (what it applied stays, the rest is read).
   */
  private offerArrived(id: string, events: IncidentEvent[]): void {
    void this.hubs.get(id)?.offerOrCatchUp(events, (err, what, detail) => this.log.error({ err, incidentId: id, ...detail }, `bus: ${what}`));
  }

  /**
   * After a bus break: every held incident catches up from the log (SPEC BUS1); kept summaries, and
   * the agencies of incidents not held, may have missed events and are forgotten. A catch-up that fails (Redis back but slow, or gone again) is tried again,
   * 250 ms, 500 ms … then every 5 s, until it works, the hub is dropped or the registry closes:
   * else a quiet incident's screens here would stay behind, shown as live, until its next event.
   * Resolves once each hub's first try is over.
   */
  async resyncAll(): Promise<void> {
    this.summaries.clear();
    // The agencies of incidents not held here may have changed during the break (an agency taken
    // out would still hear their hints, SPEC AUTH5): the next hint looks them up again.
    for (const id of this.agencies.keys()) if (!this.hubs.has(id)) this.agencies.delete(id);
    this.resyncs++;
    await Promise.all(
      this.loaded().map((hub) =>
        hub.catchUp().catch((err: unknown) => {
          this.log.error({ err, incidentId: hub.id, hubSeq: hub.seq }, 'catch-up after a bus break failed; trying again');
          void this.retryCatchUp(hub);
        }),
      ),
    );
  }

  /** Hubs whose catch-up after a bus break is being tried again (`resyncAll`): one loop each. */
  private readonly retrying = new Set<IncidentHub>();
  private closed = false;

  private async retryCatchUp(hub: IncidentHub): Promise<void> {
    if (this.retrying.has(hub)) return;
    this.retrying.add(hub);
    try {
      for (let attempt = 0; ; attempt++) {
        await new Promise((r) => setTimeout(r, Math.min(RESYNC_RETRY_FIRST_MS * 2 ** attempt, RESYNC_RETRY_MAX_MS)).unref());
        if (this.closed || this.hubs.get(hub.id) !== hub) return;
        try {
          await hub.catchUp();
          this.log.info?.({ incidentId: hub.id, hubSeq: hub.seq, tries: attempt + 2 }, 'catch-up after a bus break done');
          return;
        } catch (err) {
          // Still failing: the next attempt waits longer; said again about once a minute at 5 s.
          if ((attempt + 1) % RESYNC_RETRY_REPORT_EVERY === 0)
            this.log.error({ err, incidentId: hub.id, hubSeq: hub.seq, tries: attempt + 2 }, 'catch-up after a bus break still failing');
        }
      }
    } finally {
      this.retrying.delete(hub);
    }
  }

  /**
   * Stores the list row of every held incident beside its log (on a graceful stop: the next
   * start's list then reads no log for them), and resolves once written or failed.
   */
  async storeRows(): Promise<void> {
    await Promise.all(this.loaded().map((hub) => this.storeRow(hub).written));
  }

  close(): void {
    this.closed = true;
    clearInterval(this.sweeper);
    for (const u of this.unsubscribe) u();
  }
}

/** A stored row of this version, or null (another version, or not a row: it is made again from the log). */
function parseRow(json: string): IncidentSummary | null {
  try {
    const { v, row } = JSON.parse(json) as { v?: unknown; row?: IncidentSummary };
    return v === SUMMARY_VERSION && row && typeof row === 'object' ? row : null;
  } catch {
    return null;
  }
}
