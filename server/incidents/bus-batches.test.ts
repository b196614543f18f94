import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../lib/domain/limits';
import { message, opened } from '../store/contract';
import { createRedisStore } from '../store/redis';
import type { EventStore, Store } from '../store/types';
import { until } from '../testing/client';
import { startRedisServer, type RedisServerHandle } from '../testing/redis-server';
import { tempStore } from '../testing/temp-store';
import { IncidentRegistry, type RegistryOptions } from './registry';

/**
 * SPEC BUS3: what another process appends reaches this one's hub, and so its sockets (the
 * registry's `onApplied` is the fan-out), in one batch per turn of the event loop, not one per
 * event. On a real redis-server, two store instances are how two server processes see it.
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

/** `n` commands of one message each, as one append takes them. */
const messages = (incidentId: string, n: number, name: string) =>
  Array.from({ length: n }, (_, i) => ({ commandId: `${name}-${i}`, events: [message(incidentId, `${name}-${i}`, `Berth ${i} checked`)] }));
const seqs = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);

/** An incident opened through `writer`, held by a registry on `reader`, and the batches its hub applies (seqs). */
async function held(writer: EventStore, reader: EventStore, opts: RegistryOptions = {}) {
  const id = randomUUID();
  expect((await writer.append(id, 0, 'open', [opened(id, 'open')])).status).toBe('appended');
  const batches: number[][] = [];
  const registry = new IncidentRegistry(
    reader,
    (incidentId, events) => {
      if (incidentId === id && events.length > 0) batches.push(events.map((e) => e.seq));
    },
    opts,
  );
  const hub = await registry.get(id);
  expect(hub?.seq).toBe(1);
  batches.length = 0;
  const reached = (seq: number) => until(() => hub!.seq === seq, 10_000, `seq ${seq} applied`);
  return { id, batches, registry, reached };
}

describe('SPEC BUS3: the bus is pushed in batches', () => {
  it('applies what arrives in one read as one batch, in seq order, an event that comes alone at once, and a backlog in batches of at most 1,000', async () => {
    const { id, batches, registry, reached } = await held(there.events, here.events);
    try {
      // 20 commands in one append: one script, 20 messages on the bus, read here at once.
      expect((await there.events.appendBatch(id, 1, messages(id, 20, 'burst'))).status).toBe('appended');
      await reached(21);
      console.log(`BUS3: 20 events appended at once elsewhere reached the hub in ${batches.length} batch(es): ${batches.map((b) => b.length).join(', ')}`);
      expect(batches).toEqual([seqs(2, 20)]);

      // Events that come one at a time are applied one at a time: nothing waits for company.
      batches.length = 0;
      for (let seq = 21; seq < 24; seq++) {
        expect((await there.events.append(id, seq, `single-${seq}`, [message(id, `single-${seq}`, 'Foam line charged')])).status).toBe('appended');
        await reached(seq + 1);
      }
      expect(batches).toEqual([[22], [23], [24]]);

      // A backlog larger than a page (several reads of the bus) goes out in batches of at most
      // 1,000 events (SYNC1's page), contiguous and in order.
      batches.length = 0;
      expect((await there.events.appendBatch(id, 24, messages(id, 2500, 'backlog'))).status).toBe('appended');
      await reached(2524);
      const sizes = batches.map((b) => b.length);
      console.log(`BUS3: 2,500 events appended at once elsewhere reached the hub in ${batches.length} batches, the largest ${Math.max(...sizes)}`);
      expect(batches.flat()).toEqual(seqs(25, 2500));
      expect(Math.max(...sizes)).toBeLessThanOrEqual(LIMITS.eventsPage);
      expect(batches.length).toBeLessThan(250);
    } finally {
      registry.close();
    }
  });

  it('pushes more than a page that arrives at once in batches of at most 1,000 (the embedded store\'s bus hands over a whole append in one turn)', async () => {
    const { store, cleanup } = await tempStore('portline-bus3-');
    // No replay checkpoint inside the run: the hub would apply a batch in parts ending there (REV6).
    const { id, batches, registry, reached } = await held(store.events, store.events, { partEvery: 1_000_000 });
    try {
      // Not through the hub's committer: the events reach it only over the bus.
      expect((await store.events.appendBatch(id, 1, messages(id, 2500, 'backlog'))).status).toBe('appended');
      await reached(2501);
      expect(batches.map((b) => b.length)).toEqual([1000, 1000, 500]);
      expect(batches.flat()).toEqual(seqs(2, 2500));
    } finally {
      registry.close();
      await cleanup();
    }
  });
});
