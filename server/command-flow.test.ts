import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_TYPES } from '../lib/domain/incident/commands';
import type { IncidentEvent } from '../lib/domain/incident/events';
import { replay } from '../lib/domain/incident/evolve';
import { IncidentFeed } from '../lib/client/incident-feed';
import { newId } from '../lib/client/new-id';
import { createSocket, type PortlineSocket } from '../lib/client/socket';
import { api, connect, createUser, hazmatIncident, signIn, submit } from './testing/client';
import { startServerProcess, type ServerProcess } from './testing/server-process';

/** One real server process on the embedded store, driven by socket.io-client. */
let srv: ServerProcess;
let admin: string;
let fire: string;
let customs: string;
let observer: string;
const sockets: PortlineSocket[] = [];

async function open(s: PortlineSocket, agencies?: string[]): Promise<string> {
  const id = newId();
  const ack = await submit(s, id, hazmatIncident(agencies));
  expect(ack.ok).toBe(true);
  return id;
}
async function log(incidentId: string): Promise<IncidentEvent[]> {
  const r = await api<{ events: IncidentEvent[] }>(srv.url, 'GET', `/api/incidents/${incidentId}/events?from=1`, admin);
  return r.json.events;
}
async function sock(token: string) {
  const s = await connect(srv.url, token);
  sockets.push(s);
  return s;
}

beforeAll(async () => {
  srv = await startServerProcess();
  admin = await signIn(srv.url);
  fire = (await createUser(srv.url, admin, 'fire1', 'responder', 'fire')).token;
  customs = (await createUser(srv.url, admin, 'customs1', 'liaison', 'customs')).token;
  observer = (await createUser(srv.url, admin, 'observer1', 'observer', null)).token;
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await srv?.stop();
});

describe('commands over Socket.IO', () => {
  it('CMD1: a command is acknowledged with its sequence numbers', async () => {
    const s = await sock(admin);
    const id = newId();
    expect(await submit(s, id, hazmatIncident())).toEqual({ ok: true, seqs: [1], duplicate: false });
    const ack = await submit(s, id, { type: 'CreateTask', taskId: newId(), title: 'Stop crane work in block C3', agency: 'port' });
    expect(ack).toEqual({ ok: true, seqs: [2], duplicate: false });
  });

  it('IDEM1: the same command id sent twice appends once', async () => {
    const s = await sock(admin);
    const id = await open(s);
    const cmd = { type: 'CreateTask' as const, taskId: newId(), title: 'Gas detection', agency: 'fire' };
    const commandId = newId();
    const first = await submit(s, id, cmd, commandId);
    const again = await Promise.all([submit(s, id, cmd, commandId), submit(s, id, cmd, commandId)]);
    expect(first).toEqual({ ok: true, seqs: [2], duplicate: false });
    for (const a of again) expect(a).toEqual({ ok: true, seqs: [2], duplicate: true });
    expect((await log(id)).length).toBe(2);
  });

  it('IDEM1: a used command id tells only its sender that it was applied; others get FORBIDDEN or ALREADY_EXISTS', async () => {
    const s = await sock(fire);
    const id = await open(await sock(admin));
    const cmd = { type: 'PostMessage' as const, messageId: newId(), text: 'On scene' };
    const commandId = newId();
    expect(await submit(s, id, cmd, commandId)).toEqual({ ok: true, seqs: [2], duplicate: false });
    const o = await submit(await sock(observer), id, { ...cmd, messageId: newId() }, commandId);
    expect(!o.ok && o.error.code).toBe('FORBIDDEN');
    const c = await submit(await sock(customs), id, { ...cmd, messageId: newId() }, commandId);
    expect(!c.ok && c.error.code).toBe('ALREADY_EXISTS');
    expect(await submit(await sock(fire), id, cmd, commandId)).toEqual({ ok: true, seqs: [2], duplicate: true });
    expect((await log(id)).length).toBe(2);
  });

  it('CONC1: two responders acknowledging the same task at once: one wins, one conflict', async () => {
    const a = await sock(admin);
    const id = await open(a);
    const taskId = newId();
    await submit(a, id, { type: 'CreateTask', taskId, title: 'Set hot, warm and cold zones', agency: 'fire' });
    const [f1, f2] = [await sock(fire), await sock(fire)];
    const move = { type: 'ChangeTaskStatus' as const, taskId, expectedVersion: 2, to: 'acknowledged' as const };
    const acks = await Promise.all([submit(f1, id, move), submit(f2, id, move)]);
    expect(acks.filter((x) => x.ok)).toHaveLength(1);
    const lost = acks.find((x) => !x.ok);
    expect(lost && !lost.ok && lost.error.code).toBe('CONFLICT');
    expect((await log(id)).length).toBe(3);
  });

  it('CONC2/IDEM1: a burst decided together (group commit) sees earlier commands of the same burst', async () => {
    const a = await sock(admin);
    const id = await open(a);
    const taskId = newId();
    const dupId = newId();
    const burst = [
      submit(a, id, { type: 'CreateTask', taskId, title: 'Stop vessel movements at berth 4', agency: 'maritime' }),
      submit(a, id, { type: 'ChangeTaskStatus', taskId, expectedVersion: 2, to: 'acknowledged' }),
      submit(a, id, { type: 'PostMessage', messageId: newId(), text: 'same id twice' }, dupId),
      submit(a, id, { type: 'PostMessage', messageId: newId(), text: 'same id twice' }, dupId),
      ...Array.from({ length: 30 }, (_, i) => submit(a, id, { type: 'PostMessage', messageId: newId(), text: `burst ${i}` })),
    ];
    const acks = await Promise.all(burst);
    expect(acks.filter((x) => !x.ok)).toEqual([]);
    expect(acks[1]).toEqual({ ok: true, seqs: [3], duplicate: false });
    expect(acks[3]).toEqual({ ok: true, seqs: acks[2].ok ? acks[2].seqs : [], duplicate: true });
    const events = await log(id);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events).toHaveLength(1 + 2 + 1 + 30);
  });

  it('AUTH: an observer, and another agency, are refused and nothing is written', async () => {
    const a = await sock(admin);
    const id = await open(a, ['fire', 'port']);
    const before = (await log(id)).length;
    const o = await sock(observer);
    const r1 = await submit(o, id, { type: 'PostMessage', messageId: newId(), text: 'hello' });
    expect(!r1.ok && r1.error.code).toBe('FORBIDDEN');
    const c = await sock(customs); // customs does not take part
    const r2 = await submit(c, id, { type: 'PostMessage', messageId: newId(), text: 'hello' });
    expect(!r2.ok && r2.error.code).toBe('FORBIDDEN');
    const join = await c.emitWithAck('incident:join', { incidentId: id, sinceSeq: 0 });
    expect(!join.ok && join.error.code).toBe('FORBIDDEN');
    expect((await log(id)).length).toBe(before);
  });

  it('SYNC1/SYNC9: joining with a sequence number returns exactly what came after it, at most `limit` events; a bad limit is BAD_REQUEST', async () => {
    const a = await sock(admin);
    const id = await open(a);
    for (let i = 0; i < 5; i++) await submit(a, id, { type: 'PostMessage', messageId: newId(), text: `update ${i}` });
    const b = await sock(fire);
    const r = await b.emitWithAck('incident:join', { incidentId: id, sinceSeq: 3 });
    expect(r.ok && r.events.map((e) => e.seq)).toEqual([4, 5, 6]);
    expect(r.ok && r.headSeq).toBe(6);
    // SYNC9: a join may ask for fewer events (a page sized to a slow link); the head still says what is left.
    const few = await b.emitWithAck('incident:join', { incidentId: id, sinceSeq: 1, limit: 2 });
    expect(few.ok && few.events.map((e) => e.seq)).toEqual([2, 3]);
    expect(few.ok && few.headSeq).toBe(6);
    for (const limit of [0, 1001, 2.5, '2']) {
      const bad = await b.emitWithAck('incident:join', { incidentId: id, sinceSeq: 1, limit } as never);
      expect(!bad.ok && bad.error.code, `limit ${JSON.stringify(limit)}`).toBe('BAD_REQUEST');
    }
  });

  it('SYNC1/SYNC2: a client that was disconnected receives exactly what it missed, then live events', async () => {
    const a = await sock(admin);
    const id = await open(a);
    const viewer = createSocket({ url: srv.url, token: fire, websocketOnly: true });
    sockets.push(viewer);
    let snap = null as null | ReturnType<IncidentFeed['snapshot']['valueOf']>;
    const feed = new IncidentFeed(viewer, id, (s) => (snap = s));
    feed.start();
    await until(() => feed.seq === 1);
    viewer.disconnect();
    for (let i = 0; i < 7; i++) await submit(a, id, { type: 'PostMessage', messageId: newId(), text: `missed ${i}` });
    viewer.connect();
    await until(() => feed.seq === 8);
    await submit(a, id, { type: 'PostMessage', messageId: newId(), text: 'live' });
    await until(() => feed.seq === 9);
    const server = await log(id);
    expect(feed.snapshot.events.map((e) => e.seq)).toEqual(server.map((e) => e.seq));
    expect(feed.snapshot.state).toEqual(replay(server));
    expect(snap).not.toBeNull();
    feed.stop();
  });
});

describe('bad input (CMD2)', () => {
  it('CMD2: a batch of bad payloads for every command gets typed errors and changes nothing', async () => {
    const s = await sock(admin);
    const id = await open(s);
    const taskId = newId();
    await submit(s, id, { type: 'CreateTask', taskId, title: 'Triage the two workers', agency: 'medical' });
    const before = await log(id);
    const long = (n: number) => 'x'.repeat(n);
    const bad: unknown[] = [
      null,
      42,
      'text',
      [],
      {},
      { commandId: 'not-a-uuid', incidentId: id, command: { type: 'PostMessage' } },
      { commandId: newId(), incidentId: id },
      { commandId: newId(), incidentId: id, command: { type: 'LaunchRocket' } },
      { commandId: newId(), incidentId: newId(), command: { type: 'PostMessage', messageId: newId(), text: 'unknown incident' } },
      { commandId: newId(), incidentId: id, command: JSON.parse('{"type":"PostMessage","messageId":"' + newId() + '","text":"x","__proto__":{"polluted":1}}') },
      { commandId: newId(), incidentId: id, command: { type: 'PostMessage', messageId: newId(), text: long(4001) } },
      { commandId: newId(), incidentId: id, command: { type: 'ChangeTaskStatus', taskId, expectedVersion: 2, to: 'done' } },
      { commandId: newId(), incidentId: id, command: { type: 'ChangeTaskStatus', taskId, expectedVersion: 99, to: 'acknowledged' } },
      { commandId: newId(), incidentId: id, command: { type: 'ChangeTaskStatus', taskId: newId(), expectedVersion: 2, to: 'acknowledged' } },
      { commandId: newId(), incidentId: id, command: { type: 'ChangeTaskStatus', taskId, expectedVersion: 2, to: 'cancelled', reason: long(501) } },
      { commandId: newId(), incidentId: id, command: hazmatIncident() },
      { commandId: newId(), incidentId: id, command: { type: 'PostMessage', messageId: newId(), text: long(40_000) } },
    ];
    for (const type of COMMAND_TYPES) {
      bad.push({ commandId: newId(), incidentId: id, command: { type } });
      bad.push({ commandId: newId(), incidentId: id, command: { type, title: 12, taskId: 5, expectedVersion: 'x', agency: {} } });
      bad.push({ commandId: newId(), incidentId: id, command: { type, title: long(201), text: long(4001), reason: long(501), unknownField: true } });
    }
    const codes = new Map<string, number>();
    for (const payload of bad) {
      const ack = await s.timeout(5000).emitWithAck('command:submit', payload as never);
      expect(ack.ok, JSON.stringify(payload).slice(0, 200)).toBe(false);
      if (!ack.ok) {
        expect(typeof ack.error.message).toBe('string');
        codes.set(ack.error.code, (codes.get(ack.error.code) ?? 0) + 1);
      }
    }
    console.log(`CMD2: ${bad.length} bad payloads →`, Object.fromEntries(codes));
    expect([...codes.keys()].every((c) => /^[A-Z_]+$/.test(c))).toBe(true);
    expect(codes.get('UNKNOWN_COMMAND')).toBeGreaterThan(0);
    expect(codes.get('PAYLOAD_TOO_LARGE')).toBeGreaterThan(0);
    expect(codes.get('CONFLICT')).toBeGreaterThan(0);
    expect(codes.get('INVALID_TRANSITION')).toBeGreaterThan(0);
    expect(await log(id)).toEqual(before);
    expect((await fetch(`${srv.url}/healthz`)).ok).toBe(true);
  });

  it('CMD2: above maxHttpBufferSize the connection is closed, the server stays up, the client reconnects', async () => {
    const s = createSocket({ url: srv.url, token: admin });
    sockets.push(s);
    await until(() => s.connected);
    const id = await open(s);
    const disconnected = new Promise<string>((r) => s.once('disconnect', (reason) => r(reason)));
    s.emit('command:submit', { commandId: newId(), incidentId: id, command: { type: 'PostMessage', messageId: newId(), text: 'y'.repeat(100_000) } }, () => undefined);
    console.log('over-limit disconnect reason:', await disconnected);
    await until(() => s.connected, 15_000);
    expect((await fetch(`${srv.url}/healthz`)).ok).toBe(true);
    const ok = await submit(s, id, { type: 'PostMessage', messageId: newId(), text: 'still here' });
    expect(ok.ok).toBe(true);
    expect((await log(id)).length).toBe(2);
  });

  it('CMD2: reads with bad payloads get typed errors too', async () => {
    const s = await sock(admin);
    const leave = await s.emitWithAck('incident:leave', { incidentId: 'nope' } as never);
    expect(!leave.ok && leave.error.code).toBe('BAD_REQUEST');
    const join = await s.emitWithAck('incident:join', { incidentId: newId(), sinceSeq: -1 } as never);
    expect(!join.ok && join.error.code).toBe('BAD_REQUEST');
    const fetch_ = await s.emitWithAck('incident:fetch', { incidentId: newId(), fromSeq: 1 } as never);
    expect(!fetch_.ok && fetch_.error.code).toBe('NOT_FOUND');
  });

  it('AUTH1: a socket without a session, or with an old protocol, is refused with a typed code', async () => {
    const noAuth = createSocket({ url: srv.url, websocketOnly: true });
    const err1 = await new Promise<{ data?: { code: string } }>((r) => noAuth.once('connect_error', r));
    expect(err1.data?.code).toBe('UNAUTHENTICATED');
    noAuth.close();
    const { io } = await import('socket.io-client');
    const old = io(srv.url, { auth: { protocolVersion: 0, token: admin }, transports: ['websocket'] });
    const err2 = await new Promise<{ data?: { code: string } }>((r) => old.once('connect_error', r));
    expect(err2.data?.code).toBe('CLIENT_TOO_OLD');
    old.close();
  });

  it('HTTP: bad bodies get typed errors; cross-site form posts are refused', async () => {
    const r1 = await api(srv.url, 'POST', '/api/accounts', admin, { username: 'x' });
    expect(r1.status).toBe(400);
    expect(r1.json.error?.code).toBe('BAD_REQUEST');
    const r2 = await fetch(`${srv.url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'username=admin' });
    expect(r2.status).toBe(403);
    const r3 = await fetch(`${srv.url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'https://evil.example' }, body: '{}' });
    expect(r3.status).toBe(403);
    const r4 = await api(srv.url, 'GET', '/api/accounts', fire);
    expect(r4.status).toBe(403);
    const r5 = await api(srv.url, 'GET', '/api/me');
    expect(r5.status).toBe(401);
  });
});

async function until(cond: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
