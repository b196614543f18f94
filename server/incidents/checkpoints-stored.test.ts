import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replay } from '../../lib/domain/incident/evolve';
import type { IncidentEvent } from '../../lib/domain/incident/events';
import type { IncidentState } from '../../lib/domain/incident/state';
import { keptMessages, REPLAY_LIMITS } from '../../lib/protocol/replay';
import { appendLongIncident, buildLongIncident } from '../demo/long-incident';
import type { EventStore, Store } from '../store/types';
import { tempStore, type TempStore } from '../testing/temp-store';
import { CheckpointCache, CHECKPOINT_VERSION } from './checkpoints';
import { IncidentHub } from './hub';

const HOUR = 3_600_000;

/** What a checkpoint keeps of a state's messages: the newest, and the newest alert (SPEC REV1). */
function trimmed(s: IncidentState): IncidentState {
  return { ...s, messages: keptMessages(s.messages, REPLAY_LIMITS.chunkMessages) };
}

/**
 * SPEC REV6: replay checkpoints kept beside the log, so that the first replay after a
 * server start reads them and the log's tail instead of folding the whole log again.
 * A real SQLite store (the Redis store passes the same contract, server/store/contract.ts).
 */
describe('replay checkpoints stored beside the log (SPEC REV6)', () => {
  let temp: TempStore;
  let store: Store;

  beforeAll(async () => {
    temp = await tempStore('portline-checkpoints-stored-');
    store = temp.store;
  });

  afterAll(async () => {
    await temp?.cleanup();
  });

  async function longIncident(events: number): Promise<{ id: string; all: IncidentEvent[] }> {
    const id = randomUUID();
    const all = await appendLongIncident(store, buildLongIncident({ incidentId: id, events, start: Date.now() - 10 * HOUR, spanMs: 9 * HOUR, seed: events }));
    return { id, all };
  }

  /** A first server's cache: the incident's log folded up to `head`, and its checkpoints stored. */
  async function foldedAndStored(id: string, head: number) {
    const folded = new CheckpointCache(store.events, 1000);
    const index = await folded.index(id, head);
    await folded.flushWrites();
    return { folded, index };
  }

  /** The store's events, counting what is read of them. */
  function counting() {
    const n = { reads: 0, readFrom: [] as number[], states: [] as number[], writes: [] as number[] };
    const events: EventStore = {
      ...store.events,
      read: (id, from, limit) => (n.reads++, n.readFrom.push(from), store.events.read(id, from, limit)),
      checkpointState: (id, seq) => (n.states.push(seq), store.events.checkpointState(id, seq)),
      putCheckpoints: (id, rows) => (n.writes.push(...rows.map((r) => r.seq)), store.events.putCheckpoints(id, rows)),
    };
    return { events, n };
  }

  it('REV6: a fresh cache (a restarted server) reads the stored checkpoints and only the log after the newest: the same index and chunks', async () => {
    const { id, all } = await longIncident(5300);
    const first = counting();
    const folded = new CheckpointCache(first.events, 1000);
    const index = await folded.index(id, 5300);
    await folded.flushWrites();
    expect(first.n.writes).toEqual([1000, 2000, 3000, 4000, 5000]);
    const metas = await store.events.checkpointMetas(id);
    expect(metas.map((m) => m.seq)).toEqual([1000, 2000, 3000, 4000, 5000]);
    expect((JSON.parse(metas[0].meta) as { v: number }).v).toBe(CHECKPOINT_VERSION);
    // A state is stored as ASCII JSON (its Chinese messages as \u escapes), the same state.
    const at3000 = trimmed(replay(all.slice(0, 3000)));
    expect(at3000.messages.some((m) => /[^\x20-\x7e]/.test(m.text))).toBe(true);
    const stored = (await store.events.checkpointState(id, 3000))!;
    expect(stored).toMatch(/^[\x20-\x7e]*$/);
    expect(JSON.parse(stored)).toEqual(at3000);

    const { events, n } = counting();
    const restarted = new CheckpointCache(events, 1000);
    expect(await restarted.index(id, 5300)).toEqual(index);
    // The tail only: from the newest checkpoint's state, read from the store.
    expect(n.readFrom).toEqual([5001]);
    expect(n.states).toEqual([5000]);
    // A chunk reads its checkpoint's state when asked, and is the same chunk.
    expect(await restarted.chunk(id, 3000, 5300)).toEqual(await folded.chunk(id, 3000, 5300));
    expect(await restarted.chunk(id, 4000, 5300, 2000)).toEqual(await folded.chunk(id, 4000, 5300, 2000));
    expect(n.states.sort()).toEqual([2000, 3000, 4000, 5000]);
    expect(restarted.checkpointsOf(id)[2]).toEqual(trimmed(replay(all.slice(0, 3000))));
    expect(restarted.checkpointsOf(id)[0]).toBeUndefined();
    // Nothing is written again.
    await restarted.flushWrites();
    expect(n.writes).toEqual([]);
  });

  it('REV6: with warm, a replay\'s index reads every stored state into memory in the background, after a pause, newest first; they equal the folds and share what did not change', async () => {
    const { id, all } = await longIncident(4300);
    await foldedAndStored(id, 4300);
    const { events, n } = counting();
    const restarted = new CheckpointCache(events, 1000, { warm: true, warmAfterMs: 300 });
    await restarted.index(id, 4300);
    // Not at once: the page that asked is still loading (WARM_AFTER_MS).
    await new Promise((r) => setTimeout(r, 150));
    expect(n.states).toEqual([4000]);
    const held = () => {
      const c = restarted.checkpointsOf(id);
      let k = 0;
      for (let i = 0; i < c.length; i++) if (c[i]) k++;
      return k;
    };
    const t0 = performance.now();
    while (held() < 4 && performance.now() - t0 < 10_000) await new Promise((r) => setTimeout(r, 10));
    expect(held()).toBe(4);
    // The newest was read by the index itself; the others in the background, newest first, each once.
    expect(n.states).toEqual([4000, 3000, 2000, 1000]);
    const states = restarted.checkpointsOf(id) as IncidentState[];
    for (const k of [1, 2, 3, 4]) expect(states[k - 1]).toEqual(trimmed(replay(all.slice(0, k * 1000))));
    // A task that did not change between two checkpoints is one object in both, as in a fold.
    let shared = 0;
    for (const tid in states[0].tasks) if (states[1].tasks[tid] === states[0].tasks[tid]) shared++;
    const unchanged = Object.keys(states[0].tasks).filter((tid) => states[1].tasks[tid]?.version === states[0].tasks[tid].version).length;
    expect(unchanged).toBeGreaterThan(0);
    expect(shared).toBe(unchanged);
    // A chunk now reads nothing more.
    await restarted.chunk(id, 2000, 4300, 4000);
    expect(n.states).toHaveLength(4);
    // Without warm (the default), only what is asked for is read.
    const lazy = counting();
    const cold = new CheckpointCache(lazy.events, 1000);
    await cold.index(id, 4300);
    await new Promise((r) => setTimeout(r, 100));
    expect(lazy.n.states).toEqual([4000]);
  });

  it('REV6: as the incident grows, the restarted cache stores the next checkpoints; a third start reads them all', async () => {
    const { id, all } = await longIncident(4600);
    await foldedAndStored(id, 2400);
    expect((await store.events.checkpointMetas(id)).map((m) => m.seq)).toEqual([1000, 2000]);

    const second = counting();
    const restarted = new CheckpointCache(second.events, 1000);
    const hub = new IncidentHub(id, store.events, (h, events) => restarted.feedFromHub(h, events));
    // The first replay after the start, then live events through a hub (as in a server).
    await restarted.index(id, 2400);
    for (let i = 0; i < 2400; i += 1000) hub.offer(all.slice(i, Math.min(2400, i + 1000)));
    for (const ev of all.slice(2400, 4600)) hub.offer([ev]);
    await restarted.flushWrites();
    expect(second.n.writes).toEqual([3000, 4000]);

    const third = counting();
    const again = new CheckpointCache(third.events, 1000);
    const index = await again.index(id, 4600);
    expect(third.n.readFrom).toEqual([4001]);
    expect(index.ticks.dt).toHaveLength(4600);
    let ts = index.firstTs;
    for (let i = 0; i < 4600; i++) {
      ts += index.ticks.dt[i];
      expect(ts).toBe(all[i].ts);
      expect(index.ticks.agencies[index.ticks.agency[i]] ?? null).toBe(all[i].actor.agency);
      expect(index.ticks.types[index.ticks.type[i]]).toBe(all[i].type);
    }
    const chunk = await again.chunk(id, 4000, 4600);
    expect(chunk.state).toEqual(trimmed(replay(all.slice(0, 4000))));
    const at4000 = replay(all.slice(0, 4000));
    expect(chunk.messagesOmitted).toBe(at4000.messages.length - trimmed(at4000).messages.length);
  });

  it('REV6: a hub loading an incident whose checkpoints are stored does not write them again', async () => {
    const { id } = await longIncident(3100);
    const { folded } = await foldedAndStored(id, 3100);
    const { events, n } = counting();
    const cache = new CheckpointCache(events, 1000);
    const hub = new IncidentHub(id, store.events, (h, evs) => cache.feedFromHub(h, evs));
    await hub.load();
    expect(hub.seq).toBe(3100);
    expect(await cache.index(id, 3100)).toEqual(await folded.index(id, 3100));
    await cache.flushWrites();
    expect(n.writes).toEqual([]);
  });

  it('REV6: stored checkpoints of another version, or after a gap, are not read: the log is folded from the last good one', async () => {
    const { id, all } = await longIncident(4200);
    const { index } = await foldedAndStored(id, 4200);
    // Checkpoint 3000 as an older version wrote it.
    const metas = await store.events.checkpointMetas(id);
    const old = { ...(JSON.parse(metas[2].meta) as object), v: CHECKPOINT_VERSION - 1 };
    await store.events.putCheckpoints(id, [{ seq: 3000, meta: JSON.stringify(old), state: (await store.events.checkpointState(id, 3000))! }]);

    const { events, n } = counting();
    const cache = new CheckpointCache(events, 1000);
    expect(await cache.index(id, 4200)).toEqual(index);
    expect(n.readFrom[0]).toBe(2001);
    expect((await cache.chunk(id, 4000, 4200)).state).toEqual(trimmed(replay(all.slice(0, 4000))));
    // What it folded replaces the old version.
    await cache.flushWrites();
    expect(n.writes).toEqual([3000, 4000]);
    expect((JSON.parse((await store.events.checkpointMetas(id))[2].meta) as { v: number }).v).toBe(CHECKPOINT_VERSION);
    // A meta whose ticks point outside its own lists is not read either.
    const first = JSON.parse((await store.events.checkpointMetas(id))[0].meta) as { agency: number[] };
    first.agency[7] = 99;
    await store.events.putCheckpoints(id, [{ seq: 1000, meta: JSON.stringify(first), state: (await store.events.checkpointState(id, 1000))! }]);
    const again = counting();
    expect(await new CheckpointCache(again.events, 1000).index(id, 4200)).toEqual(index);
    expect(again.n.readFrom[0]).toBe(1);
  });

  it('REV6: a missing checkpoint row ends the run: only the ones before it are read, the log is folded from there, and the missing one is stored again', async () => {
    const { id, all } = await longIncident(4300);
    const { index } = await foldedAndStored(id, 4300);
    expect((await store.events.checkpointMetas(id)).map((m) => m.seq)).toEqual([1000, 2000, 3000, 4000]);

    // The store answers without the row of 2000 (lost, or never written before a crash).
    const { events, n } = counting();
    let lost = true;
    events.checkpointMetas = async (incidentId) => (await store.events.checkpointMetas(incidentId)).filter((m) => !lost || m.seq !== 2000);
    const cache = new CheckpointCache(events, 1000);
    expect(await cache.index(id, 4300)).toEqual(index);
    expect(n.readFrom[0]).toBe(1001); // 3000 and 4000 come after the gap: not read
    expect(n.states).not.toContain(3000);
    expect(n.states).not.toContain(4000);
    for (const at of [2000, 3000, 4000]) expect((await cache.chunk(id, at, 4300)).state).toEqual(trimmed(replay(all.slice(0, at))));
    await cache.flushWrites();
    expect(n.writes).toEqual([2000, 3000, 4000]);
    lost = false;
    expect(JSON.parse((await store.events.checkpointState(id, 2000))!)).toEqual(trimmed(replay(all.slice(0, 2000))));
  });

  it('REV6: a chunk with no base carries its state as the store holds its text when read now, else as the held state written out: the same value', async () => {
    const { id, all } = await longIncident(3200);
    const { folded } = await foldedAndStored(id, 3200);
    const { events, n } = counting();
    const restarted = new CheckpointCache(events, 1000);
    // Read now: the stored text itself (ASCII), and the state held from then on.
    const text = await restarted.checkpointJson(id, 2000, 3200);
    expect(text).toBe(await store.events.checkpointState(id, 2000));
    expect(JSON.parse(text)).toEqual(trimmed(replay(all.slice(0, 2000))));
    expect(restarted.checkpointsOf(id)[1]).toEqual(JSON.parse(text));
    // Held: written out, the same text; not read again.
    const reads = n.states.length;
    expect(await restarted.checkpointJson(id, 2000, 3200)).toBe(text);
    expect(await folded.checkpointJson(id, 2000, 3200)).toBe(text);
    expect(n.states.length).toBe(reads);
    expect(await restarted.checkpointJson(id, 0, 3200)).toBe('null');
    // The rest of the chunk, as chunkState gives it.
    const { state: _state, ...rest } = await restarted.chunkState(id, 3000, 3200);
    expect(await restarted.chunkHead(id, 3000, 3200)).toEqual(rest);
    await expect(restarted.checkpointJson(id, 1500, 3200)).rejects.toThrow(RangeError);
    const metas = await store.events.checkpointMetas(id);
    // One stored in UTF-8 (before states were stored in ASCII) is sent in ASCII, the same value.
    const utf8 = JSON.stringify(JSON.parse((await store.events.checkpointState(id, 1000))!));
    expect(utf8).toMatch(/[^\x00-\x7f]/);
    await store.events.putCheckpoints(id, [{ seq: 1000, meta: metas[0].meta, state: utf8 }]);
    const ascii = await new CheckpointCache(store.events, 1000).checkpointJson(id, 1000, 3200);
    expect(ascii).toMatch(/^[\x20-\x7e]*$/);
    expect(JSON.parse(ascii)).toEqual(trimmed(replay(all.slice(0, 1000))));
    // A broken stored state is not sent: the fold's state is.
    await store.events.putCheckpoints(id, [{ seq: 3000, meta: metas[2].meta, state: '{"broken' }]);
    const fresh = new CheckpointCache(store.events, 1000);
    expect(JSON.parse(await fresh.checkpointJson(id, 3000, 3200))).toEqual(trimmed(replay(all.slice(0, 3000))));
  });

  it('REV6: a stored state that is missing or broken is not trusted: the chunk is folded from the log, exactly, and stored again', async () => {
    const { id, all } = await longIncident(3500);
    await foldedAndStored(id, 3500);
    const metas = await store.events.checkpointMetas(id);
    await store.events.putCheckpoints(id, [{ seq: 2000, meta: metas[1].meta, state: '{"broken' }]);

    const { events, n } = counting();
    const cache = new CheckpointCache(events, 1000);
    await cache.index(id, 3500);
    const chunk = await cache.chunk(id, 2000, 3500);
    expect(chunk.state).toEqual(trimmed(replay(all.slice(0, 2000))));
    // The fold read the log from checkpoint 1000 (or the start); then the chunk's own events.
    expect(n.readFrom[n.readFrom.length - 2]).toBeLessThanOrEqual(1001);
    expect(n.readFrom[n.readFrom.length - 1]).toBe(2001);
    await cache.flushWrites();
    expect(n.writes).toEqual([1000, 2000, 3000]);
    expect(JSON.parse((await store.events.checkpointState(id, 2000))!)).toEqual(trimmed(replay(all.slice(0, 2000))));
  });

  it('REV6: a live incident\'s checkpoints are stored as it grows, with no entry held, a group commit across a checkpoint included; a gap ends that, and the replay folds the rest', async () => {
    const { id, all } = await longIncident(4100);
    const cache = new CheckpointCache(store.events, 1000);
    // A new incident: its hub's load finds nothing, then its events arrive live.
    const hub = new IncidentHub(id, { ...store.events, read: async () => [] }, (h, evs) => cache.feedFromHub(h, evs));
    await hub.load();
    for (let i = 0; i < 2950; i += 50) hub.offer(all.slice(i, i + 50));
    hub.offer(all.slice(2950, 3050)); // 2951 … 3050: checkpoint 3000 is inside; the hub applies it in two parts
    for (const ev of all.slice(3050, 3300)) hub.offer([ev]);
    // Events that do not follow on (another process's, after a gap this process missed): the tail ends.
    cache.feed(id, [all[3400]], () => null);
    for (const ev of all.slice(3300, 4100)) hub.offer([ev]);
    expect(cache.size).toBe(0);
    await cache.flushWrites();
    expect((await store.events.checkpointMetas(id)).map((m) => m.seq)).toEqual([1000, 2000, 3000]);
    expect(JSON.parse((await store.events.checkpointState(id, 3000))!)).toEqual(trimmed(replay(all.slice(0, 3000))));

    const { events, n } = counting();
    const restarted = new CheckpointCache(events, 1000);
    const fresh = new CheckpointCache(store.events, 1000, { stored: false });
    expect(await restarted.index(id, 4100)).toEqual(await fresh.index(id, 4100));
    expect(n.readFrom).toEqual([3001]);
    for (const at of [1000, 2000, 3000, 4000]) expect(await restarted.chunk(id, at, 4100)).toEqual(await fresh.chunk(id, at, 4100));
    expect((await restarted.chunk(id, 2000, 4100)).state).toEqual(trimmed(replay(all.slice(0, 2000))));
  });

  it('REV6: an entry dropped after keepIdleMs unread hands over to a tail: the live incident\'s next checkpoints are stored all the same', async () => {
    const { id, all } = await longIncident(3400);
    let now = 1_000_000;
    const cache = new CheckpointCache(store.events, 1000, { keepIdleMs: 60_000, now: () => now });
    // A hub loads the incident as it was at 2,400 (a server start), then events come live.
    const upTo2400: EventStore = { ...store.events, read: async (i, from, limit) => (await store.events.read(i, from, limit)).filter((e) => e.seq <= 2400) };
    const hub = new IncidentHub(id, upTo2400, (h, evs) => cache.feedFromHub(h, evs));
    await hub.load();
    expect(hub.seq).toBe(2400);
    expect(cache.size).toBe(1);
    await cache.flushWrites();
    now += 2 * 60_000;
    for (const ev of all.slice(2400, 3400)) hub.offer([ev]);
    expect(cache.size).toBe(0);
    await cache.flushWrites();
    expect((await store.events.checkpointMetas(id)).map((m) => m.seq)).toEqual([1000, 2000, 3000]);

    const { events, n } = counting();
    const restarted = new CheckpointCache(events, 1000);
    const fresh = new CheckpointCache(store.events, 1000, { stored: false });
    expect(await restarted.index(id, 3400)).toEqual(await fresh.index(id, 3400));
    expect(n.readFrom).toEqual([3001]);
    expect((await restarted.chunk(id, 3000, 3400)).state).toEqual(trimmed(replay(all.slice(0, 3000))));
    expect(await restarted.chunk(id, 3000, 3400, 1000)).toEqual(await fresh.chunk(id, 3000, 3400, 1000));
  });

  it('REV6: an entry a hub\'s load started is dropped once its checkpoints are stored if no replay read it; live ones go on being stored, and a replay reads them', async () => {
    const { id, all } = await longIncident(4300);
    const cache = new CheckpointCache(store.events, 1000);
    const upTo3500: EventStore = { ...store.events, read: async (i, from, limit) => (await store.events.read(i, from, limit)).filter((e) => e.seq <= 3500) };
    const hub = new IncidentHub(id, upTo3500, (h, evs) => cache.feedFromHub(h, evs));
    await hub.load();
    expect(cache.size).toBe(1);
    await cache.flushWrites();
    expect(cache.size).toBe(0);
    expect((await store.events.checkpointMetas(id)).map((m) => m.seq)).toEqual([1000, 2000, 3000]);
    for (const ev of all.slice(3500, 4300)) hub.offer([ev]);
    await cache.flushWrites();
    expect((await store.events.checkpointMetas(id)).map((m) => m.seq)).toEqual([1000, 2000, 3000, 4000]);
    const { events, n } = counting();
    const fresh = new CheckpointCache(store.events, 1000, { stored: false });
    expect(await cache.index(id, 4300)).toEqual(await fresh.index(id, 4300));
    // The replay took what was stored (the hub's state at 4000 among it) and read only the rest.
    expect(await new CheckpointCache(events, 1000).index(id, 4300)).toEqual(await fresh.index(id, 4300));
    expect(n.readFrom).toEqual([4001]);
    expect(cache.size).toBe(1);
    await cache.flushWrites();
    expect(cache.size).toBe(1);
  });
});
