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
});
