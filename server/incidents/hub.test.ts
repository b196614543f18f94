import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventBody, IncidentEvent, UnsequencedEvent } from '../../lib/domain/incident/events';
import { applyEvents } from '../../lib/domain/incident/evolve';
import { commander, opened, taskCreated } from '../../lib/domain/incident/fixtures';
import { appendLongIncident, buildLongIncident } from '../demo/long-incident';
import { tempStore } from '../testing/temp-store';
import { IncidentHub, RecentCommands } from './hub';

/**
 * SPEC STATE2 on the server: the hub applies each batch onto its own state in
 * place while nobody else has read it, and onto a copy once someone has, so a
 * state handed out by `hub.state` never changes under its reader. Real embedded
 * store; the events come from real appends.
 */
let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function setup() {
  const { store, cleanup: closeAndRemove } = await tempStore('portline-hub-');
  cleanup.push(closeAndRemove);
  const incidentId = randomUUID();
  const applied: IncidentEvent[][] = [];
  const hub = new IncidentHub(incidentId, store.events, (_h, evs) => applied.push(evs));
  let seq = 0;
  /** Appends one command's event through the store and offers the result to the hub, as the committer does. */
  const append = async (body: EventBody) => {
    const ev = { ...body, incidentId, id: randomUUID(), actor: commander, commandId: randomUUID() } as UnsequencedEvent;
    const res = await store.events.append(incidentId, seq, ev.commandId, [ev]);
    if (res.status !== 'appended') throw new Error(res.status);
    seq += res.events.length;
    hub.offer(res.events);
    return res.events;
  };
  return { store, incidentId, hub, append, applied };
}

const task = () => taskCreated(randomUUID(), 'fire', 'Gas detection');
const message = (): EventBody => ({ type: 'MessagePosted', payload: { messageId: randomUUID(), text: 'status', toAgency: null, alert: false } });

describe('a batch the hub cannot apply', () => {
  it('STATE2/BUS3: one that throws halfway (after changing the state in place) makes the hub fold its log again from the start: no event is applied twice', async () => {
    const { hub, append, store, incidentId } = await setup();
    await append(opened(['fire', 'customs', 'port']));
    for (let i = 0; i < 5; i++) await append(message());
    const seq = hub.seq;
    // Written to the log, but reaching this process broken: a message, then an event the reducer refuses.
    const [posted] = await append2(store, incidentId, seq, message());
    const broken = { ...posted, seq: seq + 2, type: 'NoSuchEvent' } as unknown as IncidentEvent;
    expect(() => hub.offer([posted, broken])).toThrow();
    // The log itself is whole; catching up gives exactly its fold.
    await append2(store, incidentId, seq + 1, message());
    await hub.catchUp();
    const log = await store.events.read(incidentId, 1, 1000);
    expect(hub.seq).toBe(log.length);
    expect(hub.peek()).toEqual(applyEvents(null, log));
    expect(hub.peek()!.messages.filter((m) => m.id === (posted.payload as { messageId: string }).messageId)).toHaveLength(1);
    expect(hub.commands.get(posted.commandId)?.seqs).toEqual([posted.seq]);
  });
});

/** An append straight to the store (the hub not told). */
async function append2(store: Awaited<ReturnType<typeof tempStore>>['store'], incidentId: string, seq: number, body: EventBody): Promise<IncidentEvent[]> {
  const ev = { ...body, incidentId, id: randomUUID(), actor: commander, commandId: randomUUID() } as UnsequencedEvent;
  const res = await store.events.append(incidentId, seq, ev.commandId, [ev]);
  if (res.status !== 'appended') throw new Error(res.status);
  return res.events;
}

describe('incident hub state', () => {
  it('STATE2: while nobody has read the state, a live event is applied in place (no copy of the task map or message list)', async () => {
    const { hub, append } = await setup();
    await append(opened(['fire', 'customs', 'port']));
    for (let i = 0; i < 20; i++) await append(i % 2 ? task() : message());
    const before = hub.peek()!;
    await append(task());
    await append(message());
    const after = hub.peek()!;
    expect(after).not.toBe(before);
    expect(after.tasks, 'the same task map, grown in place').toBe(before.tasks);
    expect(after.messages, 'the same message list, grown in place').toBe(before.messages);
    expect(Object.keys(after.tasks)).toHaveLength(11);
    expect(after.messages).toHaveLength(11);
  });

  it('STATE1/STATE2: a state read through hub.state never changes afterwards, and the hub ends where a fold of the log ends', async () => {
    const { store, incidentId, hub, append } = await setup();
    await append(opened(['fire', 'customs', 'port']));
    for (let i = 0; i < 10; i++) await append(i % 2 ? task() : message());
    const held = hub.state!; // a reader keeps it (an HTTP route, a summary)
    const frozen = JSON.stringify(held);
    const first = await append(task());
    expect(hub.peek()!.tasks, 'copied once for the reader').not.toBe(held.tasks);
    // Nobody has read the new state: the next ones are in place again.
    const copy = hub.peek()!;
    await append(message());
    await append(task());
    expect(hub.peek()!.tasks).toBe(copy.tasks);
    expect(JSON.stringify(held)).toBe(frozen);
    expect(held.seq).toBe(11);
    expect(held.tasks[(first[0].payload as { taskId: string }).taskId]).toBeUndefined();

    // Read again, then more events, one at a time and as a batch from the store.
    const held2 = hub.state!;
    const frozen2 = JSON.stringify(held2);
    await append(message());
    const other = new IncidentHub(incidentId, store.events, () => {});
    await other.catchUp();
    expect(JSON.stringify(held2)).toBe(frozen2);
    const log = await store.events.read(incidentId, 1, 1000);
    expect(hub.state).toEqual(applyEvents(null, log));
    expect(other.state).toEqual(hub.state);
  });
});

describe('RecentCommands', () => {
  it('IDEM1: keeps exactly the newest `keep` command ids, in the order first kept, over many more ids than it keeps', () => {
    const recent = new RecentCommands(100);
    for (let i = 0; i < 10_000; i++) recent.remember(`c${i}`, { seqs: [i + 1], userId: 'u' });
    expect(recent.size).toBe(100);
    expect(recent.forgetful).toBe(true);
    expect(recent.has('c9899')).toBe(false);
    for (let i = 9_900; i < 10_000; i++) expect(recent.get(`c${i}`)).toEqual({ seqs: [i + 1], userId: 'u' });
    // Kept again (a recall): keeps its place; the next new id drops the oldest, c9900.
    recent.remember('c9950', { seqs: [1, 2], userId: 'u' });
    recent.remember('new', { seqs: [10_001], userId: 'u' });
    expect(recent.has('c9900')).toBe(false);
    expect(recent.get('c9950')?.seqs).toEqual([1, 2]);
    // A dropped id kept again is the newest.
    recent.remember('c0', { seqs: [1], userId: 'u' });
    expect(recent.has('c9901')).toBe(false);
    expect(recent.has('c0') && recent.has('new') && recent.size).toBe(100);
  });
});

describe('loading a long incident', () => {
  it('OPS4/SYNC1: a hub loading a long log from the embedded store lets the event loop turn between its pages (sockets and requests are served meanwhile), and ends where a fold of the log ends', async () => {
    const { store, cleanup: closeAndRemove } = await tempStore('portline-hub-load-');
    cleanup.push(closeAndRemove);
    const log = buildLongIncident({ incidentId: randomUUID(), events: 5_500, start: Date.now() - 3_600_000, spanMs: 3_000_000 });
    const written = await appendLongIncident(store, log, 100);
    const hub = new IncidentHub(log.incidentId, store.events, () => {});
    let turns = 0;
    let loading = true;
    const tick = () => {
      turns++;
      if (loading) setImmediate(tick);
    };
    setImmediate(tick);
    await hub.load();
    loading = false;
    // Six pages of 1000 (the last one short): the loop turned between them. Resolved at once,
    // the reads ran as one chain of microtasks and no turn came until the load was done.
    expect(turns).toBeGreaterThanOrEqual(5);
    expect(hub.seq).toBe(5_500);
    expect(hub.state).toEqual(applyEvents(null, written));
  });
});
