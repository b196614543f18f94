import { IDBDatabase as FakeIDBDatabase, IDBFactory as FakeIDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { OutboxEntry } from './outbox-queue';
import { OPEN_TIMEOUT_MS } from './idb';
import { defaultOutboxStore, indexedDbOutboxStore, memoryOutboxStore } from './outbox-store';

/** An IndexedDB the browser will not open: `open` throws (as some locked-down browsers do). */
const throwingIndexedDb = { open: () => { throw new DOMException('The operation is insecure.', 'SecurityError'); } } as unknown as IDBFactory;

/** An IndexedDB whose open request fails later (a private window, a full disk). */
const failingIndexedDb = {
  open: () => {
    const req = { result: undefined, error: new DOMException('QuotaExceededError', 'QuotaExceededError'), onerror: null as null | (() => void) };
    setTimeout(() => req.onerror?.(), 0);
    return req;
  },
} as unknown as IDBFactory;

const entry = (n: number): OutboxEntry =>
  ({ commandId: `cmd-${n}`, accountId: 'acc-1', incidentId: 'inc-1', order: n, state: 'pending', command: { type: 'PostMessage' } }) as unknown as OutboxEntry;

/** Makes the global `indexedDB` what a browser would have; `throws`: reading it throws. */
function browserWith(indexedDB: IDBFactory | undefined | 'throws') {
  if (indexedDB === 'throws')
    Object.defineProperty(globalThis, 'indexedDB', {
      configurable: true,
      get: () => {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
    });
  else Object.defineProperty(globalThis, 'indexedDB', { configurable: true, writable: true, value: indexedDB });
}

describe('the default outbox store says whether it keeps changes over a reload', () => {
  afterEach(() => {
    delete (globalThis as { indexedDB?: unknown }).indexedDB;
    vi.restoreAllMocks();
  });

  it('is durable on an IndexedDB that opens, and keeps entries there', async () => {
    browserWith(new FakeIDBFactory());
    const store = defaultOutboxStore();
    expect(await store.durability()).toBe(true);
    await store.put(entry(1));
    expect((await store.list('acc-1')).map((e) => e.commandId)).toEqual(['cmd-1']);
    // What was put is in the IndexedDB: a second store (the page after a reload) finds it.
    const idb = globalThis.indexedDB;
    expect((await defaultOutboxStore(() => idb).list('acc-1')).map((e) => e.commandId)).toEqual(['cmd-1']);
  });

  for (const [what, idb] of [
    ['there is no IndexedDB', undefined],
    ['reading indexedDB throws', 'throws'],
    ['indexedDB.open throws', throwingIndexedDb],
    ['the open request fails', failingIndexedDb],
  ] as const) {
    it(`is not durable when ${what}, and still keeps entries for this page`, async () => {
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
      browserWith(idb);
      const store = defaultOutboxStore();
      expect(await store.durability()).toBe(false);
      // Still an outbox for this page: nothing put is lost before a reload.
      await store.put(entry(1));
      await store.put(entry(2));
      await store.delete('cmd-1');
      expect((await store.list('acc-1')).map((e) => e.commandId)).toEqual(['cmd-2']);
      if (typeof idb === 'object') expect(warn).toHaveBeenCalledTimes(1);
    });
  }

  it('tries to open IndexedDB once: a list that found it failing and the durability answer share that try', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const store = defaultOutboxStore(() => failingIndexedDb);
    await store.list('acc-1');
    expect(await store.durability()).toBe(false);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('an IndexedDB whose open never answers (some browsers hang) is given up after OPEN_TIMEOUT_MS: changes are kept in this page, not left waiting for good', async () => {
    vi.useFakeTimers();
    try {
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
      const hanging = { open: () => ({ result: undefined, error: null }) } as unknown as IDBFactory;
      const store = defaultOutboxStore(() => hanging);
      const durable = store.durability();
      await vi.advanceTimersByTimeAsync(OPEN_TIMEOUT_MS);
      expect(await durable).toBe(false);
      await store.put(entry(1));
      expect((await store.list('acc-1')).map((e) => e.commandId)).toEqual(['cmd-1']);
      expect(warn).toHaveBeenCalledTimes(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a change is written strictly (on disk before it counts as kept); a connection another page\'s upgrade asks to close closes (the upgrade is not blocked)', async () => {
    const factory = new FakeIDBFactory();
    const store = indexedDbOutboxStore(factory);
    const transaction = vi.spyOn(FakeIDBDatabase.prototype, 'transaction');
    await store.put(entry(1));
    expect(transaction.mock.calls.at(-1)?.slice(1)).toEqual(['readwrite', { durability: 'strict' }]);
    // A newer build in another tab opens the database at a higher version: not blocked by this one.
    const upgraded = await new Promise<string>((resolve) => {
      const req = factory.open('portline-outbox', 2);
      req.onblocked = () => resolve('blocked');
      req.onsuccess = () => {
        req.result.close();
        resolve('opened');
      };
    });
    expect(upgraded).toBe('opened');
  });

  it('the memory store is never durable', async () => {
    const store = memoryOutboxStore();
    expect(await store.durability()).toBe(false);
  });
});
