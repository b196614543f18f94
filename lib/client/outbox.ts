import type { DomainError } from '../domain/errors';
import type { IncidentCommandInput } from '../domain/incident/commands';
import type { Ack } from '../protocol/ack';
import type { CommandResult } from '../protocol/socket';
import { newId as uuid } from './new-id';
import {
  byOrder,
  classifyAck,
  heldMadeAs,
  madeAsOther,
  mayPassAgain,
  nextOrder,
  nextToSend,
  rebaseAfter,
  rebasedOnApplied,
  waiting,
  withVersion,
  type MadeAs,
  type OutboxEntry,
} from './outbox-queue';
import type { OutboxStore } from './outbox-store';
import { UNANSWERED_SHOWN_MS } from './within';

/**
 * The answer to a submit: the server's ack, or `queued` when it will be sent later (offline, or
 * slow). A refusal also names its entry (`refusedEntry`), kept in the outbox as refused until the
 * caller says it has shown the refusal (`discard`): a caller gone meanwhile (a dialog closed, a
 * card moved away) leaves it for the person's decision instead of losing it.
 */
export type SubmitResult = Ack<CommandResult & { queued?: true }> & { refusedEntry?: string };

const QUEUED: SubmitResult = { ok: true, seqs: [], duplicate: false, queued: true };

/** How long an applied entry stays in memory for boards still catching up to it (onBoard). */
const APPLIED_KEEP_MS = 5 * 60_000;

/** An entry one tab applied, as it tells the account's other tabs: its command id and the last seq its ack named. */
export interface AppliedNote {
  commandId: string;
  appliedSeq: number;
}

export interface OutboxDeps {
  accountId: string;
  store: OutboxStore;
  /**
   * Sends one entry with its command id and resolves with the ack (lib/client/send-command.ts);
   * once `signal` is aborted (the outbox disposed of), soon, with whatever it has.
   */
  send: (entry: OutboxEntry, signal: AbortSignal) => Promise<Ack<CommandResult>>;
  /** Is the socket connected now? */
  isOnline: () => boolean;
  /**
   * Who the person is now (role and agency), as the page last read its account; null when it does
   * not know. Stamped on each new entry (`madeAs`); an entry made as another role or agency is not
   * sent but kept for the person's decision (SPEC SYNC11, `madeAsOther`); while it is null nothing
   * is sent. Absent: entries are neither stamped nor checked.
   */
  principal?: () => MadeAs | null;
  /**
   * Reads the account again (who the person is now); run before the first send on each new
   * connection. A tab that slept or was offline while an admin changed the person's role or agency
   * still holds the old one, and its socket may reconnect on the session the person has since
   * signed in with in another tab. Rejects when it cannot be read: nothing is sent then, and the
   * outbox tries again later.
   */
  refreshPrincipal?: () => Promise<void>;
  /**
   * Runs `fn` holding the account's drain lock; false, without running it, when
   * another tab holds it (that tab sends). @default no lock
   */
  withLock?: (fn: () => Promise<void>) => Promise<boolean>;
  /**
   * Tells the account's other tabs that the outbox changed; with `applied`, that these entries
   * were applied (their `remoteChanged(applied)`: they keep showing them until their boards fold them).
   */
  announce?: (applied?: readonly AppliedNote[]) => void;
  now?: () => number;
  newId?: () => string;
  /**
   * A submit that has no ack after this long resolves as queued (the entry keeps going): the dialog
   * or composer that waits on it is free again when the indicator starts saying "waiting for the server",
   * not 8 s later on a network gone quiet. @default UNANSWERED_SHOWN_MS (3 s)
   */
  queuedAfterMs?: number;
  /** After a transient failure while connected, try again after this long. @default 3000 */
  retryMs?: number;
}

/**
 * One account's outbox (SPEC SYNC4, IDEM2). Every command is written to the
 * store before it is sent; entries go out one at a time in order, each with its
 * own command id, and leave the store only on an ack (applied, or a duplicate
 * of an applied one). Transient failures keep the entry for the next attempt;
 * a refusal keeps it, marked, until the person decides: apply it anyway
 * (a new command against the current version) or discard it. An entry made as
 * another role or agency than the person's now is not sent but kept so too
 * (SPEC SYNC11, `madeAsOther`), to be discarded or sent as the person is now.
 *
 * The caller waiting on submit() gets the ack when it comes soon; otherwise
 * `queued`, and a later refusal shows in the outbox instead of in the caller. A
 * refusal the caller did get stays in the outbox until the caller has shown it.
 */
export class Outbox {
  private list: readonly OutboxEntry[] = [];
  private held: readonly OutboxEntry[] = [];
  private readonly listeners = new Set<() => void>();
  private readonly waiters = new Map<string, (r: SubmitResult) => void>();
  private running: Promise<void> | null = null;
  private again = false;
  private disposed = false;
  /** Aborted on dispose: a send under way stops waiting, and the account's lock is let go. */
  private readonly stopping = new AbortController();
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Entries whose last write to the store failed (a full disk): kept in this page, sent all the same. */
  private readonly unstored = new Map<string, OutboxEntry>();
  private writeFailed = false;
  /** Connections seen (connectionChanged(true)), and the one the principal was last read again on. */
  private connection = 0;
  private principalReadOn = -1;
  /**
   * Applied notes heard from other tabs (`remoteChanged`), kept as long as an applied entry is: a
   * note can arrive before this tab's reload has brought the entry it names (the other tab queued
   * and sent it meanwhile). The reload that brings it, or that finds it gone, then keeps it as
   * applied (`reload`), instead of showing it waiting, then not at all until the board folds it.
   */
  private readonly heardApplied = new Map<string, { appliedSeq: number; at: number }>();
  readonly ready: Promise<void>;

  constructor(private readonly deps: OutboxDeps) {
    this.ready = this.reload().then(() => void this.drain());
  }

  /** What the outbox holds: waiting and refused entries. */
  get entries(): readonly OutboxEntry[] {
    return this.held;
  }

  /** The same and the entries applied a short while ago (for boards still catching up: `onBoard`). */
  get withApplied(): readonly OutboxEntry[] {
    return this.list;
  }

  /**
   * False, for the rest of the page, once a write to the store failed after it opened (a full disk:
   * QuotaExceededError): what it held is kept in this page only, and a reload would lose it.
   */
  get durable(): boolean {
    return !this.writeFailed;
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => void this.listeners.delete(fn);
  }

  /**
   * Queues a command (written before it is sent) and resolves with its ack, or with `queued`; never
   * rejects: a write that fails keeps the entry in this page (`durable` turns false) and it is sent.
   * `stored` is called once the entry is in the outbox, in its place in the order: a caller with
   * several commands to send in order (an emergency plan, SPEC PLAN1) gives the next one then,
   * without waiting for the first's ack.
   */
  async submit(incidentId: string, command: IncidentCommandInput, opts: { stored?: () => void } = {}): Promise<SubmitResult> {
    await this.ready;
    const now = (this.deps.now ?? Date.now)();
    const madeAs = this.deps.principal?.();
    const entry: OutboxEntry = {
      commandId: (this.deps.newId ?? uuid)(),
      accountId: this.deps.accountId,
      incidentId,
      command,
      ...(madeAs ? { madeAs: { role: madeAs.role, agency: madeAs.agency } } : {}),
      queuedAt: now,
      order: nextOrder(this.list, now),
      state: 'pending',
    };
    await this.persist(entry);
    this.set([...this.list, entry]);
    this.deps.announce?.();
    opts.stored?.();
    const result = new Promise<SubmitResult>((resolve) => this.waiters.set(entry.commandId, resolve));
    if (!this.deps.isOnline()) this.settle(entry.commandId, QUEUED);
    else setTimeout(() => this.settle(entry.commandId, QUEUED), this.deps.queuedAfterMs ?? UNANSWERED_SHOWN_MS);
    void this.drain();
    return result;
  }

  /** The person dropped a refused entry. */
  async discard(commandId: string): Promise<void> {
    await this.remove(commandId);
    this.set(this.list.filter((e) => e.commandId !== commandId));
    this.deps.announce?.();
  }

  /**
   * "Apply mine anyway": the refused command again, as a new command (new id)
   * against `version`, the version the person has now seen. The new entry is
   * stored before the old one is removed, so nothing is lost in between.
   */
  async applyAnyway(commandId: string, version: number): Promise<void> {
    const old = this.list.find((e) => e.commandId === commandId);
    if (!old) return;
    const now = (this.deps.now ?? Date.now)();
    const entry: OutboxEntry = {
      ...old,
      commandId: (this.deps.newId ?? uuid)(),
      command: withVersion(old.command, version),
      queuedAt: now,
      order: nextOrder(this.list, now),
      state: 'pending',
      error: undefined,
    };
    delete entry.error;
    await this.persist(entry);
    await this.remove(commandId);
    this.set([...this.list.filter((e) => e.commandId !== commandId), entry]);
    this.deps.announce?.();
    void this.drain();
  }

  /** The connection came back (send what waits) or went away (callers stop waiting). */
  connectionChanged(online: boolean): void {
    if (online) {
      this.connection++;
      void this.drain();
      return;
    }
    for (const id of [...this.waiters.keys()]) this.settle(id, QUEUED);
  }

  /**
   * Another tab changed the stored outbox; `applied`: entries it applied. Those this tab holds
   * waiting are kept in memory as applied, like the sending tab's own (SPEC SYNC4: a board here
   * still catching up goes on showing them, `onBoard`), instead of being dropped by the reload.
   */
  remoteChanged(applied: readonly AppliedNote[] = []): void {
    const at = this.clock();
    for (const [id, heard] of this.heardApplied) if (heard.at < at - APPLIED_KEEP_MS) this.heardApplied.delete(id);
    for (const a of applied) this.heardApplied.set(a.commandId, { appliedSeq: a.appliedSeq, at });
    if (this.list.some((e) => this.heardApplied.has(e.commandId) && (e.state === 'pending' || e.state === 'sending'))) this.set(this.asHeard(this.list));
    if (this.running) {
      this.again = true;
      return;
    }
    void this.reload().then(() => this.drain());
  }

  dispose(): void {
    this.disposed = true;
    this.stopping.abort();
    clearTimeout(this.retryTimer);
    for (const id of [...this.waiters.keys()]) this.settle(id, QUEUED);
    this.listeners.clear();
  }

  /**
   * Sends what waits, in order, while connected; one tab of the account at a
   * time. Resolves when this tab has sent all it could (a call during a drain
   * joins it, and the drain goes round once more).
   */
  drain(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.loop().finally(() => {
      this.running = null;
      // A call after the loop's last look but before this ran joined a drain that had ended: its
      // round is run now, not lost (an entry submitted then waited for the next connection).
      if (this.again && !this.disposed) void this.drain();
    });
    return this.running;
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      if (this.disposed || !this.deps.isOnline()) return;
      const lock = this.deps.withLock ?? ((fn) => fn().then(() => true));
      const held = await lock(async () => {
        await this.reload();
        await this.pump();
      });
      // Another tab of this account sends; its acks reach this tab as a store change. One heard
      // while this tab was asking for the lock (`again`) is read here, not with the lock: what
      // this tab shows follows the store (a conflict marked there, "Needs your decision").
      if (!held) {
        await this.reload();
        for (const id of [...this.waiters.keys()]) this.settle(id, QUEUED);
        // That tab may close or stop mid-send without a word: look again later while anything waits.
        if (waiting(this.list).length > 0) this.retryLater();
      }
    } while (this.again);
  }

  private async pump(): Promise<void> {
    for (;;) {
      if (this.disposed) return;
      if (!this.deps.isOnline()) {
        this.connectionChanged(false);
        return;
      }
      const first = nextToSend(this.list);
      if (!first) return;
      // Made on a version one of the person's own edits here has moved on from (SPEC IDEM2).
      const next = rebasedOnApplied(first, this.list);
      if (next !== first) {
        await this.persist(next);
        this.replace(next);
      }
      // Sent only as whom it was made as (SPEC SYNC11): the server would apply it as whoever the
      // person is now. Who that is not known: nothing is sent, and the outbox looks again later.
      const now = await this.principalNow();
      if (now === null) {
        this.retryLater();
        return;
      }
      const other = now && madeAsOther(next, now);
      if (other) {
        // Kept for the decision, in the person's language there ("Needs your decision"); a caller
        // still waiting is told it is queued, not refused (its dialog would discard it).
        const held: OutboxEntry = { ...next, state: 'failed', error: other };
        await this.persist(held);
        this.replace(held);
        this.settle(next.commandId, QUEUED);
        this.deps.announce?.();
        continue;
      }
      this.replace({ ...next, state: 'sending', sentAt: Date.now() });
      // Disposed of mid-send, the send ends at once as TIMEOUT ('retry'): the entry stays in the
      // store as it was, for the account's next outbox (a new sign-in, another tab), which sends it
      // again with the same id (SPEC IDEM1), and the account's lock is let go now, not at the deadline.
      const ack = await this.deps.send(next, this.stopping.signal);
      const outcome = classifyAck(ack);
      if (outcome.kind === 'retry' || outcome.kind === 'hold') {
        this.replace({ ...next, state: 'pending' });
        this.settle(next.commandId, QUEUED);
        if (outcome.kind === 'retry' && !this.disposed) this.retryLater();
        return;
      }
      if (outcome.kind === 'done') {
        const appliedSeq = ack.ok ? Math.max(0, ...ack.seqs) : 0;
        // Told before it leaves the store: a tab that holds it never reloads it away in between.
        this.deps.announce?.([{ commandId: next.commandId, appliedSeq }]);
        const rebased = ack.ok ? rebaseAfter(next, ack.seqs, this.list) : [];
        for (const e of rebased) await this.persist(e);
        await this.remove(next.commandId);
        const by = new Map(rebased.map((e) => [e.commandId, e]));
        // Out of the store; in memory, applied, until boards have caught up to it (onBoard).
        const applied: OutboxEntry = { ...next, state: 'applied', appliedSeq, appliedAt: this.clock() };
        this.set(this.list.map((e) => (e.commandId === next.commandId ? applied : (by.get(e.commandId) ?? e))));
        this.settle(next.commandId, ack);
      } else {
        await this.refuse(next, outcome.kind, outcome.error, ack);
      }
      this.deps.announce?.();
    }
  }

  /**
   * Refused: kept, marked, for the person. A caller still waiting gets the refusal too and
   * removes the entry (discard) once it has shown it; if it is gone, the entry stays.
   */
  private async refuse(entry: OutboxEntry, state: 'conflict' | 'failed', error: DomainError, ack: Ack<CommandResult>): Promise<void> {
    const marked: OutboxEntry = { ...entry, state, error };
    await this.persist(marked);
    this.replace(marked);
    this.settle(entry.commandId, { ...ack, refusedEntry: entry.commandId });
  }

  /**
   * Who the person is now, read again first on a new connection (`refreshPrincipal`); null when
   * that is not known (nothing is sent); undefined when this outbox does not check (no `principal`).
   */
  private async principalNow(): Promise<MadeAs | null | undefined> {
    if (!this.deps.principal) return undefined;
    const connection = this.connection;
    if (this.deps.refreshPrincipal && this.principalReadOn !== connection) {
      try {
        await this.deps.refreshPrincipal();
      } catch {
        return null;
      }
      this.principalReadOn = connection;
    }
    return this.deps.principal();
  }

  private retryLater(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.drain(), this.deps.retryMs ?? 3000);
  }

  /**
   * Writes an entry; never throws. A write that fails (the store opened, but the disk is full) keeps
   * the entry in this page instead, still sent, and the page says that a reload would lose it
   * (`durable`, components/shell/outbox-not-durable.tsx): no caller waits for ever, nothing is
   * left marked as sending.
   */
  private async persist(entry: OutboxEntry): Promise<void> {
    // A 'sending' mark is this tab's business: stored, the entry is pending.
    const stored: OutboxEntry = entry.state === 'sending' ? { ...entry, state: 'pending' } : entry;
    try {
      await this.deps.store.put(stored);
      this.unstored.delete(entry.commandId);
    } catch (error) {
      if (!this.writeFailed) console.warn('Portline: a change could not be stored on this device; it is kept in this page only', error);
      this.writeFailed = true;
      this.unstored.set(entry.commandId, stored);
    }
  }

  /** For each read of the store under way (`reload`): the entries removed here meanwhile, which its answer may still hold. */
  private readonly readsUnderWay = new Set<Set<string>>();

  /** Takes an entry out of the store; never throws (one left there is sent again with its id, IDEM1, or shown again). */
  private async remove(commandId: string): Promise<void> {
    this.unstored.delete(commandId);
    for (const removed of this.readsUnderWay) removed.add(commandId);
    try {
      await this.deps.store.delete(commandId);
    } catch (error) {
      console.warn('Portline: an outbox entry could not be removed from this device', error);
    }
  }

  private async reload(): Promise<void> {
    const before = new Set(this.list.map((e) => e.commandId));
    // An entry this tab removes while the store is read (the person discarded a refused change, or
    // applied theirs anyway) is not brought back by a read that began before it went.
    const removed = new Set<string>();
    this.readsUnderWay.add(removed);
    let stored: OutboxEntry[];
    try {
      stored = (await this.deps.store.list(this.deps.accountId)).filter((e) => !removed.has(e.commandId));
    } catch (error) {
      console.warn('Portline: the outbox could not be read from this device; going on with what this page holds', error);
      return;
    } finally {
      this.readsUnderWay.delete(removed);
    }
    // What this page holds as applied stays (boards still catching up), and so does what it held
    // waiting that another tab says it applied, found in the store or already gone from it.
    const kept = this.list.filter((e) => e.state === 'applied' || this.heardApplied.has(e.commandId));
    // And what this tab queued while the store was read (its write may have come after the read).
    const added = this.list.filter((e) => !before.has(e.commandId));
    if (!this.disposed) this.set(this.asHeard([...stored, ...this.unstored.values(), ...kept, ...added]));
  }

  /** `entries` with those another tab said it applied (heardApplied) marked applied, if they were waiting. */
  private asHeard(entries: readonly OutboxEntry[]): OutboxEntry[] {
    return entries.map((e) => {
      const heard = this.heardApplied.get(e.commandId);
      return !heard || (e.state !== 'pending' && e.state !== 'sending') ? e : { ...e, state: 'applied', appliedSeq: heard.appliedSeq, appliedAt: heard.at };
    });
  }

  private clock(): number {
    return (this.deps.now ?? Date.now)();
  }

  private settle(commandId: string, result: SubmitResult): void {
    const resolve = this.waiters.get(commandId);
    if (!resolve) return;
    this.waiters.delete(commandId);
    resolve(result);
  }

  private replace(entry: OutboxEntry): void {
    this.set(this.list.map((e) => (e.commandId === entry.commandId ? entry : e)));
  }

  private set(list: readonly OutboxEntry[]): void {
    // Applied entries are kept only while a board may still be catching up to them.
    const since = this.clock() - APPLIED_KEEP_MS;
    const unique = new Map(list.filter((e) => e.state !== 'applied' || (e.appliedAt ?? 0) >= since).map((e) => [e.commandId, e]));
    this.list = [...unique.values()].sort(byOrder);
    this.held = this.list.some((e) => e.state === 'applied') ? this.list.filter((e) => e.state !== 'applied') : this.list;
    for (const fn of this.listeners) fn();
  }

  /**
   * "Send again": a refused entry whose refusal may pass (INTERNAL: nothing was written;
   * `mayPassAgain`) goes back to pending with the SAME command id (SPEC IDEM1: applied at most once),
   * at its place in the order. One held back because it was made as another role or agency
   * (`heldMadeAs`, never sent) is "sent as I am now": made as the person is now, and the server
   * authorises it as that. Any other entry is left as it is.
   */
  async sendAgain(commandId: string): Promise<void> {
    const old = this.list.find((e) => e.commandId === commandId);
    if (!old || !mayPassAgain(old)) return;
    const entry: OutboxEntry = { ...old, state: 'pending' };
    delete entry.error;
    if (heldMadeAs(old)) {
      const now = this.deps.principal?.();
      if (now === null) return;
      if (now) entry.madeAs = { role: now.role, agency: now.agency };
      else delete entry.madeAs;
    }
    await this.persist(entry);
    this.replace(entry);
    this.deps.announce?.();
    void this.drain();
  }
}
