import type { OutboxEntry } from './outbox-queue';

/** Where outbox entries are kept. The browser uses IndexedDB; tests use memory. */
export interface OutboxStore {
  list(accountId: string): Promise<OutboxEntry[]>;
  put(entry: OutboxEntry): Promise<void>;
  delete(commandId: string): Promise<void>;
}

/** In memory: for tests, and for browsers without IndexedDB (nothing survives a reload there). */
export function memoryOutboxStore(): OutboxStore {
  const rows = new Map<string, OutboxEntry>();
  return {
    list: async (accountId) => [...rows.values()].filter((e) => e.accountId === accountId).map((e) => structuredClone(e)),
    put: async (entry) => void rows.set(entry.commandId, structuredClone(entry)),
    delete: async (commandId) => void rows.delete(commandId),
  };
}

const DB = 'portline-outbox';
const STORE = 'entries';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/**
 * A minimal IndexedDB wrapper: one object store keyed by command id, with an
 * index by account. Each write is its own transaction and resolves when it is
 * committed, so an entry is on disk before it is sent (write-ahead).
 */
export function indexedDbOutboxStore(): OutboxStore {
  let db: Promise<IDBDatabase> | null = null;
  const open = () =>
    (db ??= new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(DB, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'commandId' }).createIndex('accountId', 'accountId');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => {
        db = null;
        reject(req.error);
      };
    }));
  const write = async (fn: (s: IDBObjectStore) => void) => {
    const tx = (await open()).transaction(STORE, 'readwrite');
    fn(tx.objectStore(STORE));
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = tx.onabort = () => reject(tx.error);
    });
  };
  return {
    list: async (accountId) => {
      const tx = (await open()).transaction(STORE, 'readonly');
      return request(tx.objectStore(STORE).index('accountId').getAll(accountId) as IDBRequest<OutboxEntry[]>);
    },
    put: (entry) => write((s) => s.put(entry)),
    delete: (commandId) => write((s) => s.delete(commandId)),
  };
}

/**
 * IndexedDB where the browser has it and lets it be opened (not always in a
 * private window), memory otherwise: the outbox then still sends in order, but
 * nothing survives a reload.
 */
export function defaultOutboxStore(): OutboxStore {
  if (typeof indexedDB === 'undefined') return memoryOutboxStore();
  const idb = indexedDbOutboxStore();
  const memory = memoryOutboxStore();
  let chosen: Promise<OutboxStore> | null = null;
  const store = () => (chosen ??= idb.list('').then(() => idb, () => memory));
  return {
    list: async (accountId) => (await store()).list(accountId),
    put: async (entry) => (await store()).put(entry),
    delete: async (commandId) => (await store()).delete(commandId),
  };
}
