import type { IncidentEvent } from '../../domain/incident/events';
import type { IncidentState } from '../../domain/incident/state';
import type { FeedSnapshot } from '../incident-feed';
import { request } from '../outbox-store';

/**
 * The incident as this device last had it, per account (SPEC SYNC12): what a board loaded while
 * the network is down shows (with the outbox's pending changes on it), and what any later load
 * resumes from, as a remount does from the page's cache (SYNC1): the feed joins from its seq.
 */
export interface KeptIncident {
  /** `accountId` and `incidentId`, joined: one copy per person and incident. */
  key: string;
  accountId: string;
  incidentId: string;
  /** When it was written (Date.now()). */
  savedAt: number;
  state: IncidentState;
  events: IncidentEvent[];
  headSeq: number;
}

export interface KeptIncidentStore {
  load(accountId: string, incidentId: string): Promise<KeptIncident | null>;
  save(kept: KeptIncident): Promise<void>;
  /** Forgets every copy, every account's. */
  clear(): Promise<void>;
}

/** The copies of this many incidents are kept on a device, the latest written; older ones go. */
export const KEPT_INCIDENTS = 12;
/**
 * An incident of more events than this is not kept: writing it every few seconds would cost the
 * page more than it is worth (a board follows a drill of a few thousand events; 100,000-event
 * incidents are for replay, which reads them from the server).
 */
export const KEPT_EVENTS_MAX = 20_000;

export function keptKey(accountId: string, incidentId: string): string {
  return `${accountId}\n${incidentId}`;
}

/** A feed's snapshot worth keeping (a state, done loading, not too long), as kept; else null. */
export function toKept(accountId: string, incidentId: string, snap: FeedSnapshot, now: number): KeptIncident | null {
  if (!snap.state || snap.loading || snap.events.length > KEPT_EVENTS_MAX) return null;
  return { key: keptKey(accountId, incidentId), accountId, incidentId, savedAt: now, state: snap.state, events: snap.events, headSeq: snap.headSeq };
}

/** A kept copy as the feed's snapshot to resume from: shown at once, caught up from its seq. */
export function fromKept(kept: KeptIncident): FeedSnapshot {
  const seq = kept.state.seq;
  return { state: kept.state, events: kept.events, headSeq: Math.max(kept.headSeq, seq), loading: false, error: null, appliedSeq: seq };
}

const DB = 'portline-offline';
const STORE = 'incidents';

/** In IndexedDB: one object store keyed by `key`, with an index by `savedAt` for the trim. */
export function indexedDbKeptIncidents(factory: IDBFactory): KeptIncidentStore {
  let db: Promise<IDBDatabase> | null = null;
  const open = () =>
    (db ??= new Promise<IDBDatabase>((resolve, reject) => {
      const req = factory.open(DB, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'key' }).createIndex('savedAt', 'savedAt');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => {
        db = null;
        reject(req.error);
      };
    }));
  const done = (tx: IDBTransaction) =>
    new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = tx.onabort = () => reject(tx.error);
    });
  return {
    async load(accountId, incidentId) {
      const tx = (await open()).transaction(STORE, 'readonly');
      const kept = (await request(tx.objectStore(STORE).get(keptKey(accountId, incidentId)))) as KeptIncident | undefined;
      return kept && kept.accountId === accountId ? kept : null;
    },
    async save(kept) {
      const tx = (await open()).transaction(STORE, 'readwrite');
      const store = tx.objectStore(STORE);
      store.put(kept);
      // The oldest beyond KEPT_INCIDENTS go, in the same transaction.
      const keys = await request(store.index('savedAt').getAllKeys());
      for (const key of keys.slice(0, Math.max(0, keys.length - KEPT_INCIDENTS))) store.delete(key);
      await done(tx);
    },
    async clear() {
      const tx = (await open()).transaction(STORE, 'readwrite');
      tx.objectStore(STORE).clear();
      await done(tx);
    },
  };
}
