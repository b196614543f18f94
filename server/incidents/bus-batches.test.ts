import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../lib/domain/limits';
import { message, opened, pause } from '../store/contract';
import { createRedisStore } from '../store/redis';
import type { Store } from '../store/types';
import { startRedisServer, type RedisServerHandle } from '../testing/redis-server';
import { tempStore } from '../testing/temp-store';
import { IncidentRegistry } from './registry';

/**
 * SPEC BUS3 on a real redis-server: two store instances are how two server processes see it.
 * What the other process appends reaches this one's hub, and so its sockets (the registry's
 * `onApplied` is the fan-out), in one batch per read of the bus, not one per event.
 */
let redis: RedisServerHandle;
let here: Store;
let there: Store;
beforeAll(async () => {
  redis = await startRedisServer();
  here = await createRedisStore({ url: redis.url, keyPrefix: 'bus3:' });
  there = await createRedisStore({ url: redis.url, keyPrefix: 'bus3:' });
});
afterAll(async () => {
  await Promise.all([here?.close(), there?.close()]);
  await redis?.stop();
});

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await pause(5);
  }
}

describe('SPEC BUS3: the bus is pushed in batches', () => {
  it('applies what arrives in one read as one batch, in seq order, and an event that comes alone at once', async () => {
    const id = randomUUID();
    expect((await there.events.append(id, 0, 'open', [opened(id, 'open')])).status).toBe('appended');
    const batches: number[][] = [];
    const registry = new IncidentRegistry(here.events, (incidentId, events) => {
      if (incidentId === id && events.length > 0) batches.push(events.map((e) => e.seq));
    });
    try {
      const hub = await registry.get(id);
      expect(hub?.seq).toBe(1);
      batches.length = 0;

      // 20 commands in one append: one script, 20 messages on the bus, read here at once.
      const burst = Array.from({ length: 20 }, (_, i) => ({ commandId: `burst-${i}`, events: [message(id, `burst-${i}`, `Sector ${i} clear`)] }));
      expect((await there.events.appendBatch(id, 1, burst)).status).toBe('appended');
      await until(() => hub!.seq === 21, 'the burst to arrive');
      console.log(`BUS3: 20 events appended at once elsewhere reached the hub in ${batches.length} batch(es): ${batches.map((b) => b.length).join(', ')}`);
      expect(batches).toEqual([Array.from({ length: 20 }, (_, i) => i + 2)]);

      // Events that come one at a time are applied one at a time: nothing waits for company.
      batches.length = 0;
      for (let seq = 21; seq < 24; seq++) {
        expect((await there.events.append(id, seq, `single-${seq}`, [message(id, `single-${seq}`, 'Foam line charged')])).status).toBe('appended');
        await until(() => hub!.seq === seq + 1, `event ${seq + 1}`);
      }
      expect(batches).toEqual([[22], [23], [24]]);

      // A backlog larger than a page (several reads of the bus) goes out in batches of at most
      // 1,000 events (SYNC1's page), contiguous and in order.
      batches.length = 0;
      const backlog = Array.from({ length: 2500 }, (_, i) => ({ commandId: `backlog-${i}`, events: [message(id, `backlog-${i}`, `Berth ${i} checked`)] }));
      expect((await there.events.appendBatch(id, 24, backlog)).status).toBe('appended');
      await until(() => hub!.seq === 2524, 'the backlog to arrive');
      const sizes = batches.map((b) => b.length);
      console.log(`BUS3: 2,500 events appended at once elsewhere reached the hub in ${batches.length} batches, the largest ${Math.max(...sizes)}`);
      expect(batches.flat()).toEqual(Array.from({ length: 2500 }, (_, i) => i + 25));
      expect(Math.max(...sizes)).toBeLessThanOrEqual(LIMITS.eventsPage);
      expect(batches.length).toBeLessThan(250);
    } finally {
      registry.close();
    }
  });

  it('pushes more than a page that arrives at once in batches of at most 1,000 (the embedded store\'s bus hands over a whole append in one turn)', async () => {
    const { store, cleanup } = await tempStore('portline-bus3-');
    const id = randomUUID();
    const batches: number[][] = [];
    // No replay checkpoint inside the run: the hub would apply a batch in parts ending there (REV6).
    const registry = new IncidentRegistry(
      store.events,
      (incidentId, events) => {
        if (incidentId === id && events.length > 0) batches.push(events.map((e) => e.seq));
      },
      { partEvery: 1_000_000 },
    );
    try {
      expect((await store.events.append(id, 0, 'open', [opened(id, 'open')])).status).toBe('appended');
      const hub = await registry.get(id);
      expect(hub?.seq).toBe(1);
      batches.length = 0;
      const backlog = Array.from({ length: 2500 }, (_, i) => ({ commandId: `backlog-${i}`, events: [message(id, `backlog-${i}`, `Berth ${i} checked`)] }));
      // Not through the hub's committer: the events reach it only over the bus.
      expect((await store.events.appendBatch(id, 1, backlog)).status).toBe('appended');
      await until(() => hub!.seq === 2501, 'the backlog to arrive');
      expect(batches.map((b) => b.length)).toEqual([1000, 1000, 500]);
      expect(batches.flat()).toEqual(Array.from({ length: 2500 }, (_, i) => i + 2));
    } finally {
      registry.close();
      await cleanup();
    }
  });
});
