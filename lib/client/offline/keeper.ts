import { browserIndexedDb } from '../idb';
import { externalValue } from '../external-value';
import { within } from '../within';
import type { FeedSnapshot } from '../incident-feed';
import { indexedDbKeptIncidents, keptKey, toKept, type KeptIncident, type KeptIncidentStore } from './snapshot-store';

/** A followed incident is written to the device at most this often (the latest state each time). */
export const KEEP_EVERY_MS = 5_000;
/**
 * How long a page's first render waits for the device's copy before it starts without: an
 * IndexedDB that does not answer (it happens: a browser busy at start-up, a disk that stalls)
 * must not hold the board, which then loads from the server as before.
 */
export const LOAD_WAIT_MS = 500;
/**
 * A copy whose state has not changed is written again only when the time it was last heard has
 * moved on by this much: each write clones the whole state and log on the page's main thread, and
 * a live event or a read over HTTP moves it all the time (its notice then says a little less than
 * it could, never more).
 */
export const ASOF_STEP_MS = 60_000;

/**
 * Writes the incidents a signed-in page follows to the device (SPEC SYNC12), at most every
 * KEEP_EVERY_MS and when the page is hidden, and reads them back for a page's first render. A
 * device that cannot keep them (no IndexedDB, a private window, a full disk) keeps nothing: the
 * page then works as before, online. `forget` (a sign-in, a sign-out, a session ended) drops every
 * copy, those waiting to be written included.
 */
export class IncidentKeeper {
  private readonly latest = new Map<string, KeptIncident>();
  /** What was last written (or read, or is waiting to be) per copy: its seq and age; a write that failed is not. */
  private readonly written = new Map<string, { seq: number; asOf: number }>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private writing: Promise<void> = Promise.resolve();
  private generation = 0;
  /** The last write failed (warned once until one succeeds). */
  private failing = false;

  constructor(
    private readonly store: () => KeptIncidentStore | null,
    private readonly now: () => number = Date.now,
    private readonly every = KEEP_EVERY_MS,
  ) {}

  /** Notes the snapshot to write at the next turn (one loading, never heard from the server, or too long is not kept). */
  keep(accountId: string, incidentId: string, snap: FeedSnapshot): void {
    const kept = toKept(accountId, incidentId, snap, this.now());
    if (!kept || !this.store()) return;
    const was = this.written.get(kept.key);
    if (was && was.seq === kept.state.seq && kept.asOf - was.asOf < ASOF_STEP_MS) return;
    this.written.set(kept.key, { seq: kept.state.seq, asOf: kept.asOf });
    this.latest.set(kept.key, kept);
    this.timer ??= setTimeout(() => void this.flush(), this.every);
  }

  /** Writes what is waiting now. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = [...this.latest.values()];
    this.latest.clear();
    const generation = this.generation;
    const store = this.store();
    if (batch.length === 0 || !store) return this.writing;
    this.writing = this.writing.then(async () => {
      for (const kept of batch) {
        if (generation !== this.generation) return;
        await store.save(kept).then(
          () => void (this.failing = false),
          (error: unknown) => {
            // Said once per run of failures (a full disk would say it every 5 s).
            if (!this.failing) console.warn('Portline: the incident could not be kept on this device', error);
            this.failing = true;
            // Not written after all: the next snapshot, even of the same state, is tried again.
            const noted = this.written.get(kept.key);
            if (noted && noted.seq === kept.state.seq && noted.asOf === kept.asOf) this.written.delete(kept.key);
          },
        );
      }
    });
    return this.writing;
  }

  /** The copy kept for this account and incident, or null (none, it cannot be read, or not within `waitMs`). */
  async load(accountId: string, incidentId: string, waitMs = LOAD_WAIT_MS): Promise<KeptIncident | null> {
    const store = this.store();
    if (!store) return null;
    const kept = await within(store.load(accountId, incidentId).catch(() => null), waitMs, null);
    if (kept) this.written.set(kept.key, { seq: kept.state.seq, asOf: kept.asOf });
    return kept;
  }

  /** Forgets one copy (the server refused the incident to this account): waiting and kept. */
  async drop(accountId: string, incidentId: string): Promise<void> {
    const key = keptKey(accountId, incidentId);
    this.latest.delete(key);
    this.written.delete(key);
    await this.writing;
    await this.store()?.delete(accountId, incidentId).catch(() => undefined);
  }

  /** Drops every copy: waiting, being written (it finishes first) and kept. */
  async forget(): Promise<void> {
    this.generation++;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.latest.clear();
    this.written.clear();
    await this.writing;
    await this.store()?.clear().catch(() => undefined);
  }
}

let browserStore: KeptIncidentStore | null | undefined;
/** The browser's IndexedDB store, or null where there is none. */
function keptInBrowser(): KeptIncidentStore | null {
  if (browserStore === undefined) {
    const factory = browserIndexedDb();
    browserStore = factory ? indexedDbKeptIncidents(factory) : null;
    // From the first copy this tab keeps or reads on, it hears other tabs' forgets.
    if (browserStore) offlineChannel();
  }
  return browserStore;
}

/** The page's keeper. */
export const incidentKeeper = new IncidentKeeper(keptInBrowser);

/**
 * The browser's tabs tell each other of a forget (forgetOfflineCopies): a tab still showing the
 * last person's board drops what it was about to write, instead of writing it after the sign-out.
 */
const FORGET_CHANNEL = 'portline-offline';
let channel: BroadcastChannel | null | undefined;
function offlineChannel(): BroadcastChannel | null {
  if (channel === undefined) {
    channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(FORGET_CHANNEL);
    if (channel) channel.onmessage = (e: MessageEvent<unknown>) => void (e.data === 'forget' && incidentKeeper.forget());
  }
  return channel;
}
/** Tells the browser's other tabs to forget (this tab forgets by itself). */
export function announceForget(): void {
  offlineChannel()?.postMessage('forget');
}

/**
 * The incident this page shows from the copy the device kept (a load with nothing in the page's
 * cache: SPEC SYNC12), and how old that copy is (its `asOf`), until the server is heard from
 * (useIncident clears it when the snapshot's heardAt moves): what a board's "not live" notice gives
 * then (the page's own load, later, would claim more).
 */
export const deviceCopies = externalValue<{ incidentId: string; asOf: number } | null>(
  null,
  (a, b) => a === b || (a !== null && b !== null && a.incidentId === b.incidentId && a.asOf === b.asOf),
);
