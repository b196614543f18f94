import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createSqliteStore } from '../store/sqlite';
import type { Store } from '../store/types';

/**
 * The embedded SQLite store in a fresh temp dir, for tests that need a real store.
 * It is the store createStore opens when no REDIS_URL is set.
 */
export interface TempStore {
  /** The temp dir: a server process's DATA_DIR, or a second store on the same file. */
  dir: string;
  store: Store;
  /** Closes the store (if the test has not already) and removes the dir. */
  cleanup(): Promise<void>;
}

/** `prefix` names the dir under the OS temp dir, such as 'portline-hub-'. */
export async function tempStore(prefix: string): Promise<TempStore> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  let store: Store;
  try {
    store = createSqliteStore({ dir });
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    dir,
    store,
    async cleanup() {
      // Closing twice is harmless: the SQLite store's close() does nothing the second time.
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
