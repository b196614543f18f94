/**
 * This browser's localStorage, read and written without throwing: a browser that refuses it (a
 * private window, storage turned off), one that is full, or a server render reads nothing (null)
 * and keeps nothing (false), and the caller goes on with its default. Used for what a browser
 * remembers of its own (the alert sound, the board's split, when the server was last heard).
 */

/** What is read and written: the browser's localStorage, or a test's own. */
export type KeyValueStore = Pick<Storage, 'getItem' | 'setItem'>;

/** The browser's localStorage; null in a server render, or where even asking for it throws (storage refused). */
export function browserStorage(): KeyValueStore | null {
  try {
    return typeof window === 'undefined' ? null : window.localStorage;
  } catch {
    return null;
  }
}

/** The value kept under `key`, or null: none kept, or storage refused. */
export function readLocal(key: string, store: KeyValueStore | null = browserStorage()): string | null {
  try {
    return store?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

/** Keeps `value` under `key`; false when it was not kept (storage refused or full). */
export function writeLocal(key: string, value: string, store: KeyValueStore | null = browserStorage()): boolean {
  if (!store) return false;
  try {
    store.setItem(key, value);
    return true;
  } catch {
    return false;
  }
}
