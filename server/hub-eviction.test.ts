import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentEvent } from '../lib/domain/incident/events';
import type { IncidentSummary } from '../lib/domain/incident/summary';
import { newId } from '../lib/client/new-id';
import type { PortlineSocket } from '../lib/client/socket';
import { api, connect, hazmatIncident, signIn, submit, until } from './testing/client';
import { scrape, total } from './testing/prometheus';
import { startRedisServer } from './testing/redis-server';
import { startServerProcess, type ServerProcess } from './testing/server-process';

/**
 * SPEC OPS5 in a real server process (HUB_IDLE_SECONDS = 2, so it sweeps every 2 s):
 * an incident a socket follows stays held and its live events keep coming; one nobody follows
 * is dropped, and the incident list still shows it, as it was.
 */
/** Long enough that nothing is dropped between a test's first steps on a slow machine. */
const IDLE_S = 2;
let srv: ServerProcess;
let admin: string;
const sockets: PortlineSocket[] = [];

beforeAll(async () => {
  srv = await startServerProcess({ env: { HUB_IDLE_SECONDS: String(IDLE_S) } });
  admin = await signIn(srv.url);
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await srv?.stop();
});

const heldOn = async (url: string) => total(await scrape(url), 'portline_incidents_held', { kind: 'live' });
const listOn = async (url: string) => (await api<{ incidents: IncidentSummary[] }>(url, 'GET', '/api/incidents', admin)).json.incidents;
const held = () => heldOn(srv.url);
const list = () => listOn(srv.url);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('SPEC OPS5: a process holds the incidents that are followed or in use', () => {
  it('keeps the followed incident (its live events still arrive), drops the other, and lists both as they are', async () => {
    const writer = await connect(srv.url, admin);
    const watcher = await connect(srv.url, admin);
    sockets.push(writer, watcher);
    const [followed, idle] = [newId(), newId()];
    for (const id of [followed, idle]) expect((await submit(writer, id, hazmatIncident())).ok).toBe(true);
    const task = { type: 'CreateTask' as const, taskId: newId(), title: 'Foam on tank T-4', agency: 'fire' };
    expect((await submit(writer, idle, task)).ok).toBe(true);
    const join = await watcher.emitWithAck('incident:join', { incidentId: followed, sinceSeq: 0 });
    expect(join.ok).toBe(true);
    const rowsBefore = await list();
    expect(await held()).toBe(2);

    const ms = await until(async () => (await held()) === 1, 15_000, 'the idle incident dropped');
    console.log(`OPS5: the incident nobody follows was dropped ${ms} ms into the wait (idle time and sweep interval ${IDLE_S} s)`);
    // Well past the idle time: the followed one stays.
    await sleep(IDLE_S * 1000 + 500);
    expect(await held()).toBe(1);

    // The list answers from the summary kept for the dropped one, unchanged, and does not load it again.
    expect(await list()).toEqual(rowsBefore);
    expect(await held()).toBe(1);

    // The followed incident's live events still reach its follower.
    const got: IncidentEvent[] = [];
    watcher.on('incident:events', (m: { incidentId: string; events: IncidentEvent[] }) => m.incidentId === followed && got.push(...m.events));
    const ack = await submit(writer, followed, { type: 'PostMessage', messageId: newId(), text: 'Crane work stopped in block C3' });
    expect(ack.ok).toBe(true);
    await until(() => got.length === 1, 5000, 'the live event');
    expect(got[0].seq).toBe(2);

    // A command on the dropped incident loads it again, from its log, and goes on after its head.
    const again = await submit(writer, idle, { type: 'PostMessage', messageId: newId(), text: 'Tank T-4 cooled' });
    expect(again).toEqual({ ok: true, seqs: [3], duplicate: false });
    const row = (await list()).find((r) => r.id === idle)!;
    expect([row.seq, row.tasks.total]).toEqual([3, 1]);
  });

  it('after a restart, the incident list reads the rows stored beside the logs (when an incident was dropped, or at the stop) and loads no incident', async () => {
    const server = await startServerProcess({ env: { HUB_IDLE_SECONDS: String(IDLE_S) } });
    try {
      const token = await signIn(server.url);
      const writer = await connect(server.url, token);
      sockets.push(writer);
      const ids = [newId(), newId()];
      for (const id of ids) expect((await submit(writer, id, hazmatIncident())).ok).toBe(true);
      expect((await submit(writer, ids[0], { type: 'CreateTask', taskId: newId(), title: 'Close berth 7', agency: 'port' })).ok).toBe(true);
      writer.close();
      const rowsOf = async () => (await api<{ incidents: IncidentSummary[] }>(server.url, 'GET', '/api/incidents', token)).json.incidents;
      const rows = await rowsOf();
      await until(async () => (await heldOn(server.url)) === 0, 15_000, 'both incidents dropped (their rows stored)');
      await server.stop({ keepData: true });
      await server.start();
      expect(await rowsOf()).toEqual(rows);
      expect(await heldOn(server.url)).toBe(0);
      // A third incident, held when the process stops (SIGTERM): its row is stored at the stop.
      const again = await connect(server.url, token);
      sockets.push(again);
      const third = newId();
      expect((await submit(again, third, hazmatIncident())).ok).toBe(true);
      again.close();
      const all = await rowsOf();
      expect(all.map((r) => r.id)).toContain(third);
      await server.stop({ keepData: true });
      await server.start();
      expect(await rowsOf()).toEqual(all);
      expect(await heldOn(server.url)).toBe(0);
    } finally {
      await server.stop();
    }
  });

  it('on Redis: a process keeps the incident its socket follows while commands come through another process (their events reach the follower), and the list row of one it dropped follows the other process\'s appends', async () => {
    const redis = await startRedisServer({ appendonly: true });
    const [A, B] = await Promise.all(
      ['A', 'B'].map((serverId) => startServerProcess({ redisUrl: redis.url, serverId, env: { HUB_IDLE_SECONDS: String(IDLE_S) } })),
    );
    try {
      const token = await signIn(A.url);
      const onA = await connect(A.url, token);
      const onB = await connect(B.url, token);
      sockets.push(onA, onB);
      const [followed, listed] = [newId(), newId()];
      for (const id of [followed, listed]) expect((await submit(onB, id, hazmatIncident())).ok).toBe(true);
      expect((await onA.emitWithAck('incident:join', { incidentId: followed, sinceSeq: 0 })).ok).toBe(true);
      const rowsOf = async () => (await api<{ incidents: IncidentSummary[] }>(A.url, 'GET', '/api/incidents', token)).json.incidents;
      expect((await rowsOf()).map((r) => r.seq)).toEqual([1, 1]);
      expect(await heldOn(A.url)).toBe(2);
      await until(async () => (await heldOn(A.url)) === 1, 15_000, 'A drops the incident nobody on A follows');
      await sleep(IDLE_S * 1000 + 500);

      const got: IncidentEvent[] = [];
      onA.on('incident:events', (m: { incidentId: string; events: IncidentEvent[] }) => m.incidentId === followed && got.push(...m.events));
      for (const id of [followed, listed])
        expect((await submit(onB, id, { type: 'PostMessage', messageId: newId(), text: 'Pilot boat alongside' })).ok).toBe(true);
      await until(() => got.length === 1, 5000, "the follower on A gets B's append");
      expect(got[0].seq).toBe(2);
      // The dropped one's kept row went stale with B's append: A reads it from the log again.
      await until(async () => (await rowsOf()).every((r) => r.seq === 2), 5000, "A's list shows B's appends");
    } finally {
      await Promise.all([A.stop(), B.stop()]);
      await redis.stop();
    }
  });
});

