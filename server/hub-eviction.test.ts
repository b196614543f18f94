import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentEvent } from '../lib/domain/incident/events';
import type { IncidentSummary } from '../lib/domain/incident/summary';
import { newId } from '../lib/client/new-id';
import type { PortlineSocket } from '../lib/client/socket';
import { api, connect, hazmatIncident, signIn, submit, until } from './testing/client';
import { scrape, total } from './testing/prometheus';
import { startServerProcess, type ServerProcess } from './testing/server-process';

/**
 * SPEC OPS5 in a real server process (HUB_IDLE_SECONDS = 0.5, so it sweeps twice a second):
 * an incident a socket follows stays held and its live events keep coming; one nobody follows
 * is dropped, and the incident list still shows it, as it was.
 */
let srv: ServerProcess;
let admin: string;
const sockets: PortlineSocket[] = [];

beforeAll(async () => {
  srv = await startServerProcess({ env: { HUB_IDLE_SECONDS: '0.5' } });
  admin = await signIn(srv.url);
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await srv?.stop();
});

const held = async () => total(await scrape(srv.url), 'portline_incidents_held', { kind: 'live' });
const list = async () => (await api<{ incidents: IncidentSummary[] }>(srv.url, 'GET', '/api/incidents', admin)).json.incidents;

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

    const ms = await until(async () => (await held()) === 1, 10_000, 'the idle incident dropped');
    console.log(`OPS5: the incident nobody follows was dropped ${ms} ms into the wait (idle time 500 ms, a sweep every 500 ms)`);
    // Well past the idle time: the followed one stays.
    await new Promise((r) => setTimeout(r, 1200));
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
});
