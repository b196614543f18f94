import { browserIndexedDb, committed, databaseOpener, request } from './idb';
import type { OutboxEntry } from './outbox-queue';

/** Where outbox entries are kept. The browser uses IndexedDB; tests use memory. */
export interface OutboxStore {
  list(accountId: string): Promise<OutboxEntry[]>;
  put(entry: OutboxEntry): Promise<void>;
  delete(commandId: string): Promise<void>;
  /**
   * Whether what is put here survives a reload: false for memory. The default store knows once
   * it has tried to open IndexedDB (once; later calls share it), and keeps entries in memory if
   * that failed.
   */
  durability(): Promise<boolean>;
}

/** In memory: for tests, and for browsers without IndexedDB (nothing survives a reload there). */
export function memoryOutboxStore(): OutboxStore {
  const rows = new Map<string, OutboxEntry>();
  return {
    durability: async () => false,
    list: async (accountId) => [...rows.values()].filter((e) => e.accountId === accountId).map((e) => structuredClone(e)),
    put: async (entry) => void rows.set(entry.commandId, structuredClone(entry)),
    delete: async (commandId) => void rows.delete(commandId),
  };
}

const DB = 'portline-outbox';
const STORE = 'entries';

/**
 * A minimal IndexedDB wrapper: one object store keyed by command id, with an
 * index by account. Each write is its own transaction and resolves when it is
 * committed, so an entry is on disk before it is sent (write-ahead).
 */
export function indexedDbOutboxStore(factory: IDBFactory = indexedDB): OutboxStore {
  const open = databaseOpener(factory, DB, 1, (db) => db.createObjectStore(STORE, { keyPath: 'commandId' }).createIndex('accountId', 'accountId'));
  // Strict: committed once on disk, not once handed to the system (Chrome's default since 121), so
  // a change shown as waiting survives a laptop's battery dying a second later. A delete may be
  // relaxed: one lost is sent again and answered as a duplicate (SPEC IDEM1).
  const write = async (fn: (s: IDBObjectStore) => void, durability: IDBTransactionDurability) => {
    const tx = (await open()).transaction(STORE, 'readwrite', { durability });
    fn(tx.objectStore(STORE));
    await committed(tx);
  };
  return {
    // Failures here are errors the outbox sees (a write that fails is not acknowledged as stored).
    durability: async () => true,
    list: async (accountId) => {
      const tx = (await open()).transaction(STORE, 'readonly');
      return request(tx.objectStore(STORE).index('accountId').getAll(accountId) as IDBRequest<OutboxEntry[]>);
    },
    put: (entry) => write((s) => s.put(entry), 'strict'),
    delete: (commandId) => write((s) => s.delete(commandId), 'relaxed'),
  };
}

/**
 * IndexedDB where the browser has it and lets it be opened (not always: a private window, a
 * locked-down agency browser, a full disk), memory otherwise: the outbox then still sends in
 * order, but nothing survives a reload. The store says which (`durability()`), so the
 * page can tell the person (components/shell/outbox-not-durable.tsx): nothing is lost silently.
 * `factory`: where IndexedDB comes from (the browser's; tests give their own).
 */
export function defaultOutboxStore(factory: () => IDBFactory | undefined = browserIndexedDb): OutboxStore {
  const idbFactory = factory();
  const memory = memoryOutboxStore();
  if (!idbFactory) return memory;
  const idb = indexedDbOutboxStore(idbFactory);
  let chosen: Promise<OutboxStore> | null = null;
  const store = () =>
    (chosen ??= idb.list('').then(
      () => idb,
      (error: unknown) => {
        console.warn('Portline: IndexedDB cannot be opened; unsent changes are kept in this page only', error);
        return memory;
      },
    ));
  return {
    durability: async () => (await store()) === idb,
    list: async (accountId) => (await store()).list(accountId),
    put: async (entry) => (await store()).put(entry),
    delete: async (commandId) => (await store()).delete(commandId),
  };
}
