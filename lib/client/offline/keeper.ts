import { browserIndexedDb } from '../idb';
import { externalValue } from '../external-value';
import type { FeedSnapshot } from '../incident-feed';
import { indexedDbKeptIncidents, toKept, type KeptIncident, type KeptIncidentStore } from './snapshot-store';

/** A followed incident is written to the device at most this often (the latest state each time). */
export const KEEP_EVERY_MS = 5_000;
/**
 * How long a page's first render waits for the device's copy before it starts without: an
 * IndexedDB that does not answer (it happens: a browser busy at start-up, a disk that stalls)
 * must not hold the board, which then loads from the server as before.
 */
export const LOAD_WAIT_MS = 1_500;

/**
 * Writes the incidents a signed-in page follows to the device (SPEC SYNC12), at most every
 * KEEP_EVERY_MS and when the page is hidden, and reads them back for a page's first render. A
 * device that cannot keep them (no IndexedDB, a private window, a full disk) keeps nothing: the
 * page then works as before, online. `forget` (a sign-in, a sign-out, a session ended) drops every
 * copy, those waiting to be written included.
 */
export class IncidentKeeper {
  private readonly latest = new Map<string, KeptIncident>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private writing: Promise<void> = Promise.resolve();
  private generation = 0;

  constructor(
    private readonly store: () => KeptIncidentStore | null,
    private readonly now: () => number = Date.now,
    private readonly every = KEEP_EVERY_MS,
  ) {}

  /** Notes the snapshot to write at the next turn (one loading, never heard from the server, or too long is not kept). */
  keep(accountId: string, incidentId: string, snap: FeedSnapshot): void {
    const kept = toKept(accountId, incidentId, snap, this.now());
    if (!kept || !this.store()) return;
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
        await store.save(kept).catch((error: unknown) => console.warn('Portline: the incident could not be kept on this device', error));
      }
    });
    return this.writing;
  }

  /** The copy kept for this account and incident, or null (none, it cannot be read, or not within `waitMs`). */
  async load(accountId: string, incidentId: string, waitMs = LOAD_WAIT_MS): Promise<KeptIncident | null> {
    const store = this.store();
    if (!store) return null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), waitMs)));
    try {
      return await Promise.race([store.load(accountId, incidentId).catch(() => null), late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Drops every copy: waiting, being written (it finishes first) and kept. */
  async forget(): Promise<void> {
    this.generation++;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.latest.clear();
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
  }
  return browserStore;
}

/** The page's keeper. */
export const incidentKeeper = new IncidentKeeper(keptInBrowser);

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
