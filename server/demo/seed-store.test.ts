import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replay } from '../../lib/domain/incident/evolve';
import { DisplayService } from '../auth/displays';
import { verifyPassword } from '../auth/password';
import { createLogger } from '../log';
import { createRedisStore } from '../store/redis';
import { createSqliteStore } from '../store/sqlite';
import type { Store } from '../store/types';
import { startRedisServer, type RedisServerHandle } from '../testing/redis-server';
import { seedDemo, type SeededDemo } from './seed-store';

const log = createLogger('silent', 'demo-test');
const ROOT = path.resolve(__dirname, '..', '..');

/** The seeded store, read back, equals what the generator built. */
async function expectStoreHolds(store: Store, s: SeededDemo): Promise<void> {
  const events = await store.events.read(s.incidentId, 1, 1000);
  expect(events).toEqual(s.drill.events);
  expect(replay(events)).toEqual(s.drill.state);
  expect(await store.events.head(s.incidentId)).toBe(s.drill.events.length);
  expect(await store.events.listIncidentIds()).toContain(s.incidentId);
  for (const a of s.accounts) {
    const stored = await store.accounts.getAccountByUsername(a.username);
    expect(stored, a.username).toMatchObject({ role: a.role, agency: a.agency, mustChangePassword: false, disabled: false });
    expect(await verifyPassword(a.password, stored!.passwordHash), a.username).toBe(true);
  }
  // The events carry the real accounts as actors.
  const commander = await store.accounts.getAccountByUsername('demo-commander');
  expect(events[0].actor).toMatchObject({ userId: commander!.id, role: 'commander' });
  const displays = new DisplayService(store);
  const incident = await displays.check(s.displays.incident.token);
  const active = await displays.check(s.displays.active.token);
  expect(incident.ok && incident.display.scope).toEqual({ kind: 'incident', incidentId: s.incidentId });
  expect(active.ok && active.display.scope).toEqual({ kind: 'active' });
  // The displays' list names who made them as the audit log does: the seed, not the admin.
  for (const d of await store.displays.listDisplays()) expect(d.createdBy.username).toBe('demo-seed');
}

function seedTwice(name: string, open: () => Promise<Store>) {
  describe(`demo seed into ${name}`, () => {
    it('writes accounts, the backdated log and display tokens; a second run resets the same accounts and adds a second incident', async () => {
      const store = await open();
      try {
        const before = Date.now();
        const first = await seedDemo(store, { adminPassword: 'demo-admin-password', log });
        expect(first.admin).toEqual({ username: 'admin', password: 'demo-admin-password' });
        expect(first.accounts.map((a) => a.created)).toEqual(first.accounts.map(() => true));
        expect(first.accounts).toHaveLength(9);
        expect(first.drill.events[0].ts).toBeGreaterThanOrEqual(before - 60 * 60_000);
        expect(first.drill.events.at(-1)!.ts).toBeLessThanOrEqual(Date.now() - 60_000);
        await expectStoreHolds(store, first);

        const fire = (await store.accounts.getAccountByUsername('demo-fire'))!;
        await store.accounts.createSession({ id: 'sess-1', tokenHash: 'h1', accountId: fire.id, createdAt: Date.now(), lastSeenAt: Date.now(), expiresAt: Date.now() + 60_000, address: null, userAgent: null });

        const second = await seedDemo(store, { lang: 'en', log });
        expect(second.admin).toBeNull();
        expect(second.accounts.map((a) => a.created)).toEqual(second.accounts.map(() => false));
        expect(second.incidentId).not.toBe(first.incidentId);
        await expectStoreHolds(store, second);
        const fireAgain = (await store.accounts.getAccountByUsername('demo-fire'))!;
        expect(fireAgain.id).toBe(fire.id);
        expect(fireAgain.displayName).toBe('Fire and Rescue liaison');
        expect(await verifyPassword(first.accounts.find((a) => a.key === 'fire')!.password, fireAgain.passwordHash)).toBe(false);
        expect(await store.accounts.listSessionsOf(fire.id)).toEqual([]);
        expect(await store.events.listIncidentIds()).toEqual([first.incidentId, second.incidentId]);
      } finally {
        await store.close();
      }
    });
  });
}

let dirs: string[] = [];
let redis: RedisServerHandle;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  dirs = [];
});
const tempDir = async () => {
  const d = await mkdtemp(path.join(os.tmpdir(), 'portline-demo-test-'));
  dirs.push(d);
  return d;
};

seedTwice('SQLite', async () => createSqliteStore({ dir: await tempDir() }));
seedTwice('Redis', () => createRedisStore({ url: redis.url, keyPrefix: 'demo-test:' }));

describe('npm run demo -- --seed-only --json', () => {
  it('seeds DATA_DIR (the running drill, and the closed drills of scenarios B and C before it) and prints the incidents, the accounts and the display tokens as one JSON object', async () => {
    const dataDir = await tempDir();
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/demo.ts', '--seed-only', '--json', '--lang', 'en'], {
      cwd: ROOT,
      env: { ...withoutRedis(process.env), DATA_DIR: dataDir, ADMIN_PASSWORD: 'demo-admin-password' },
      timeout: 60_000,
    });
    const out = JSON.parse(stdout) as {
      incidentId: string;
      earlier: Array<{ incidentId: string; title: string; closedAt: number }>;
      accounts: Array<{ username: string; password: string; role: string; agency: string | null }>;
      displays: { incident: { token: string }; active: { token: string } };
    };
    expect(out.accounts.map((a) => a.username)).toEqual([
      'demo-customs', 'demo-border', 'demo-fire', 'demo-maritime', 'demo-port', 'demo-medical', 'demo-police', 'demo-commander', 'demo-observer',
    ]);
    expect(out.displays.incident.token).toMatch(/^pld_/);
    const store = createSqliteStore({ dir: dataDir });
    try {
      const events = await store.events.read(out.incidentId, 1, 1000);
      expect(events.length).toBeGreaterThanOrEqual(180);
      expect(replay(events).title).toBe('Hazmat leak from a tank container, yard block C3');
      // INC1/INC2: the earlier drills are closed, three days and one day ago, after every other event of theirs.
      expect(out.earlier.map((e) => e.title)).toEqual(['Suspected infectious disease at ferry passenger screening', 'Fire in warehouse 3 of the bonded zone']);
      const day = 86_400_000;
      const want = [
        { scenario: 'epidemic', closedBefore: 3 * day },
        { scenario: 'fire', closedBefore: day },
      ];
      for (const [i, e] of out.earlier.entries()) {
        const log = await store.events.read(e.incidentId, 1, 1000);
        const state = replay(log)!;
        expect([state.title, state.kind, state.phase, state.scenario]).toEqual([e.title, 'drill', 'closed', want[i].scenario]);
        expect(log.at(-1)).toMatchObject({ type: 'PhaseChanged', ts: e.closedAt });
        expect(Date.now() - e.closedAt).toBeGreaterThan(want[i].closedBefore);
        expect(Date.now() - e.closedAt).toBeLessThan(want[i].closedBefore + 10 * 60_000);
      }
      expect(new Set(await store.events.listIncidentIds())).toEqual(new Set([out.incidentId, ...out.earlier.map((e) => e.incidentId)]));
      const police = out.accounts.find((a) => a.agency === 'police')!;
      expect(await verifyPassword(police.password, (await store.accounts.getAccountByUsername(police.username))!.passwordHash)).toBe(true);
      expect(await new DisplayService(store).resolve(out.displays.active.token)).not.toBeNull();
    } finally {
      await store.close();
    }
  });
});

function withoutRedis(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { REDIS_URL: _unused, ...rest } = env;
  return rest;
}
