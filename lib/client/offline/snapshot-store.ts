import { ErrorCode, type DomainError } from '../../domain/errors';
import type { IncidentEvent } from '../../domain/incident/events';
import type { IncidentState } from '../../domain/incident/state';
import { committed, databaseOpener, request } from '../idb';
import type { FeedSnapshot } from '../incident-feed';

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
  /** When the server last showed this state to be its head (the snapshot's `heardAt`): how old it is. */
  asOf: number;
  /** When it was written (Date.now()): the copies written last are the ones kept. */
  savedAt: number;
  state: IncidentState;
  events: IncidentEvent[];
  headSeq: number;
}

export interface KeptIncidentStore {
  load(accountId: string, incidentId: string): Promise<KeptIncident | null>;
  save(kept: KeptIncident): Promise<void>;
  /** Forgets one account's copy of one incident. */
  delete(accountId: string, incidentId: string): Promise<void>;
  /** Forgets every copy, every account's. */
  clear(): Promise<void>;
}

/** The copies of this many incidents are kept on a device, the latest written; older ones go. */
export const KEPT_INCIDENTS = 12;
/**
 * An incident of more events than this is not kept: each write copies the whole state and log on
 * the page's main thread (a board follows a drill of a few thousand events; 100,000-event
 * incidents are for replay, which reads them from the server).
 */
export const KEPT_EVENTS_MAX = 10_000;

/**
 * The server's refusal of the incident to this account: it is not theirs to read (any more: the
 * agency taken out, AUTH5) or not there. Not any other failure: a captive portal's page, a bad
 * answer or a session ended say nothing about the incident.
 */
export function isRefusal(error: DomainError | null): boolean {
  return error?.code === ErrorCode.FORBIDDEN || error?.code === ErrorCode.NOT_FOUND;
}

export function keptKey(accountId: string, incidentId: string): string {
  return `${accountId}\n${incidentId}`;
}

/**
 * A feed's snapshot worth keeping (a state heard from the server, done loading, not refused, not
 * too long), as kept; else null.
 */
export function toKept(accountId: string, incidentId: string, snap: FeedSnapshot, now: number): KeptIncident | null {
  if (!snap.state || snap.loading || snap.heardAt === null || snap.events.length > KEPT_EVENTS_MAX) return null;
  // Refused (the agency taken out, the incident gone): nothing to keep for a later load.
  if (isRefusal(snap.error)) return null;
  const { state, events, headSeq, heardAt } = snap;
  return { key: keptKey(accountId, incidentId), accountId, incidentId, asOf: heardAt, savedAt: now, state, events, headSeq };
}

/** A kept copy as the feed's snapshot to resume from: shown at once, caught up from its seq. */
export function fromKept(kept: KeptIncident): FeedSnapshot {
  const seq = kept.state.seq;
  return { state: kept.state, events: kept.events, headSeq: Math.max(kept.headSeq, seq), loading: false, error: null, appliedSeq: seq, heardAt: kept.asOf };
}

const DB = 'portline-offline';
const STORE = 'incidents';

/** In IndexedDB: one object store keyed by `key`, with an index by `savedAt` for the trim. */
export function indexedDbKeptIncidents(factory: IDBFactory): KeptIncidentStore {
  const open = databaseOpener(factory, DB, 1, (db) => db.createObjectStore(STORE, { keyPath: 'key' }).createIndex('savedAt', 'savedAt'));
  return {
    async load(accountId, incidentId) {
      const tx = (await open()).transaction(STORE, 'readonly');
      const kept = (await request(tx.objectStore(STORE).get(keptKey(accountId, incidentId)))) as KeptIncident | undefined;
      return kept && kept.accountId === accountId && typeof kept.asOf === 'number' ? kept : null;
    },
    async save(kept) {
      const tx = (await open()).transaction(STORE, 'readwrite');
      const store = tx.objectStore(STORE);
      store.put(kept);
      // The oldest beyond KEPT_INCIDENTS go, in the same transaction.
      const keys = await request(store.index('savedAt').getAllKeys());
      for (const key of keys.slice(0, Math.max(0, keys.length - KEPT_INCIDENTS))) store.delete(key);
      await committed(tx);
    },
    async delete(accountId, incidentId) {
      const tx = (await open()).transaction(STORE, 'readwrite');
      tx.objectStore(STORE).delete(keptKey(accountId, incidentId));
      await committed(tx);
    },
    async clear() {
      const tx = (await open()).transaction(STORE, 'readwrite');
      tx.objectStore(STORE).clear();
      await committed(tx);
    },
  };
}
