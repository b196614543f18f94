import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { IncidentEvent } from '../../lib/domain/incident/events';
import { seedLongIncident, type LongIncidentOptions } from '../demo/long-incident';
import { createLogger } from '../log';
import { createSqliteStore } from '../store/sqlite';
import type { Store } from '../store/types';
import { TEST_ADMIN_PASSWORD } from './server-process';

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

/**
 * A temp store holding one long incident (server/demo/long-incident.ts, with the test admin), closed
 * so that a server process can open its dir (`temp.dir`); the incident's events as written.
 */
export async function tempLongIncident(prefix: string, opts: LongIncidentOptions): Promise<{ temp: TempStore; events: IncidentEvent[] }> {
  const temp = await tempStore(prefix);
  try {
    const events = await seedLongIncident(temp.store, { perBatch: 100, ...opts, adminPassword: TEST_ADMIN_PASSWORD, log: createLogger('silent', prefix) });
    await temp.store.close();
    return { temp, events };
  } catch (err) {
    await temp.cleanup();
    throw err;
  }
}
