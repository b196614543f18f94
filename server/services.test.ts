import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_AGENCIES } from '@/lib/domain/agencies';
import { AgencyCache } from './services';
import { createSqliteStore } from './store/sqlite';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe('AgencyCache', () => {
  it('finds an agency another process added moments ago (read again on a miss), and still names the unknown ones', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'portline-agencies-'));
    dirs.push(dir);
    // Two processes on one store: this one's cache is read before the other adds the coast guard.
    const here = createSqliteStore({ dir });
    const other = createSqliteStore({ dir });
    try {
      for (const a of DEFAULT_AGENCIES) await here.accounts.createAgency(a);
      const cache = new AgencyCache(here, 60_000);
      expect([...(await cache.unknown(['customs', 'fire']))]).toEqual([]);
      expect(await other.accounts.createAgency({ code: 'coastguard', nameZh: '海警', nameEn: 'Coast Guard', short: 'CG', color: '#334155' })).toBe(true);
      expect((await cache.codes()).has('coastguard')).toBe(false); // cached for a minute
      expect([...(await cache.unknown(['coastguard', 'customs', 'nobody', 'nobody']))]).toEqual(['nobody']);
      expect((await cache.codes()).has('coastguard')).toBe(true);
    } finally {
      here.close();
      other.close();
    }
  });
});
