import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../lib/domain/actor';
import { ErrorCode } from '../../lib/domain/errors';
import type { IncidentCommand } from '../../lib/domain/incident/commands';
import { commander } from '../../lib/domain/incident/fixtures';
import { EventPages } from '../http/event-pages';
import { incidentRoutes } from '../http/routes-incidents';
import type { RouteContext } from '../http/router';
import { handleCommand, type CommandDeps } from '../incidents/command-handler';
import { IncidentRegistry } from '../incidents/registry';
import type { Services } from '../services';
import { hazmatIncident } from '../testing/client';
import { tempStore } from '../testing/temp-store';
import { fetchPage, joinIncident } from './incident-reads';
import { fixedAgencies } from '../testing/agencies';

/**
 * A socket's join and fetch against the real embedded store and registry: they only look at
 * the hub's state (may this principal read it?), so the next live event is applied in place
 * (SPEC STATE2) instead of copying the incident's tasks and messages for a reader who
 * never kept anything.
 */
let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function setup() {
  const { store, cleanup: closeAndRemove } = await tempStore('portline-reads-');
  cleanup.push(closeAndRemove);
  const registry = new IncidentRegistry(store.events, () => {});
  cleanup.push(() => registry.close());
  const deps: CommandDeps = { registry, events: store.events, agencies: fixedAgencies() };
  const incidentId = randomUUID();
  const send = async (command: IncidentCommand | ReturnType<typeof hazmatIncident>) => {
    const ack = await handleCommand(deps, commander, { commandId: randomUUID(), incidentId, command });
    expect(ack.ok).toBe(true);
  };
  await send(hazmatIncident(['port', 'fire', 'customs']));
  const message = (i: number): IncidentCommand => ({ type: 'PostMessage', messageId: randomUUID(), text: `report ${i}`, toAgency: null, alert: false });
  const task = (i: number): IncidentCommand =>
    ({ type: 'CreateTask', taskId: randomUUID(), title: `Task ${i}`, details: '', agency: 'fire', assignee: null, priority: 'normal', dueAt: null, location: '' }) as IncidentCommand;
  for (let i = 0; i < 6; i++) await send(i % 2 ? message(i) : task(i));
  const services = { registry, store } as unknown as Services;
  const hub = (await registry.get(incidentId))!;
  return { incidentId, send, message, task, services, hub };
}

describe('socket reads of an incident', () => {
  it('STATE2/SYNC1: a join or fetch answers its page without marking the hub\'s state as held: the next live events write its task map and message list in place', async () => {
    const { incidentId, send, message, task, services, hub } = await setup();
    const before = hub.peek()!;
    const joined = await joinIncident(services, commander, { incidentId, sinceSeq: 0 }, () => {}, () => {});
    expect(joined).toMatchObject({ ok: true, headSeq: 7 });
    expect(joined.ok && joined.events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    await send(message(7));
    await send(task(8));
    expect(hub.peek()!.messages, 'not copied for the join').toBe(before.messages);
    expect(hub.peek()!.tasks, 'not copied for the join').toBe(before.tasks);

    const fetched = await fetchPage(services, commander, { incidentId, fromSeq: 8, limit: 10 });
    expect(fetched).toMatchObject({ ok: true, headSeq: 9 });
    expect(fetched.ok && fetched.events.map((e) => e.seq)).toEqual([8, 9]);
    await send(message(9));
    await send(task(10));
    expect(hub.peek()!.messages, 'not copied for the fetch').toBe(before.messages);
    expect(hub.peek()!.tasks, 'not copied for the fetch').toBe(before.tasks);
    expect(hub.peek()!.messages).toHaveLength(5);
  });

  it('AUTH5/AUTH7: a join or fetch of an incident the principal may not read is FORBIDDEN (the room is not joined), of one that does not exist NOT_FOUND', async () => {
    const { incidentId, services } = await setup();
    const outsider: Actor = { userId: 'u-med', name: 'Medic', agency: 'medical', role: 'responder' };
    const join = await joinIncident(services, outsider, { incidentId, sinceSeq: 0 }, () => {
      throw new Error('joined the room');
    }, () => {});
    expect(!join.ok && join.error.code).toBe(ErrorCode.FORBIDDEN);
    const fetch = await fetchPage(services, outsider, { incidentId, fromSeq: 1 });
    expect(!fetch.ok && fetch.error.code).toBe(ErrorCode.FORBIDDEN);
    const wall = { role: 'display' as const, displayId: randomUUID(), name: 'Wall', scope: { kind: 'incident' as const, incidentId: randomUUID() } };
    const elsewhere = await joinIncident(services, wall, { incidentId, sinceSeq: 0 }, () => {
      throw new Error('joined the room');
    }, () => {});
    expect(!elsewhere.ok && elsewhere.error.code).toBe(ErrorCode.FORBIDDEN);
    const missing = await fetchPage(services, commander, { incidentId: randomUUID(), fromSeq: 1 });
    expect(!missing.ok && missing.error.code).toBe(ErrorCode.NOT_FOUND);
  });

  it('AUTH5: a liaison whose agency is taken out while the join is under way is FORBIDDEN and out of the room again, sent nothing', async () => {
    const { incidentId, send, services } = await setup();
    const customs: Actor = { userId: 'u-cus', name: 'Customs liaison', agency: 'customs', role: 'liaison' };
    const rooms: string[] = [];
    const join = await joinIncident(
      services,
      customs,
      { incidentId, sinceSeq: 0 },
      async (id) => {
        // Checked and let in; the commander's change is applied before the socket is in the room.
        await send({ type: 'UpdateIncident', expectedVersion: 1, agencies: ['port', 'fire'] });
        rooms.push(`join ${id}`);
      },
      (id) => void rooms.push(`leave ${id}`),
    );
    expect(!join.ok && join.error.code).toBe(ErrorCode.FORBIDDEN);
    expect(rooms).toEqual([`join ${incidentId}`, `leave ${incidentId}`]);
    // A reader who may still read it joins and stays.
    const fire: Actor = { userId: 'u-fire', name: 'Fire liaison', agency: 'fire', role: 'liaison' };
    const ok = await joinIncident(services, fire, { incidentId, sinceSeq: 0 }, () => {}, () => {
      throw new Error('left the room');
    });
    expect(ok.ok).toBe(true);
  });

  it('AUTH5: a page holds no event past the seq whose state the reader was checked against: a liaison whose agency was taken out on another process reads nothing after that from a process still behind; a reader who may read it gets the rest once the process has caught up', async () => {
    const { store, cleanup: closeAndRemove } = await tempStore('portline-reads-lag-');
    cleanup.push(closeAndRemove);
    // A takes the commands; B hears nothing of the bus (a process behind: a slow link, a lost message).
    const a = new IncidentRegistry(store.events, () => {});
    const b = new IncidentRegistry({ ...store.events, subscribe: () => () => {} }, () => {});
    cleanup.push(() => a.close(), () => b.close());
    const deps: CommandDeps = { registry: a, events: store.events, agencies: fixedAgencies() };
    const incidentId = randomUUID();
    const send = async (command: IncidentCommand | ReturnType<typeof hazmatIncident>) => {
      const ack = await handleCommand(deps, commander, { commandId: randomUUID(), incidentId, command });
      expect(ack.ok, JSON.stringify(ack)).toBe(true);
    };
    await send(hazmatIncident(['port', 'customs']));
    expect((await b.get(incidentId))?.seq).toBe(1);
    await send({ type: 'UpdateIncident', expectedVersion: 1, agencies: ['port'] });
    await send({ type: 'PostMessage', messageId: randomUUID(), text: 'Port only from here on', toAgency: null, alert: false });
    expect(await store.events.head(incidentId)).toBe(3);

    const services = { registry: b, store, eventPages: new EventPages(store.events, 1 << 20) } as unknown as Services;
    const customs: Actor = { userId: 'u-cus', name: 'Customs liaison', agency: 'customs', role: 'liaison' };
    const seqs = (page: Awaited<ReturnType<typeof fetchPage>>) => (page.ok ? { events: page.events.map((e) => e.seq), headSeq: page.headSeq } : page.error.code);
    expect(seqs(await fetchPage(services, customs, { incidentId, fromSeq: 1 })), 'fetch').toEqual({ events: [1], headSeq: 1 });
    expect(seqs(await fetchPage(services, customs, { incidentId, fromSeq: 2 })), 'fetch past the checked seq').toEqual({ events: [], headSeq: 1 });
    expect(seqs(await joinIncident(services, customs, { incidentId, sinceSeq: 0 }, () => {}, () => {})), 'join').toEqual({ events: [1], headSeq: 1 });
    // The events route (HTTP) checks the list row, at the same seq here.
    const eventsRoute = incidentRoutes.find((r) => r.path === '/api/incidents/:id/events')!;
    const viaHttp = async (principal: Actor, from: number) => {
      const ctx = { params: { id: incidentId }, principal, services, query: new URLSearchParams({ from: String(from) }) } as unknown as RouteContext;
      const r = await eventsRoute.handle(ctx);
      const body = r.body as { headSeq: number; eventCount: number };
      const raw = (r as { raw?: { bytes: Buffer } }).raw!;
      return { events: (JSON.parse(raw.bytes.toString('latin1')) as Array<{ seq: number }>).map((e) => e.seq), headSeq: body.headSeq, eventCount: body.eventCount };
    };
    expect(await viaHttp(customs, 1), 'events route').toEqual({ events: [1], headSeq: 1, eventCount: 1 });
    expect(await viaHttp(customs, 2), 'events route past the checked seq').toEqual({ events: [], headSeq: 1, eventCount: 0 });

    // A reader who may read it: the same page while B is behind, the rest once it has caught up.
    const port: Actor = { userId: 'u-port', name: 'Port liaison', agency: 'port', role: 'liaison' };
    expect(seqs(await fetchPage(services, port, { incidentId, fromSeq: 1 }))).toEqual({ events: [1], headSeq: 1 });
    await (await b.get(incidentId))!.catchUp();
    expect(seqs(await fetchPage(services, port, { incidentId, fromSeq: 2 })), 'caught up').toEqual({ events: [2, 3], headSeq: 3 });
    expect(await viaHttp(port, 2)).toEqual({ events: [2, 3], headSeq: 3, eventCount: 2 });
    expect(seqs(await fetchPage(services, customs, { incidentId, fromSeq: 2 })), 'caught up: taken out').toBe(ErrorCode.FORBIDDEN);
  });

  it('SYNC1: on a process that keeps up, a page still runs to the head (within its limit) and headSeq is the head', async () => {
    const { incidentId, services, send, message } = await setup();
    const fetched = await fetchPage(services, commander, { incidentId, fromSeq: 5, limit: 1000 });
    expect(fetched.ok && { events: fetched.events.map((e) => e.seq), headSeq: fetched.headSeq }).toEqual({ events: [5, 6, 7], headSeq: 7 });
    await send(message(8));
    const again = await fetchPage(services, commander, { incidentId, fromSeq: 8, limit: 2 });
    expect(again.ok && { events: again.events.map((e) => e.seq), headSeq: again.headSeq }).toEqual({ events: [8], headSeq: 8 });
  });
});
