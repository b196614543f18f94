import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type RedisServerHandle } from '../testing/redis-server';
import { collect, message, opened, pause, storeContractSuite } from './contract';
import { readiness, WriteHealth } from '../http/readiness';
import { createMetrics, instrumentStore } from '../metrics';
import { createRedisStore } from './redis';
import { StoreUnavailableError, type Store } from './types';

// One redis-server for the contract suite (no AOF: fast); each test gets its own key prefix.
let shared: RedisServerHandle;
beforeAll(async () => {
  shared = await startRedisServer();
});
afterAll(async () => {
  await shared?.stop();
});

let prefixes = 0;
storeContractSuite('redis', async () => {
  const keyPrefix = `t${++prefixes}:`;
  const store = await createRedisStore({ url: shared.url, keyPrefix });
  return {
    store,
    // Two store instances on one Redis are how two server processes see it.
    openSecond: () => createRedisStore({ url: shared.url, keyPrefix }),
    sharedBus: true,
    cleanup: () => store.close(),
  };
});

async function until(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await pause(25);
  }
}

describe('redis store', () => {
  it('DUR1: warns at start-up when Redis runs without appendonly', async () => {
    const store = await createRedisStore({ url: shared.url, keyPrefix: 'warn:' });
    try {
      const warnings = await store.startupWarnings();
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/appendonly=no/);
    } finally {
      await store.close();
    }
  });

  it('DUR1: warns at start-up when Redis may evict keys (an evicted log or command-id set loses or doubles acknowledged commands)', async () => {
    const admin = createClient({ url: shared.url });
    await admin.connect();
    try {
      await admin.configSet('maxmemory-policy', 'allkeys-lru');
      const store = await createRedisStore({ url: shared.url, keyPrefix: 'warn-evict:' });
      try {
        const warnings = await store.startupWarnings();
        expect(warnings).toHaveLength(2);
        expect(warnings[1]).toMatch(/maxmemory-policy=allkeys-lru.*noeviction/);
      } finally {
        await store.close();
      }
    } finally {
      await admin.configSet('maxmemory-policy', 'noeviction');
      await admin.close();
    }
  });

  it('prefixes isolate deployments sharing one Redis', async () => {
    const a = await createRedisStore({ url: shared.url, keyPrefix: 'iso*a:' });
    const b = await createRedisStore({ url: shared.url, keyPrefix: 'iso*b:' });
    try {
      const id = randomUUID();
      const seenB = collect(b);
      await a.events.append(id, 0, 'open', [opened(id, 'open')]);
      await pause(100);
      expect(seenB.events).toEqual([]);
      expect(await b.events.head(id)).toBe(0);
      expect(await b.events.listIncidentIds()).toEqual([]);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('AUTH8: an account\'s session index drops the sessions Redis has expired, on sign-in and on listing (it does not grow by one per sign-in)', async () => {
    const keyPrefix = 'sessidx:';
    const store = await createRedisStore({ url: shared.url, keyPrefix });
    const raw = createClient({ url: shared.url });
    await raw.connect();
    try {
      const accountId = randomUUID();
      const indexSize = () => raw.sCard(`${keyPrefix}account:${accountId}:sessions`);
      const session = (ttlMs: number) => {
        const now = Date.now();
        return { id: randomUUID(), tokenHash: randomUUID().replace(/-/g, ''), accountId, createdAt: now, lastSeenAt: now, expiresAt: now + ttlMs, address: null, userAgent: null };
      };
      // 20 sign-ins whose sessions expire soon, and one that lives on. Soon, not at once: each
      // sign-in prunes what has expired, and on a loaded machine 20 of them have taken over 200 ms.
      const BRIEF_MS = 3_000;
      for (let i = 0; i < 20; i++) await store.accounts.createSession(session(BRIEF_MS));
      const lastBriefAt = Date.now();
      const kept = session(3_600_000);
      await store.accounts.createSession(kept);
      expect(await indexSize()).toBe(21);
      await pause(lastBriefAt + BRIEF_MS + 200 - Date.now()); // Redis has expired the 20 (their keys; the index still names them)
      expect(await indexSize()).toBe(21);

      // A sign-in prunes the index: the live session and the new one remain.
      const next = session(3_600_000);
      await store.accounts.createSession(next);
      expect(await indexSize()).toBe(2);

      // Listing prunes too (a session that expired since the last sign-in).
      const brief = session(1_000);
      await store.accounts.createSession(brief);
      expect(await indexSize()).toBe(3);
      await pause(1_200);
      expect((await store.accounts.listSessionsOf(accountId)).map((s) => s.id).sort()).toEqual([kept.id, next.id].sort());
      expect(await indexSize()).toBe(2);

      // Ending the others keeps working on a pruned index.
      expect(await store.accounts.deleteSessionsOf(accountId, kept.id)).toBe(1);
      expect((await store.accounts.listSessionsOf(accountId)).map((s) => s.id)).toEqual([kept.id]);
      expect(await indexSize()).toBe(1);
    } finally {
      await raw.quit();
      await store.close();
    }
  });

  it('rejects with StoreUnavailableError when Redis is not there at start', async () => {
    const server = await startRedisServer();
    const url = server.url;
    await server.stop();
    const started = Date.now();
    await expect(createRedisStore({ url, connectTimeoutMs: 1_000 })).rejects.toBeInstanceOf(StoreUnavailableError);
    console.log(`no Redis at start: refused after ${Date.now() - started} ms (connect timeout 1,000 ms)`);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('OPS1/SYNC4: a Redis at its maxmemory (noeviction) refuses appends as unavailable, not as a bug; /readyz says so until one is written again', async () => {
    const server = await startRedisServer();
    const store = await createRedisStore({ url: server.url });
    const writes = new WriteHealth();
    const watched = instrumentStore(store, createMetrics('oom', { defaultMetrics: false }), writes);
    const admin = createClient({ url: server.url });
    await admin.connect();
    try {
      const id = randomUUID();
      await watched.events.append(id, 0, 'open', [opened(id, 'open')]);
      const used = Number(/used_memory:(\d+)/.exec(await admin.info('memory'))![1]);
      await admin.configSet({ maxmemory: String(used + 200_000), 'maxmemory-policy': 'noeviction' });
      let seq = 1;
      let failure: unknown = null;
      for (let i = 0; i < 5_000 && !failure; i++) {
        try {
          if ((await watched.events.append(id, seq, `m${i}`, [message(id, `m${i}`, 'y'.repeat(2_000))])).status === 'appended') seq++;
        } catch (err) {
          failure = err;
        }
      }
      console.log(`Redis full after ${seq} events: ${String(failure).slice(0, 120)}`);
      // The outbox keeps a STORE_UNAVAILABLE change and sends it again; an INTERNAL one it asks the person about.
      expect(failure).toBeInstanceOf(StoreUnavailableError);
      expect((await watched.health()).ok).toBe(true); // it still answers a ping
      // One refusal could be a blip; the outbox sends again, and is refused again. Redis's own use
      // moves (a freed query buffer can make room for one more event), so the second refusal is
      // made certain: the limit goes below what Redis uses now.
      expect((await readiness(watched, 'oom', writes)).ok).toBe(true);
      await admin.configSet({ maxmemory: '1' });
      await expect(watched.events.append(id, seq, 'again', [message(id, 'again', 'y'.repeat(2_000))])).rejects.toBeInstanceOf(StoreUnavailableError);
      const report = await readiness(watched, 'oom', writes);
      expect(report).toMatchObject({ ok: false, checks: { reachable: true, subscribed: true, writable: false } });
      expect(report.detail).toMatch(/^appends refused since .*OOM/);

      await admin.configSet({ maxmemory: '0' });
      expect((await watched.events.append(id, seq, 'after', [message(id, 'after', 'room again')])).status).toBe('appended');
      expect(await readiness(watched, 'oom', writes)).toMatchObject({ ok: true, checks: { writable: true } });
    } finally {
      await admin.quit();
      await store.close();
      await server.stop();
    }
  });

  it('OPS1: a Redis that hangs (answers nothing, its connections open) fails an append as unavailable in 5 s, not when it answers again; the append then done by Redis is not made twice (the time is printed)', async () => {
    const server = await startRedisServer();
    const store = await createRedisStore({ url: server.url });
    try {
      const id = randomUUID();
      await store.events.append(id, 0, 'open', [opened(id, 'open')]);
      server.hang();
      const t0 = Date.now();
      const failure = await store.events.append(id, 1, 'during', [message(id, 'during', 'sent while Redis hung')]).catch((err: unknown) => err);
      const took = Date.now() - t0;
      console.log(`append to a hung Redis failed after ${took} ms: ${String(failure)}`);
      expect(failure).toBeInstanceOf(StoreUnavailableError);
      expect(String(failure)).toMatch(/no answer from Redis within 5000 ms/);
      expect(took).toBeLessThan(8_000); // a client waits 8 s for its answer
      expect((await store.health()).ok).toBe(false);
      server.resume();
      // Redis carries out what it was sent once it answers again: the change may have been written
      // (OPS1), and sent again with the same command id it is a duplicate, not a second event.
      await until(async () => (await store.health()).ok, 'Redis answering again');
      expect(await store.events.head(id)).toBe(2);
      expect(await store.events.append(id, 1, 'during', [message(id, 'during', 'sent while Redis hung')])).toMatchObject({ status: 'duplicate', seqs: [2] });
      expect((await store.events.append(id, 2, 'after', [message(id, 'after', 'once it answered')])).status).toBe('appended');
    } finally {
      await store.close();
      await server.stop();
    }
  });

  describe('with AOF (appendonly yes, appendfsync always)', () => {
    let server: RedisServerHandle;
    const stores: Store[] = [];
    beforeAll(async () => {
      server = await startRedisServer({ appendonly: true });
    });
    afterAll(async () => {
      await Promise.all(stores.map((s) => s.close()));
      await server?.stop();
    });
    const open = async (): Promise<Store> => {
      const s = await createRedisStore({ url: server.url, keyPrefix: 'aof:' });
      stores.push(s);
      return s;
    };

    it('DUR1: no start-up warning', async () => {
      expect(await (await open()).startupWarnings()).toEqual([]);
    });

    it('BUS1/DUR1/AUTH8: survives a kill -9 and restart of redis-server: rejects promptly while down, keeps acknowledged appends, restores both subscriptions, resyncs', async () => {
      const [a, b] = [await open(), await open()];
      const id = randomUUID();
      const seen = collect(a);
      let resyncs = 0;
      let controlResyncs = 0;
      a.events.onResync(() => resyncs++);
      a.control.onResync(() => controlResyncs++);
      const control: string[] = [];
      a.control.subscribe((m) => control.push(m.type));
      await b.events.append(id, 0, 'open', [opened(id, 'open')]);
      for (let seq = 1; seq < 20; seq++) await b.events.append(id, seq, `m${seq}`, [message(id, `m${seq}`, `${seq}`)]);
      await seen.waitFor(20);
      const before = await a.events.read(id, 1, 100);

      await server.kill();
      // While Redis is down: a prompt StoreUnavailableError, never a hang or a crash.
      for (const attempt of [
        () => b.events.append(id, 20, 'down', [message(id, 'down', 'x')]),
        () => a.events.read(id, 1, 10),
        () => a.accounts.listAccounts(),
      ]) {
        const started = Date.now();
        await expect(attempt()).rejects.toBeInstanceOf(StoreUnavailableError);
        console.log(`Redis away: a store call refused after ${Date.now() - started} ms`);
        expect(Date.now() - started).toBeLessThan(4_000);
      }
      expect((await a.health()).ok).toBe(false);
      expect(resyncs).toBe(0);

      await pause(300); // let both clients go through a few failed reconnect attempts
      await server.restart();
      await until(() => resyncs > 0, 'onResync after the restart');
      await until(async () => (await a.health()).ok && (await b.health()).ok, 'both stores healthy again');

      // Acknowledged appends survived (AOF, appendfsync always).
      expect(await a.events.read(id, 1, 100)).toEqual(before);
      // An append through the other instance reaches a's subscriber: the subscription is live.
      const appended = await b.events.append(id, 20, 'after', [message(id, 'after', 'back')]);
      expect(appended.status).toBe('appended');
      await seen.waitFor(21);
      expect(seen.events.map((e) => e.seq)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
      expect(seen.events[20].commandId).toBe('after');
      // AUTH8: the control channel came back too, and its listeners were told to re-check.
      expect(controlResyncs).toBeGreaterThan(0);
      await b.control.publish({ type: 'display-revoked', displayId: 'after-restart' });
      await until(() => control.length === 1, 'a control message after the restart');
    }, 30_000);
  });
});
