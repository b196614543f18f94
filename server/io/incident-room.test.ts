import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../lib/client/new-id';
import type { PortlineSocket } from '../../lib/client/socket';
import type { IncidentEvent } from '../../lib/domain/incident/events';
import { ErrorCode } from '../../lib/domain/errors';
import { StoreUnavailableError } from '../store/types';
import { connect, hazmatIncident, submit, until } from '../testing/client';
import { startInProcessServer, type InProcessServer } from '../testing/in-process-server';
import { incidentRoom } from './socket-server';

/**
 * SPEC BUS3: what keeps the replay's checkpoints (SPEC REV6) is told of applied events after the
 * sockets are. Before, it came first and, had it thrown, the events were neither pushed to the
 * incident's room nor hinted to lists: the hub's seq had already moved, so its catch-up found
 * nothing to send again, and every board stayed behind until the next event showed the gap.
 */
let srv: InProcessServer;
let writer: PortlineSocket;
let watcher: PortlineSocket;
beforeAll(async () => {
  srv = await startInProcessServer();
  writer = await connect(srv.url, await srv.account('commander'));
  watcher = await connect(srv.url, await srv.account('observer'));
});
afterAll(async () => {
  writer?.close();
  watcher?.close();
  await srv?.close();
});

describe('fan-out before the replay checkpoints', () => {
  it('a checkpoint keeper that throws costs no board its live events, and is logged', async () => {
    const incidentId = newId();
    expect((await submit(writer, incidentId, hazmatIncident(['port', 'fire']))).ok).toBe(true);
    const joined = await watcher.emitWithAck('incident:join', { incidentId, sinceSeq: 0 });
    expect(joined.ok).toBe(true);
    const pushed: IncidentEvent[] = [];
    watcher.on('incident:events', (msg) => {
      if (msg.incidentId === incidentId) pushed.push(...msg.events);
    });
    const hints: number[] = [];
    watcher.on('incidents:changed', (msg) => {
      if (msg.incidentId === incidentId) hints.push(msg.seq);
    });

    const checkpoints = srv.services.checkpoints;
    const feed = checkpoints.feedFromHub.bind(checkpoints);
    let thrown = 0;
    checkpoints.feedFromHub = () => {
      thrown++;
      throw new Error('checkpoint keeper failed (test)');
    };
    try {
      const ack = await submit(writer, incidentId, { type: 'PostMessage', messageId: newId(), text: 'Foam tender at berth 4', toAgency: null, alert: false });
      expect(ack.ok).toBe(true);
      const seq = ack.ok ? ack.seqs[0] : 0;
      await until(() => pushed.some((e) => e.seq === seq), 5_000, 'the message pushed to the watcher');
      await until(() => hints.includes(seq), 5_000, 'the list hint');
      expect(thrown).toBeGreaterThan(0);
      expect(srv.lines.some((l) => l.msg === 'replay checkpoints failed to follow applied events')).toBe(true);
    } finally {
      checkpoints.feedFromHub = feed;
    }
  });
});

describe('a join refused', () => {
  it('SYNC1: a join whose page read failed (the store away) leaves the socket out of the incident room', async () => {
    const incidentId = newId();
    expect((await submit(writer, incidentId, hazmatIncident(['port', 'fire']))).ok).toBe(true);
    const events = srv.services.store.events;
    const read = events.read.bind(events);
    events.read = () => Promise.reject(new StoreUnavailableError('store away (test)'));
    try {
      const joined = await watcher.emitWithAck('incident:join', { incidentId, sinceSeq: 0 });
      expect(!joined.ok && joined.error.code).toBe(ErrorCode.STORE_UNAVAILABLE);
    } finally {
      events.read = read;
    }
    const rooms = [...srv.io.of('/').sockets.values()].filter((s) => s.rooms.has(incidentRoom(incidentId)));
    expect(rooms).toHaveLength(0);
    // Joined again once the store answers.
    expect((await watcher.emitWithAck('incident:join', { incidentId, sinceSeq: 0 })).ok).toBe(true);
    expect([...srv.io.of('/').sockets.values()].filter((s) => s.rooms.has(incidentRoom(incidentId)))).toHaveLength(1);
  });
  it('SYNC1/SYNC10: a rejoin whose read fails keeps the room the socket was already in: its live events go on while the feed tries again', async () => {
    const incidentId = newId();
    expect((await submit(writer, incidentId, hazmatIncident(['port', 'fire']))).ok).toBe(true);
    expect((await watcher.emitWithAck('incident:join', { incidentId, sinceSeq: 0 })).ok).toBe(true);
    const events = srv.services.store.events;
    const read = events.read.bind(events);
    events.read = () => Promise.reject(new StoreUnavailableError('store away (test)'));
    try {
      const again = await watcher.emitWithAck('incident:join', { incidentId, sinceSeq: 0 });
      expect(!again.ok && again.error.code).toBe(ErrorCode.STORE_UNAVAILABLE);
    } finally {
      events.read = read;
    }
    expect([...srv.io.of('/').sockets.values()].filter((s) => s.rooms.has(incidentRoom(incidentId)))).toHaveLength(1);
  });
});

describe('a leave while the join is answered', () => {
  it('SYNC1: a page that leaves an incident before its join was answered (it moved on) is not left in the room', async () => {
    const incidentId = newId();
    expect((await submit(writer, incidentId, hazmatIncident(['port', 'fire']))).ok).toBe(true);
    // Sent together, as a feed stopped right after it started: the join is still checking the session when the leave comes.
    const joined = watcher.emitWithAck('incident:join', { incidentId, sinceSeq: 0 });
    const left = watcher.emitWithAck('incident:leave', { incidentId });
    expect((await left).ok).toBe(true);
    expect((await joined).ok).toBe(true);
    const inRoom = () => [...srv.io.of('/').sockets.values()].filter((s) => s.rooms.has(incidentRoom(incidentId))).length;
    expect(inRoom()).toBe(0);
    const pushed: number[] = [];
    watcher.on('incident:events', (msg) => {
      if (msg.incidentId === incidentId) pushed.push(...msg.events.map((e) => e.seq));
    });
    expect((await submit(writer, incidentId, { type: 'PostMessage', messageId: newId(), text: 'Nobody here shows this', toAgency: null, alert: false })).ok).toBe(true);
    await new Promise((r) => setTimeout(r, 200));
    expect(pushed).toEqual([]);
  });
});

describe('joins and leaves sent together', () => {
  const inRoom = (incidentId: string) => [...srv.io.of('/').sockets.values()].filter((s) => s.rooms.has(incidentRoom(incidentId))).length;

  it('SYNC1: join, leave, join again (a page that went back): in the room, as the last asked', async () => {
    const incidentId = newId();
    expect((await submit(writer, incidentId, hazmatIncident(['port', 'fire']))).ok).toBe(true);
    const answers = await Promise.all([
      watcher.emitWithAck('incident:join', { incidentId, sinceSeq: 0 }),
      watcher.emitWithAck('incident:leave', { incidentId }),
      watcher.emitWithAck('incident:join', { incidentId, sinceSeq: 0 }),
    ]);
    expect(answers.every((a) => a.ok)).toBe(true);
    expect(inRoom(incidentId)).toBe(1);
  });

  it('SYNC1/SYNC10: a rejoin of an incident the socket is in, then a leave: out of the room once the rejoin ends', async () => {
    const incidentId = newId();
    expect((await submit(writer, incidentId, hazmatIncident(['port', 'fire']))).ok).toBe(true);
    expect((await watcher.emitWithAck('incident:join', { incidentId, sinceSeq: 0 })).ok).toBe(true);
    const [rejoined, left] = await Promise.all([
      watcher.emitWithAck('incident:join', { incidentId, sinceSeq: 1 }),
      watcher.emitWithAck('incident:leave', { incidentId }),
    ]);
    expect(rejoined.ok && left.ok).toBe(true);
    expect(inRoom(incidentId)).toBe(0);
  });
});

describe('reads of a socket that does not read its answers', () => {
  it('BUS2/AUTH10: once its outbound queue is past its limit, a join or fetch is RATE_LIMITED (reads) instead of adding another page to it', async () => {
    const incidentId = newId();
    expect((await submit(writer, incidentId, hazmatIncident(['port', 'fire']))).ok).toBe(true);
    const socket = [...srv.io.of('/').sockets.values()].find((s) => s.data.kind === 'account' && s.rooms.size > 0 && s.connected)!;
    const limit = srv.services.config.socketLimits.maxBufferedBytes;
    // Stands for what the client has not read: the bytes its WebSocket has not sent yet.
    const transport = (socket.conn as unknown as { transport: { name: string; socket: object } }).transport;
    expect(transport.name).toBe('websocket');
    Object.defineProperty(transport.socket, 'bufferedAmount', { configurable: true, get: () => limit + 1 });
    const own = socket.id === watcher.id ? watcher : writer;
    let fetched: Awaited<ReturnType<typeof own.emitWithAck>> | null = null;
    let joined: Awaited<ReturnType<typeof own.emitWithAck>> | null = null;
    try {
      [fetched, joined] = await Promise.all([
        own.timeout(2_000).emitWithAck('incident:fetch', { incidentId, fromSeq: 1, limit: 10 }).catch(() => null),
        own.timeout(2_000).emitWithAck('incident:join', { incidentId, sinceSeq: 0 }).catch(() => null),
      ]);
    } finally {
      delete (transport.socket as { bufferedAmount?: number }).bufferedAmount;
    }
    for (const ack of [fetched, joined]) {
      expect(ack && !ack.ok && ack.error.code).toBe(ErrorCode.RATE_LIMITED);
      expect(ack && !ack.ok && ack.error.details).toMatchObject({ limit: 'reads' });
    }
    // Read (the queue drained): answered again.
    expect((await own.emitWithAck('incident:fetch', { incidentId, fromSeq: 1, limit: 10 })).ok).toBe(true);
  });
});

describe('a hub that reads its log again from the start', () => {
  it('DUR1/AUTH5: after a batch its reducer threw on, the hub folds its log again, and its sockets are pushed only what they had not had', async () => {
    const incidentId = newId();
    expect((await submit(writer, incidentId, hazmatIncident(['port', 'fire']))).ok).toBe(true);
    for (const text of ['Cordon at 50 m', 'Wind from the north-east'])
      expect((await submit(writer, incidentId, { type: 'PostMessage', messageId: newId(), text, toAgency: null, alert: false })).ok).toBe(true);
    expect((await watcher.emitWithAck('incident:join', { incidentId, sinceSeq: 3 })).ok).toBe(true);
    const pushed: number[] = [];
    watcher.on('incident:events', (msg) => {
      if (msg.incidentId === incidentId) pushed.push(...msg.events.map((e) => e.seq));
    });
    // The reducer throws on the next batch (its message list cannot be written: frozen), and the
    // hub reads its whole log again from seq 1.
    const hub = (await srv.services.registry.get(incidentId))!;
    Object.freeze(hub.peek()!.messages);
    const ack = await submit(writer, incidentId, { type: 'PostMessage', messageId: newId(), text: 'Foam tender at berth 4', toAgency: null, alert: false });
    expect(ack.ok).toBe(true);
    await until(() => hub.seq === 4, 5_000, 'the hub folded its log again');
    await until(() => pushed.includes(4), 5_000, 'the new message pushed');
    await new Promise((r) => setTimeout(r, 100));
    expect(pushed).toEqual([4]);
    expect(srv.lines.some((l) => String(l.msg).endsWith('written events failed to apply; catching up from the log'))).toBe(true);
  });
});

