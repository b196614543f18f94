import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { IncidentEvent } from '../../lib/domain/incident/events';
import * as summary from '../../lib/domain/incident/summary';
import type { EventStore } from '../store/types';
import { IncidentRegistry } from './registry';

// Counts the registry's calls of `summarize` (the real one runs).
vi.mock('../../lib/domain/incident/summary', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../lib/domain/incident/summary')>();
  return { ...real, summarize: vi.fn(real.summarize) };
});

const actor = { userId: 'u1', name: 'U', agency: 'fire', role: 'commander' } as const;

/** A store of logs in memory whose bus the test drives (`deliver`), as another process's appends would. */
function fakeStore() {
  const logs = new Map<string, IncidentEvent[]>();
  let listener: (ev: IncidentEvent) => void = () => {};
  const events = {
    read: async (id: string, from: number, limit: number) => (logs.get(id) ?? []).slice(from - 1, from - 1 + limit),
    subscribe: (l: (ev: IncidentEvent) => void) => {
      listener = l;
      return () => {};
    },
    onResync: () => () => {},
    putSummary: async () => {},
  } as unknown as EventStore;
  const append = (incidentId: string, body: Record<string, unknown>): IncidentEvent => {
    const log = logs.get(incidentId) ?? [];
    const ev = { id: randomUUID(), incidentId, actor, commandId: randomUUID(), ...body, seq: log.length + 1, ts: Date.now() } as unknown as IncidentEvent;
    log.push(ev);
    logs.set(incidentId, log);
    return ev;
  };
  const open = (id: string) =>
    append(id, {
      type: 'IncidentOpened',
      payload: { title: 'Fire', description: 'Smoke', kind: 'drill', scenario: 'fire', severity: 'III', location: 'Berth 3', agencies: ['fire', 'port'], phase: 'response' },
    });
  const message = (id: string, text = 'x') => append(id, { type: 'MessagePosted', payload: { messageId: randomUUID(), text, toAgency: null, alert: false } });
  return { events, open, message, head: (id: string) => logs.get(id)?.length ?? 0, deliver: (ev: IncidentEvent) => listener(ev) };
}

const turn = () => new Promise((r) => setTimeout(r, 10));

let closeAll: Array<() => void> = [];
afterEach(() => {
  for (const c of closeAll) c();
  closeAll = [];
  vi.mocked(summary.summarize).mockClear();
});

describe('SPEC BUS3: one incident whose bus batch throws', () => {
  it("stops neither another incident's batch of that turn nor any later one, logs it, and catches up from the log", async () => {
    const s = fakeStore();
    s.open('A');
    s.open('B');
    let throwOnce = true;
    const log = { error: vi.fn() };
    const registry = new IncidentRegistry(
      s.events,
      (id, events) => {
        // The fan-out or a checkpoint of A fails once, on its first live event.
        if (id === 'A' && throwOnce && events.length > 0 && events[0].seq > 1) {
          throwOnce = false;
          throw new Error('fan-out failed once');
        }
      },
      // Parts end at even seqs (REV6): the throw on A's first part leaves the rest of its batch unapplied.
      { log, partEvery: 2 },
    );
    closeAll.push(() => registry.close());
    const a = (await registry.get('A'))!;
    const b = (await registry.get('B'))!;

    // One read of the bus: events of A, then one of B, applied together at the end of the turn.
    for (let i = 0; i < 3; i++) s.deliver(s.message('A'));
    s.deliver(s.message('B'));
    await turn();
    expect(b.seq).toBe(2);
    expect(log.error).toHaveBeenCalledTimes(1);
    expect(log.error.mock.calls[0][0]).toMatchObject({ incidentId: 'A', seqs: [2, 4] });
    // A applied seq 2 before what was told of it threw; the catch-up read 3 and 4 from the log.
    expect(s.head('A')).toBe(4);
    expect(a.seq).toBe(4);

    for (let i = 0; i < 4; i++) {
      s.deliver(s.message('B'));
      await turn();
    }
    s.deliver(s.message('A'));
    await turn();
    expect(b.seq).toBe(s.head('B'));
    expect(a.seq).toBe(s.head('A'));
  });
});

describe('SPEC OPS5: a held incident is summarised once per seq', () => {
  it('100 list rows with no new event make its row once; an event makes it again', async () => {
    const s = fakeStore();
    s.open('A');
    s.message('A');
    const registry = new IncidentRegistry(s.events, () => {});
    closeAll.push(() => registry.close());
    const hub = (await registry.get('A'))!;
    const summarize = vi.mocked(summary.summarize);
    summarize.mockClear();

    const rows = await Promise.all(Array.from({ length: 100 }, () => registry.summary('A')));
    expect(summarize).toHaveBeenCalledTimes(1);
    expect(rows.every((r) => r === rows[0] && r?.seq === 2)).toBe(true);
    expect(registry.rowOf(hub)).toBe(rows[0]);
    expect(summarize).toHaveBeenCalledTimes(1);

    s.deliver(s.message('A', 'new'));
    await turn();
    const after = await registry.summary('A');
    expect(after?.seq).toBe(3);
    expect(summarize).toHaveBeenCalledTimes(2);
    expect(after).toEqual(summary.summarize(hub.peek()!));
  });
});

describe('SPEC BUS1: a catch-up after a bus break that fails', () => {
  it('is tried again until it works: a quiet incident does not stay behind until its next event', async () => {
    const s = fakeStore();
    s.open('A');
    const log = { error: vi.fn(), info: vi.fn() };
    const registry = new IncidentRegistry(s.events, () => {}, { log });
    closeAll.push(() => registry.close());
    const hub = (await registry.get('A'))!;
    expect(hub.seq).toBe(1);
    // Two events written by another process while this one's bus was down: never delivered here.
    s.message('A');
    s.message('A');
    // The store answers the first three reads after the break with an error (Redis back, but not yet answering).
    const read = s.events.read.bind(s.events);
    let failures = 3;
    (s.events as { read: typeof read }).read = async (...args) => {
      if (failures > 0) {
        failures--;
        throw new Error('store unavailable');
      }
      return read(...args);
    };
    const started = Date.now();
    await registry.resyncAll();
    expect(hub.seq).toBe(1);
    expect(log.error).toHaveBeenCalledTimes(1);
    expect(log.error.mock.calls[0][0]).toMatchObject({ incidentId: 'A', hubSeq: 1 });
    // Tried again after 250 ms and 500 ms (both refused), then after 1 s: caught up, with no new event.
    while (hub.seq < 3 && Date.now() - started < 5_000) await turn();
    console.log(`BUS1: caught up ${Date.now() - started} ms after the resync, after ${3 - failures} refused reads`);
    expect(hub.seq).toBe(3);
    expect(failures).toBe(0);
    // The operator reads that it came back, and after how many tries.
    expect(log.info).toHaveBeenCalledWith(expect.objectContaining({ incidentId: 'A', hubSeq: 3, tries: 4 }), 'catch-up after a bus break done');
  });

  it('stops trying once the registry is closed', async () => {
    const s = fakeStore();
    s.open('A');
    const registry = new IncidentRegistry(s.events, () => {}, { log: { error: () => {} } });
    const hub = (await registry.get('A'))!;
    let reads = 0;
    (s.events as { read: unknown }).read = async () => {
      reads++;
      throw new Error('store unavailable');
    };
    await registry.resyncAll();
    registry.close();
    const after = reads;
    await new Promise((r) => setTimeout(r, 900));
    expect(reads).toBe(after);
    expect(hub.seq).toBe(1);
  });
});
