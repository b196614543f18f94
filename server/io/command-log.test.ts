import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../lib/client/new-id';
import type { PortlineSocket } from '../../lib/client/socket';
import { ErrorCode } from '../../lib/domain/errors';
import type { UnsequencedEvent } from '../../lib/domain/incident/events';
import { commander, taskCreated } from '../../lib/domain/incident/fixtures';
import { connect, hazmatIncident, submit } from '../testing/client';
import { startInProcessServer, type InProcessServer } from '../testing/in-process-server';

/**
 * SPEC CONC2: a command that keeps losing the race for its incident to another process is refused
 * as busy (RATE_LIMITED, `limit: 'incident'`), and the socket server logs it at warn, so that
 * contention shows in a log that production keeps at warn (a connection's own limits are debug).
 * The other process is a real append to the real store before each of this one's.
 */
let srv: InProcessServer;
let socket: PortlineSocket;
beforeAll(async () => {
  srv = await startInProcessServer();
  socket = await connect(srv.url, await srv.account('commander'));
});
afterAll(async () => {
  socket?.close();
  await srv?.close();
});

describe('command log lines', () => {
  it('CONC2: a command refused as busy after losing every race to another process is logged at warn as "command refused: incident busy"', async () => {
    const incidentId = newId();
    expect((await submit(socket, incidentId, hazmatIncident(['port', 'fire']))).ok).toBe(true);
    const events = srv.services.store.events;
    const append = events.appendBatch.bind(events);
    let lost = 0;
    events.appendBatch = async (id, expectedSeq, commands, options) => {
      lost++;
      const ev = { ...taskCreated(randomUUID(), 'fire'), incidentId: id, id: randomUUID(), actor: commander, commandId: randomUUID() } as UnsequencedEvent;
      const rival = await append(id, await events.head(id), [{ commandId: ev.commandId, events: [ev] }]);
      if (rival.status !== 'appended') throw new Error(rival.status);
      return append(id, expectedSeq, commands, options);
    };
    const commandId = newId();
    const ack = await submit(socket, incidentId, { type: 'PostMessage', messageId: newId(), text: 'Never lands', toAgency: null, alert: false }, commandId);
    events.appendBatch = append;
    expect(!ack.ok && ack.error).toMatchObject({ code: ErrorCode.RATE_LIMITED, details: { limit: 'incident' } });
    expect(lost).toBeGreaterThanOrEqual(12);

    const lines = srv.lines.filter((l) => l.commandId === commandId);
    // pino's levels: 40 is warn.
    expect(lines.map((l) => ({ level: l.level, msg: l.msg, code: l.code, incidentId: l.incidentId, type: l.type }))).toEqual([
      { level: 40, msg: 'command refused: incident busy', code: ErrorCode.RATE_LIMITED, incidentId, type: 'PostMessage' },
    ]);
  }, 15_000);
});
