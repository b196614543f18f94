import type { IncidentEvent } from '../../lib/domain/incident/events';
import { applyEvents, containersOf, stillShared, type Containers } from '../../lib/domain/incident/evolve';
import { EventSequencer } from '../../lib/domain/incident/sequencer';
import type { IncidentState } from '../../lib/domain/incident/state';
import { LIMITS } from '../../lib/domain/limits';
import { REPLAY_LIMITS } from '../../lib/protocol/replay';
import type { EventStore } from '../store/types';
import type { Committer } from './committer';

/** How many command ids a hub keeps in memory (SPEC IDEM1); older ones are asked of the store. */
export const RECENT_COMMANDS = 5000;

export interface CommandRecord {
  /** The seqs the command appended. */
  seqs: number[];
  /** Who sent it: only they are told it was applied. */
  userId: string;
}

/**
 * The newest `keep` command ids of an incident with their seqs and sender
 * (SPEC IDEM1). A retry almost always follows its command within seconds (an
 * outbox flush, a reconnect), so it is answered from here without a store
 * read. Older ids are dropped, so that memory does not grow with the number of
 * commands; once any was dropped (`forgetful`), a miss is no proof that a
 * command is new, and the committer asks the store (`EventStore.command`).
 */
export class RecentCommands {
  private readonly byId = new Map<string, CommandRecord>();
  /**
   * The ids in the order they were first kept; the oldest still kept is at `head`.
   * Dropping through the map's own iterator (`keys().next()`) walked over every slot
   * a deletion had left since the map last compacted itself: loading a 100,000-event
   * incident spent 250 ms there, a quarter of its load (docs/performance.md).
   */
  private readonly order: string[] = [];
  private head = 0;
  /** Some id was dropped: a miss may be an old command. */
  forgetful = false;

  constructor(readonly keep: number) {}

  get(commandId: string): CommandRecord | undefined {
    return this.byId.get(commandId);
  }

  has(commandId: string): boolean {
    return this.byId.has(commandId);
  }

  get size(): number {
    return this.byId.size;
  }

  /** An applied event: its command's entry, made or extended (a command's events are contiguous). */
  note(ev: IncidentEvent): void {
    const done = this.byId.get(ev.commandId);
    if (done) done.seqs.push(ev.seq);
    else this.remember(ev.commandId, { seqs: [ev.seq], userId: ev.actor.userId });
  }

  /** Forgets every id (the hub folds its log again from the start). */
  clear(): void {
    this.byId.clear();
    this.order.length = 0;
    this.head = 0;
  }

  /** An entry found in the store for an old command id. */
  remember(commandId: string, record: CommandRecord): void {
    if (!this.byId.has(commandId)) this.order.push(commandId);
    this.byId.set(commandId, record);
    while (this.byId.size > this.keep) {
      this.byId.delete(this.order[this.head++]);
      this.forgetful = true;
    }
    // Drop the dropped ids from the front now and then: amortised O(1) per id.
    if (this.head >= 1024 && this.head * 2 >= this.order.length) {
      this.order.splice(0, this.head);
      this.head = 0;
    }
  }
}

/**
 * One incident's in-memory state in this process, kept current event by event
 * so that a command never re-reads the log. Events may arrive from this
 * process's own appends and from the bus, in any order and more than once; the
 * hub applies them strictly in sequence order and fills gaps from the store
 * (SPEC SYNC2).
 */
export class IncidentHub {
  private current: IncidentState | null = null;
  /**
   * The containers of `current` that someone outside the hub may hold (it read
   * `state`), or null. The hub applies each batch onto its state in place (SPEC
   * STATE2, applyEvents' handOver) but for these, which are copied on first write.
   */
  private shared: Partial<Containers> | null = null;
  seq = 0;
  /**
   * The newest seq told to `onApplied`. After a batch its reducer threw on, the hub folds its log
   * again from seq 1 (`apply`): what it had told already (pushed to sockets, fed to the replay's
   * checkpoints) is not told again. Pushed again, every socket got the whole log, and an old event
   * that took an agency out took that agency's sockets out of the room though it is back in (SPEC BUS3).
   */
  private told = 0;
  /** The newest command ids and what they appended (SPEC IDEM1, fast path before deciding). */
  readonly commands: RecentCommands;
  private readonly sequencer = new EventSequencer();
  /** Decides and appends this incident's commands (server/incidents/committer.ts). */
  committer: Committer | null = null;
  private filling: Promise<void> | null = null;
  /** Its first catch-up (`load`) is done: what it applies from now on arrived live or filled a gap. */
  loaded = false;

  constructor(
    readonly id: string,
    private readonly store: EventStore,
    private readonly onApplied: (hub: IncidentHub, events: IncidentEvent[]) => void,
    keepCommands: number = RECENT_COMMANDS,
    /** Batches are applied in parts that end at each multiple of this (see `offer`). */
    private readonly partEvery: number = REPLAY_LIMITS.checkpointEvery,
  ) {
    this.commands = new RecentCommands(keepCommands);
  }

  /**
   * The incident's state, or null before it exists. What this returns is never
   * modified afterwards: reading it makes the next batch copy instead of write
   * in place, so a reader may keep it as long as it likes.
   */
  get state(): IncidentState | null {
    if (this.current) this.shared = containersOf(this.current);
    return this.current;
  }

  /** Whether the incident exists here (its IncidentOpened is applied); does not expose the state. */
  get exists(): boolean {
    return this.current !== null;
  }

  /**
   * The state for a synchronous look inside this process's command path
   * (server/incidents/committer.ts): no copy is made for it, so the caller must
   * not keep it, or anything taken from its tasks, messages or agencyStatus
   * containers, past the current turn of the event loop.
   */
  peek(): IncidentState | null {
    return this.current;
  }

  /** The first catch-up: the incident as the store holds it now. */
  async load(): Promise<void> {
    try {
      await this.catchUp();
    } finally {
      this.loaded = true;
    }
  }

  /** Reads everything after the current seq from the store and applies it. */
  async catchUp(): Promise<void> {
    for (;;) {
      const page = await this.store.read(this.id, this.seq + 1, LIMITS.eventsPage);
      if (page.length === 0) return;
      this.offer(page);
      if (page.length < LIMITS.eventsPage) return;
    }
  }

  /**
   * Events written to the log (by this process, or arriving from the bus), offered; if applying
   * them, or what is told of them (fan-out, checkpoints), throws, that is reported and the hub
   * reads its log again instead (what it applied stays, the rest is read): they are written
   * whatever happens here (SPEC DUR1, BUS3). Never rejects; resolves once the catch-up, if any, is over.
   */
  async offerOrCatchUp(events: readonly IncidentEvent[], report: (err: unknown, what: string, detail: Record<string, unknown>) => void): Promise<void> {
    try {
      this.offer(events);
    } catch (err) {
      report(err, 'written events failed to apply; catching up from the log', { seqs: [events[0]?.seq, events[events.length - 1]?.seq], hubSeq: this.seq });
      await this.catchUp().catch((again: unknown) => report(again, 'catch-up after events that failed to apply failed', { hubSeq: this.seq }));
    }
  }

  /**
   * Accepts events in any order; applies the contiguous run after `seq`. A run that goes
   * past a replay checkpoint (a multiple of `partEvery`) is applied, and reported to
   * `onApplied`, in parts that end there: whoever keeps checkpoints then sees the state at
   * each one, so a group commit across a checkpoint does not cost the stored run (SPEC REV6).
   */
  offer(events: readonly IncidentEvent[]): void {
    const batch = this.sequencer.take(events, this.seq);
    for (let from = 0; from < batch.length; ) {
      const first = batch[from].seq;
      const checkpoint = Math.ceil(first / this.partEvery) * this.partEvery;
      // The run is contiguous (the sequencer's), so a seq's place in it is known.
      const to = Math.min(batch.length, from + checkpoint - first + 1);
      this.apply(from === 0 && to === batch.length ? batch : batch.slice(from, to));
      from = to;
    }
    if (this.sequencer.waiting) void this.fillGap();
  }

  private apply(batch: IncidentEvent[]): void {
    // In place, but what a reader may hold is copied when first written (once per read).
    try {
      this.current = applyEvents(this.current, batch, { handOver: true, keep: this.shared });
    } catch (err) {
      // Applied in place, the state may be half changed while `seq` has not moved: a catch-up
      // from here would apply part of the batch twice. Nothing held is trusted: the next
      // catch-up folds the log from its start (what a reader holds was never written in place).
      this.current = null;
      this.shared = null;
      this.seq = 0;
      this.commands.clear();
      throw err;
    }
    this.shared = stillShared(this.current, this.shared);
    this.seq = batch[batch.length - 1].seq;
    for (const ev of batch) this.commands.note(ev);
    if (this.seq <= this.told) return;
    const fresh = batch[0].seq > this.told ? batch : batch.filter((ev) => ev.seq > this.told);
    this.told = this.seq;
    this.onApplied(this, fresh);
  }

  private fillGap(): Promise<void> {
    if (!this.filling) {
      this.filling = this.catchUp()
        .catch(() => undefined) // the store is down; the next offer or resync tries again
        .finally(() => {
          this.filling = null;
        });
    }
    return this.filling;
  }
}
