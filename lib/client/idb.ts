/**
 * The little of IndexedDB the browser's stores share: the outbox (outbox-store.ts) and the
 * incidents kept for offline use (offline/snapshot-store.ts).
 */

/** An IndexedDB request as a promise. */
export function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** Resolves when the transaction has committed; rejects when it fails or is aborted. */
export function committed(tx: IDBTransaction): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = tx.onabort = () => reject(tx.error);
  });
}

/** An open of the database that has not succeeded or failed in this long has failed (a browser whose IndexedDB hangs). */
export const OPEN_TIMEOUT_MS = 5_000;

/**
 * Opens a database once (later calls share the open one); `upgrade` makes its stores on its first
 * open. A failed open is tried again at the next call; so is one with no answer in
 * OPEN_TIMEOUT_MS (some browsers' IndexedDB hangs on open: whatever waits for it would wait for
 * good; its connection, if it comes later, is closed). A connection that another page's upgrade
 * asks to close (a newer build raising the version) closes, and one the browser lost (storage
 * cleared, its IndexedDB server gone) is opened again at the next call, rather than kept broken.
 */
export function databaseOpener(
  factory: IDBFactory,
  name: string,
  version: number,
  upgrade: (db: IDBDatabase) => void,
  timeoutMs = OPEN_TIMEOUT_MS,
): () => Promise<IDBDatabase> {
  let db: Promise<IDBDatabase> | null = null;
  return () => {
    if (db) return db;
    const opening = new Promise<IDBDatabase>((resolve, reject) => {
      const req = factory.open(name, version);
      let late = false;
      const timer = setTimeout(() => {
        late = true;
        if (db === opening) db = null;
        reject(new DOMException(`IndexedDB ${name} did not open in ${timeoutMs} ms`, 'TimeoutError'));
      }, timeoutMs);
      req.onupgradeneeded = () => upgrade(req.result);
      req.onsuccess = () => {
        clearTimeout(timer);
        const conn = req.result;
        if (late) return conn.close();
        const forget = () => {
          if (db === opening) db = null;
        };
        conn.onversionchange = () => {
          conn.close();
          forget();
        };
        conn.onclose = forget;
        resolve(conn);
      };
      req.onerror = () => {
        clearTimeout(timer);
        if (db === opening) db = null;
        reject(req.error);
      };
    });
    db = opening;
    return opening;
  };
}

/** The browser's IndexedDB, or undefined where there is none or reading it throws (some locked-down browsers). */
export function browserIndexedDb(): IDBFactory | undefined {
  try {
    return typeof indexedDB === 'undefined' ? undefined : indexedDB;
  } catch {
    return undefined;
  }
}
