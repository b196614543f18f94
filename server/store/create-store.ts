import { createRedisStore } from './redis';
import { createSqliteStore } from './sqlite';
import type { Store } from './types';

/**
 * Redis when REDIS_URL is configured (several server processes share it), otherwise the
 * embedded SQLite store, so a single process needs no other software.
 */
export async function createStore(config: { redisUrl?: string; dataDir: string; auditMaxEntries?: number }): Promise<Store> {
  if (config.redisUrl) return createRedisStore({ url: config.redisUrl, auditMaxEntries: config.auditMaxEntries });
  return createSqliteStore({ dir: config.dataDir, auditMaxEntries: config.auditMaxEntries });
}
