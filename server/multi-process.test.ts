import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentEvent } from '../lib/domain/incident/events';
import { replay } from '../lib/domain/incident/evolve';
import { IncidentFeed } from '../lib/client/incident-feed';
import { newId } from '../lib/client/new-id';
import { createSocket, type PortlineSocket } from '../lib/client/socket';
import type { AccountView } from '../lib/protocol/http';
import { api, connect, createUser, hazmatIncident, readLog, signIn, submit, until } from './testing/client';
import { startRedisServer, type RedisServerHandle } from './testing/redis-server';
import { startServerProcess, type ServerProcess } from './testing/server-process';

/** Two real server processes sharing one real redis-server (AOF always). */
let redis: RedisServerHandle;
let A: ServerProcess;
let B: ServerProcess;
let admin: string;
let fireToken: string;
const sockets: PortlineSocket[] = [];
const feeds: IncidentFeed[] = [];

async function sock(url: string, token = admin) {
  const s = await connect(url, token);
  sockets.push(s);
  return s;
}
function follow(url: string, incidentId: string, token = admin): IncidentFeed {
  const s = createSocket({ url, token, websocketOnly: true });
  sockets.push(s);
  const f = new IncidentFeed(s, incidentId, () => undefined);
  f.start();
  feeds.push(f);
  return f;
}
const log = (incidentId: string): Promise<IncidentEvent[]> => readLog(A.url, admin, incidentId);

beforeAll(async () => {
  redis = await startRedisServer({ appendonly: true });
  // Started together: the first-run admin must still be created once.
  [A, B] = await Promise.all([
    startServerProcess({ redisUrl: redis.url, serverId: 'A' }),
    startServerProcess({ redisUrl: redis.url, serverId: 'B' }),
  ]);
  admin = await signIn(A.url);
  fireToken = (await createUser(B.url, admin, 'fire-mp', 'responder', 'fire')).token;
});
afterAll(async () => {
  for (const f of feeds) f.stop();
  for (const s of sockets) s.close();
  await Promise.all([A?.stop(), B?.stop()]);
  await redis?.stop();
});

describe('two processes, one redis-server', () => {
  it('AUTH1: the first-run admin exists once and either process accepts any session', async () => {
    const r = await api<{ accounts: AccountView[] }>(B.url, 'GET', '/api/accounts', admin);
    expect(r.json.accounts.filter((a) => a.username === 'admin')).toHaveLength(1);
    const me = await api(A.url, 'GET', '/api/me', fireToken);
    expect(me.status).toBe(200);
    expect(A.output()).not.toMatch(/WARNING/);
  });

  it('BUS1: an event appended through A reaches a client of B', async () => {
    const a = await sock(A.url);
    const id = newId();
    await submit(a, id, hazmatIncident());
    const onB = follow(B.url, id, fireToken);
    await until(() => onB.seq === 1);
    const t0 = Date.now();
    const ack = await submit(a, id, { type: 'PostMessage', messageId: newId(), text: 'Wind from the north-east, 4 m/s', alert: true });
    expect(ack.ok).toBe(true);
    await until(() => onB.seq === 2);
    console.log(`BUS1: A → client of B in ${Date.now() - t0} ms`);
    expect(onB.snapshot.state?.messages[0].alert).toBe(true);
  });

  it('CONC2: the same edit sent to A and B at once gives one success and one conflict, never two', async () => {
    const a = await sock(A.url, fireToken);
    const b = await sock(B.url, fireToken);
    const admin_ = await sock(A.url);
    const id = newId();
    await submit(admin_, id, hazmatIncident());
    let conflicts = 0;
    for (let round = 0; round < 20; round++) {
      const taskId = newId();
      const created = await submit(admin_, id, { type: 'CreateTask', taskId, title: `Gas detection round ${round}`, agency: 'fire' });
      const version = created.ok ? created.seqs[0] : -1;
      const cmd = { type: 'ChangeTaskStatus' as const, taskId, expectedVersion: version, to: 'acknowledged' as const };
      const acks = await Promise.all([submit(a, id, cmd), submit(b, id, cmd)]);
      expect(acks.filter((x) => x.ok)).toHaveLength(1);
      const lost = acks.find((x) => !x.ok);
      expect(lost && !lost.ok && lost.error.code).toBe('CONFLICT');
      conflicts++;
    }
    const events = await log(id);
    expect(events.filter((e) => e.type === 'TaskStatusChanged')).toHaveLength(20);
    console.log(`CONC2: ${conflicts} rounds, each one success and one CONFLICT`);
  });

  it('SEQ1/SYNC1: concurrent writers on both processes; every client ends with the same sequence', async () => {
    const admin_ = await sock(A.url);
    const id = newId();
    await submit(admin_, id, hazmatIncident());
    const readers = [follow(A.url, id), follow(B.url, id), follow(A.url, id, fireToken), follow(B.url, id, fireToken)];
    const writers = await Promise.all([sock(A.url), sock(A.url), sock(B.url), sock(B.url), sock(A.url, fireToken), sock(B.url, fireToken)]);
    const acks = await Promise.all(
      writers.map(async (w, i) => {
        const out = [];
        for (let k = 0; k < 25; k++) {
          const cmd =
            k % 3 === 0
              ? { type: 'CreateTask' as const, taskId: newId(), title: `w${i} task ${k}`, agency: 'fire' }
              : { type: 'PostMessage' as const, messageId: newId(), text: `w${i} msg ${k}` };
          out.push(await submit(w, id, cmd));
        }
        return out;
      }),
    );
    const flat = acks.flat();
    expect(flat.filter((x) => !x.ok)).toEqual([]);
    const events = await log(id);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(new Set(events.map((e) => e.commandId)).size).toBe(events.length);
    expect(events.length).toBe(1 + writers.length * 25);
    await until(() => readers.every((r) => r.seq === events.length));
    for (const r of readers) {
      expect(r.snapshot.events.map((e) => e.id)).toEqual(events.map((e) => e.id));
      expect(r.snapshot.state).toEqual(replay(events));
    }
  });

  it('SYNC1: a process that was stopped comes back and its clients catch up on exactly what they missed', async () => {
    const a = await sock(A.url);
    const id = newId();
    await submit(a, id, hazmatIncident());
    const onB = follow(B.url, id, fireToken);
    await until(() => onB.seq === 1);
    await B.kill();
    for (let i = 0; i < 10; i++) await submit(a, id, { type: 'PostMessage', messageId: newId(), text: `while B was down ${i}` });
    await B.start();
    const ms = await until(() => onB.seq === 11, 30_000);
    console.log(`SYNC1: client of a restarted process caught up 10 events ${ms} ms after restart`);
    const events = await log(id);
    expect(onB.snapshot.events.map((e) => e.seq)).toEqual(events.map((e) => e.seq));
    expect(onB.snapshot.state).toEqual(replay(events));
  });

  it('BUS1/DUR1: redis-server killed and restarted on the same port: acknowledged events stay, subscriptions come back', async () => {
    const a = await sock(A.url);
    const id = newId();
    await submit(a, id, hazmatIncident());
    await submit(a, id, { type: 'PostMessage', messageId: newId(), text: 'before the restart' });
    const onB = follow(B.url, id, fireToken);
    await until(() => onB.seq === 2);
    await redis.kill();
    const down = await submit(a, id, { type: 'PostMessage', messageId: newId(), text: 'while redis is down' });
    expect(!down.ok && down.error.code).toBe('STORE_UNAVAILABLE');
    const ready = await fetch(`${A.url}/readyz`);
    expect(ready.status).toBe(503);
    await redis.restart();
    // The servers reconnect by themselves; no restart of A or B.
    let after = await submit(a, id, { type: 'PostMessage', messageId: newId(), text: 'after the restart' });
    const t0 = Date.now();
    while (!after.ok && Date.now() - t0 < 15_000) {
      await new Promise((r) => setTimeout(r, 200));
      after = await submit(a, id, { type: 'PostMessage', messageId: newId(), text: 'after the restart' });
    }
    expect(after.ok).toBe(true);
    await until(() => onB.seq === 3);
    const events = await log(id);
    expect(events.map((e) => e.type)).toEqual(['IncidentOpened', 'MessagePosted', 'MessagePosted']);
    expect((await fetch(`${B.url}/readyz`)).status).toBe(200);
  });
});
