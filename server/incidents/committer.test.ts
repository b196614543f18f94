import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ErrorCode } from '../../lib/domain/errors';
import { commander, taskCreated } from '../../lib/domain/incident/fixtures';
import type { UnsequencedEvent } from '../../lib/domain/incident/events';
import type { IncidentCommand } from '../../lib/domain/incident/commands';
import { hazmatIncident } from '../testing/client';
import { tempStore } from '../testing/temp-store';
import { StoreUnavailableError, type EventStore } from '../store/types';
import { applyEvents } from '../../lib/domain/incident/evolve';
import { handleCommand, type CommandDeps } from './command-handler';
import { MAX_QUEUE_WAIT_MS, MAX_QUEUED } from './committer';
import { IncidentRegistry } from './registry';
import { AgencyCache } from '../services';
import { DEFAULT_AGENCIES } from '../../lib/domain/agencies';
import { fixedAgencies } from '../testing/agencies';

/**
 * SPEC CONC3 against the real embedded store. The only thing added is a gate
 * that holds one append open, standing in for an fsync that takes long under load.
 */
let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  vi.useRealTimers();
  vi.restoreAllMocks(); // a Date.now spy must not outlive a failed test
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function setup(opts: { keepCommands?: number } = {}) {
  const { store, cleanup: closeAndRemove } = await tempStore('portline-committer-');
  cleanup.push(closeAndRemove);
  let gate: Promise<void> | null = null;
  let open = () => {};
  /** What the held append fails with once let go, if anything (the store away while it was held). */
  let failWith: unknown = null;
  const events: EventStore = Object.create(store.events);
  events.appendBatch = async (...args) => {
    if (gate) await gate;
    if (failWith) {
      const err = failWith;
      failWith = null;
      throw err;
    }
    return store.events.appendBatch(...args);
  };
  const hold = () => {
    gate = new Promise<void>((resolve) => (open = resolve));
    return (fail?: unknown) => {
      failWith = fail ?? null;
      gate = null;
      open();
    };
  };
  const registry = new IncidentRegistry(events, () => {}, { keepCommands: opts.keepCommands });
  const deps: CommandDeps = { registry, events, agencies: fixedAgencies() };
  const incidentId = randomUUID();
  const send = (command: IncidentCommand | ReturnType<typeof hazmatIncident>, commandId = randomUUID()) =>
    handleCommand(deps, commander, { commandId, incidentId, command });
  expect((await send(hazmatIncident())).ok).toBe(true);
  return { store, incidentId, send, hold, registry, deps };
}

const message = (i: number) => ({ type: 'PostMessage' as const, messageId: randomUUID(), text: `status report ${i}`, toAgency: null, alert: false });

describe('group commit', () => {
  it('STATE1/STATE2: commands decided together (each against a provisional state with the ones before it) leave the hub where a fold of the log ends', async () => {
    const { store, incidentId, send, hold, registry } = await setup();
    const hub = (await registry.get(incidentId))!;
    const held = hub.state!; // someone holds the state from before the batch
    const frozen = JSON.stringify(held);
    const release = hold();
    const first = send(message(0));
    await new Promise((r) => setTimeout(r, 20));
    const task = (i: number) => ({ ...hazmatTask(i), taskId: randomUUID() });
    const batch = Array.from({ length: 12 }, (_, i) => send(i % 3 === 0 ? task(i) : message(i + 1)));
    release();
    expect((await first).ok).toBe(true);
    expect((await Promise.all(batch)).every((a) => a.ok)).toBe(true);
    const log = await store.events.read(incidentId, 1, 1000);
    expect(log).toHaveLength(1 + 1 + 12);
    expect(hub.state).toEqual(applyEvents(null, log));
    expect(hub.peek()!.messages).toHaveLength(9);
    expect(JSON.stringify(held)).toBe(frozen);
  });

  it('OPS1: an append that fails as unavailable (Redis hung 5 s) answers the commands queued behind it STORE_UNAVAILABLE at once, none of them written', async () => {
    const { store, incidentId, send, hold } = await setup();
    const head = await store.events.head(incidentId);
    const release = hold();
    const first = send(message(0));
    await new Promise((r) => setTimeout(r, 20));
    const queued = [1, 2, 3].map((i) => send(message(i)));
    release(new StoreUnavailableError('Redis unavailable: no answer from Redis within 5000 ms'));
    const answers = await Promise.all([first, ...queued]);
    expect(answers.map((a) => (a.ok ? 'ok' : a.error.code))).toEqual(Array(4).fill(ErrorCode.STORE_UNAVAILABLE));
    expect(answers.slice(1).map((a) => !a.ok && a.error.message)).toEqual(Array(3).fill('The store is unavailable; nothing was written. Retrying with the same command id is safe.'));
    expect(await store.events.head(incidentId)).toBe(head);
    // The store back: the next command goes through.
    expect((await send(message(4))).ok).toBe(true);
  });

  it('OPS1/IDEM1: a resend of an applied command queued behind an append that fails as unavailable is still answered as a duplicate, not "nothing was written"', async () => {
    const { store, incidentId, send, hold } = await setup();
    const appliedId = randomUUID();
    const applied = await send(message(0), appliedId);
    expect(applied.ok).toBe(true);
    const head = await store.events.head(incidentId);
    const release = hold();
    const first = send(message(1));
    await new Promise((r) => setTimeout(r, 20));
    const resend = send(message(0), appliedId);
    const other = send(message(2));
    await new Promise((r) => setTimeout(r, 20)); // both are queued behind the held append
    release(new StoreUnavailableError('Redis unavailable: no answer from Redis within 5000 ms'));
    expect(!(await first).ok).toBe(true);
    const again = await resend;
    expect(again).toEqual({ ok: true, seqs: applied.ok ? applied.seqs : [], duplicate: true });
    const away = await other;
    expect(!away.ok && away.error.code).toBe(ErrorCode.STORE_UNAVAILABLE);
    expect(await store.events.head(incidentId)).toBe(head);
  });

  it('AUTH8: a command whose session ended between its check and the append is refused UNAUTHENTICATED; the rest of its group commit is decided again without it', async () => {
    const { store, incidentId, hold, deps } = await setup();
    const now = Date.now();
    const live = { id: randomUUID(), tokenHash: randomUUID(), accountId: commander.userId, createdAt: now, lastSeenAt: now, expiresAt: now + 60_000, address: null, userAgent: null };
    const ended = { ...live, id: randomUUID(), tokenHash: randomUUID() };
    for (const s of [live, ended]) await store.accounts.createSession(s);
    const sendIn = (session: string, command: IncidentCommand) => handleCommand(deps, commander, { commandId: randomUUID(), incidentId, command }, session);
    const head = await store.events.head(incidentId);
    const release = hold();
    const first = sendIn(live.tokenHash, message(0));
    await new Promise((r) => setTimeout(r, 20));
    const taskId = randomUUID();
    const acks = [
      sendIn(ended.tokenHash, { ...hazmatTask(1), taskId }),
      sendIn(live.tokenHash, message(1)),
      // Decided against the task above; once that is refused, there is no such task.
      sendIn(live.tokenHash, { type: 'ChangeTaskStatus', taskId, expectedVersion: 1, to: 'acknowledged' }),
    ];
    await store.accounts.deleteSession(ended.tokenHash);
    release();
    expect((await first).ok).toBe(true);
    const [task, msg, status] = await Promise.all(acks);
    expect(!task.ok && task.error).toEqual({ code: ErrorCode.UNAUTHENTICATED, message: 'The session or screen token has ended.' });
    expect(msg.ok).toBe(true);
    expect(!status.ok && status.error.code).toBe(ErrorCode.NOT_FOUND);
    const log = await store.events.read(incidentId, head + 1, 100);
    expect(log.map((e) => e.type)).toEqual(['MessagePosted', 'MessagePosted']);
  });

  it('CONC2: a refusal decided before the hub had an event is decided again, even when the bus brings that event while the store is asked for its head', async () => {
    const { store, incidentId, send, registry, deps } = await setup();
    const hub = (await registry.get(incidentId))!;
    // Another process creates a task: in the store, not yet in this hub (its bus is held here).
    registry.close();
    const taskId = randomUUID();
    const ev = { ...taskCreated(taskId, 'fire'), incidentId, id: randomUUID(), actor: commander, commandId: randomUUID() } as UnsequencedEvent;
    const res = await store.events.append(incidentId, hub.seq, ev.commandId, [ev]);
    if (res.status !== 'appended') throw new Error(res.status);
    // Its bus message arrives while the committer asks for the head, after the refusal was decided.
    const head = deps.events.head.bind(deps.events);
    deps.events.head = async (id) => {
      hub.offer(res.events);
      return head(id);
    };
    const ack = await send({ type: 'ChangeTaskStatus', taskId, expectedVersion: res.events[0].seq, to: 'acknowledged' });
    expect(ack.ok).toBe(true);
    expect(hub.peek()!.tasks[taskId].status).toBe('acknowledged');
  });

  it('CMD1/IDEM1: within one group commit each command is decided against the ones before it (a reused task or message id is refused)', async () => {
    const { store, incidentId, send, hold, registry } = await setup();
    const hub = (await registry.get(incidentId))!;
    const release = hold();
    const first = send(message(0));
    await new Promise((r) => setTimeout(r, 20));
    const taskId = randomUUID();
    const msg = message(1);
    const acks = [
      send({ ...hazmatTask(1), taskId }),
      send(msg),
      send({ ...hazmatTask(2), taskId }), // another command reusing the task id
      send({ ...msg, text: 'again' }), // another command reusing the message id
      send({ ...hazmatTask(3), taskId: randomUUID() }),
      // 'fire' has active tasks only through the commands above: taking it out must be refused.
      send({ type: 'UpdateIncident', expectedVersion: 1, agencies: ['port', 'customs', 'medical', 'maritime', 'border', 'police'] }),
      send({ type: 'UpdateIncident', expectedVersion: 1, title: 'Hazmat leak, yard block C3 and C4' }),
    ];
    release();
    expect((await first).ok).toBe(true);
    const [t1, m1, t2, m2, t3, u1, u2] = await Promise.all(acks);
    expect(t1.ok && m1.ok && t3.ok && u2.ok).toBe(true);
    expect(!u1.ok && u1.error.code).toBe(ErrorCode.INVALID_TRANSITION);
    expect(!t2.ok && t2.error.code).toBe(ErrorCode.ALREADY_EXISTS);
    expect(!m2.ok && m2.error.code).toBe(ErrorCode.ALREADY_EXISTS);
    const log = await store.events.read(incidentId, 1, 1000);
    expect(log.map((e) => e.type)).toEqual(['IncidentOpened', 'MessagePosted', 'TaskCreated', 'MessagePosted', 'TaskCreated', 'IncidentUpdated']);
    expect(hub.state).toEqual(applyEvents(null, log));
  });
});

describe('the agency directory', () => {
  it('INC4: an agency added on another process a moment ago (this process\'s directory not yet told) is read again and accepted; one the directory lacks is refused and nothing is written', async () => {
    const { store, cleanup: closeAndRemove } = await tempStore('portline-committer-agencies-');
    cleanup.push(closeAndRemove);
    await store.accounts.seedAgencies(DEFAULT_AGENCIES);
    const agencies = new AgencyCache(store, 60_000);
    const registry = new IncidentRegistry(store.events, () => {});
    cleanup.push(() => registry.close());
    const deps: CommandDeps = { registry, events: store.events, agencies };
    const incidentId = randomUUID();
    const send = (command: IncidentCommand | ReturnType<typeof hazmatIncident>) =>
      handleCommand(deps, commander, { commandId: randomUUID(), incidentId, command });
    expect((await send(hazmatIncident(['port', 'fire']))).ok).toBe(true);
    expect((await agencies.codes()).has('rail')).toBe(false); // cached, for a minute
    // Another process's admin adds it; the control bus has not told this one yet.
    expect(await store.accounts.createAgency({ code: 'rail', nameZh: '铁路公安', nameEn: 'Railway Police', short: 'RAIL', color: '#4d7c0f' })).toBe(true);
    const added = await send({ type: 'UpdateIncident', expectedVersion: 1, agencies: ['port', 'fire', 'rail'] });
    expect(added.ok).toBe(true);
    // One more added meanwhile, named beside one that is nowhere: the directory is asked again once
    // (not once per attempt, though each round still names an unknown agency), and the refusal names only that one.
    await agencies.codes();
    expect(await store.accounts.createAgency({ code: 'rail2', nameZh: '铁路公安二', nameEn: 'Railway Police 2', short: 'RL2', color: '#3f6212' })).toBe(true);
    const reads = vi.spyOn(store.accounts, 'listAgencies');
    const refused = await send({ type: 'UpdateIncident', expectedVersion: 2, agencies: ['port', 'fire', 'rail', 'rail2', 'nowhere'] });
    expect(reads).toHaveBeenCalledTimes(1);
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe(ErrorCode.BAD_REQUEST);
      expect(refused.error.details?.unknown).toEqual(['nowhere']);
    }
    const log = await store.events.read(incidentId, 1, 100);
    expect(log.map((e) => e.type)).toEqual(['IncidentOpened', 'IncidentUpdated']);
  });
});

describe('the agency directory, unreadable', () => {
  it('INC4: when the directory cannot be read again, the unknown agency\'s refusal stands and the command decided beside it in the same group commit still lands', async () => {
    const { store, incidentId, send, hold, deps } = await setup();
    const fixed = deps.agencies;
    let asked = 0;
    deps.agencies = {
      codes: () => fixed.codes(),
      unknown: async () => {
        asked++;
        throw new Error('the account store is down');
      },
    };
    const release = hold();
    const first = send(message(0));
    await new Promise((r) => setTimeout(r, 20));
    const beside = send(message(1));
    const unknown = send({ type: 'UpdateIncident', expectedVersion: 1, agencies: ['port', 'fire', 'nowhere'] });
    release();
    expect((await first).ok).toBe(true);
    expect((await beside).ok).toBe(true);
    const refused = await unknown;
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.code).toBe(ErrorCode.BAD_REQUEST);
    expect(asked).toBe(1);
    const log = await store.events.read(incidentId, 1, 100);
    expect(log.map((e) => e.type)).toEqual(['IncidentOpened', 'MessagePosted', 'MessagePosted']);
  });
});

describe('the agency directory, asked while the incident moves on', () => {
  it('CONC1: a command decided beside an unknown agency\'s refusal is not appended over a change another process made while the directory was asked again: CONFLICT, nothing of it written', async () => {
    const { store, incidentId, send, hold, deps, registry } = await setup();
    const taskId = randomUUID();
    const created = await send({ ...hazmatTask(1), taskId });
    const version = created.ok ? created.seqs[0] : 0;
    expect(version).toBeGreaterThan(0);
    // Another process: its own registry on the same store. Its event reaches this process's hub
    // as the bus would bring it, while the directory is being read.
    const other = new IncidentRegistry(store.events, () => {});
    cleanup.push(() => other.close());
    const otherDeps: CommandDeps = { registry: other, events: store.events, agencies: fixedAgencies() };
    const hub = (await registry.get(incidentId))!;
    const fixed = deps.agencies;
    let theirs: Awaited<ReturnType<typeof send>> | null = null;
    deps.agencies = {
      codes: () => fixed.codes(),
      unknown: async (named) => {
        theirs = await handleCommand(otherDeps, commander, {
          commandId: randomUUID(),
          incidentId,
          command: { type: 'ChangeTaskStatus', taskId, expectedVersion: version, to: 'acknowledged' },
        });
        await hub.catchUp();
        return fixed.unknown(named);
      },
    };
    const release = hold();
    const first = send(message(0)); // held: the next two are decided together, after it
    await new Promise((r) => setTimeout(r, 20));
    const unknown = send({ type: 'UpdateIncident', expectedVersion: 1, agencies: ['port', 'fire', 'nowhere'] });
    const mine = send({ type: 'ChangeTaskStatus', taskId, expectedVersion: version, to: 'acknowledged' });
    release();
    expect((await first).ok).toBe(true);
    const refused = await unknown;
    expect(!refused.ok && refused.error.code).toBe(ErrorCode.BAD_REQUEST);
    expect(theirs).toMatchObject({ ok: true });
    const ack = await mine;
    expect(!ack.ok && ack.error.code).toBe(ErrorCode.CONFLICT);
    const log = await store.events.read(incidentId, 1, 100);
    expect(log.map((e) => e.type)).toEqual(['IncidentOpened', 'TaskCreated', 'MessagePosted', 'TaskStatusChanged']);
    expect(hub.state).toEqual(applyEvents(null, log));
  });
});

describe('group commit on a long incident', () => {
  it('MSG1/STATE2: a group commit of k messages neither copies the incident\'s message list nor reads its earlier messages\' ids again (O(k), not O(messages)), and still refuses a reused id', async () => {
    const { store, incidentId, send, hold, registry } = await setup();
    const hub = (await registry.get(incidentId))!;
    expect((await Promise.all(Array.from({ length: 300 }, (_, i) => send(message(i))))).every((a) => a.ok)).toBe(true);
    const old = hub.peek()!.messages[123].id;
    expect((await send(message(300))).ok).toBe(true); // decided against the hub's list: its ids are noted
    // From here on, count every copy of the hub's list and every read of an earlier message's id.
    let reads = 0;
    let copies = 0;
    const list = hub.peek()!.messages;
    Object.defineProperty(list, 'slice', { configurable: true, value: (...args: [number?, number?]) => (copies++, Array.prototype.slice.apply(list, args)) });
    for (const m of list) {
      const value = m.id;
      Object.defineProperty(m, 'id', { enumerable: true, configurable: true, get: () => (reads++, value) });
    }
    const release = hold();
    const first = send(message(301));
    await new Promise((r) => setTimeout(r, 20));
    const twice = message(302);
    const acks = [
      ...Array.from({ length: 8 }, (_, i) => send(message(303 + i))),
      send(twice),
      send({ ...twice, text: 'again' }), // reuses an id of this group
      send({ ...message(311), messageId: old }), // reuses an id of long ago
    ];
    release();
    expect((await first).ok).toBe(true);
    const answers = await Promise.all(acks);
    expect(answers.slice(0, 9).every((a) => a.ok)).toBe(true);
    expect(answers.slice(9).map((a) => !a.ok && a.error.code)).toEqual([ErrorCode.ALREADY_EXISTS, ErrorCode.ALREADY_EXISTS]);
    // The newest (appended after it was decided, so not yet noted) and the one whose id was reused:
    // not all 301, as when the group's first message copied the list and noted every id again.
    expect(reads).toBeLessThanOrEqual(2);
    expect(copies, 'the provisional states overlay the list').toBe(0);
    expect(hub.peek()!.messages, 'the hub\'s own list, grown in place').toBe(list);
    delete (list as { slice?: unknown }).slice;
    const log = await store.events.read(incidentId, 1, 1000);
    expect(log).toHaveLength(1 + 301 + 1 + 9);
    expect(hub.state).toEqual(applyEvents(null, log));
  });
});

describe('two processes racing on one incident', () => {
  /** Another process appends first: before each of our next `times` appends, a real event lands at the head of the real store. */
  function rival(deps: CommandDeps, store: Awaited<ReturnType<typeof setup>>['store'], times: number) {
    const append = deps.events.appendBatch.bind(deps.events);
    const won = { count: 0 };
    deps.events.appendBatch = async (id, expectedSeq, commands, options) => {
      if (won.count < times) {
        won.count++;
        const ev = { ...taskCreated(randomUUID(), 'fire'), incidentId: id, id: randomUUID(), actor: commander, commandId: randomUUID() } as UnsequencedEvent;
        const res = await store.events.append(id, await store.events.head(id), ev.commandId, [ev]);
        if (res.status !== 'appended') throw new Error(res.status);
      }
      return append(id, expectedSeq, commands, options);
    };
    return won;
  }

  it('CONC2: a command that loses the race more than twelve times in a row is decided again while the contention budget lasts, and lands once', async () => {
    const { store, incidentId, send, deps, registry } = await setup();
    const hub = (await registry.get(incidentId))!;
    const won = rival(deps, store, 30);
    const t0 = Date.now();
    const msg = message(99);
    const ack = await send(msg);
    console.log(`CONC2: landed after losing ${won.count} races, ${Date.now() - t0} ms`);
    expect(ack.ok).toBe(true);
    expect(won.count).toBe(30);
    const log = await store.events.read(incidentId, 1, 1000);
    expect(log).toHaveLength(1 + 30 + 1);
    expect(log.filter((e) => e.type === 'MessagePosted')).toHaveLength(1);
    expect(hub.state).toEqual(applyEvents(null, log));
  });

  it('CONC2: a command that never wins is refused as busy (RATE_LIMITED, limit incident, not STORE_UNAVAILABLE) once the budget is spent, and nothing of it is written', async () => {
    const { store, incidentId, send, deps } = await setup();
    const won = rival(deps, store, Number.POSITIVE_INFINITY);
    const t0 = Date.now();
    const ack = await send(message(99));
    const took = Date.now() - t0;
    console.log(`CONC2: refused after losing ${won.count} races, ${took} ms`);
    expect(!ack.ok && ack.error).toMatchObject({ code: ErrorCode.RATE_LIMITED, details: { limit: 'incident', retryAfterMs: 1000 } });
    expect(took).toBeGreaterThanOrEqual(2_900);
    expect(took).toBeLessThan(7_000); // bounded: a client's ack timeout is 8 s
    const log = await store.events.read(incidentId, 1, 10_000);
    expect(log.filter((e) => e.type === 'MessagePosted')).toHaveLength(0);
  });
});

describe('events written, then a failure in this process', () => {
  it('DUR1/BUS3: applying the written events throws: the senders still get ok (the events are written), and the hub reads its log again', async () => {
    const { store, incidentId, send, registry } = await setup();
    const hub = (await registry.get(incidentId))!;
    const offer = hub.offer.bind(hub);
    let thrown = false;
    // Once, where the committer applies what it has just written (not where the store's bus brings it).
    vi.spyOn(hub, 'offer').mockImplementation((events) => {
      if (!thrown && /Committer\.commit/.test(new Error().stack ?? '')) {
        thrown = true;
        throw new Error('a reducer bug');
      }
      offer(events);
    });
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const ack = await send(message(1));
    expect(thrown).toBe(true);
    expect(ack.ok && ack.seqs.length).toBe(1);
    expect(logged).toHaveBeenCalled();
    const head = await store.events.head(incidentId);
    expect(hub.seq).toBe(head);
    // And the next command goes on as usual.
    const next = await send(message(2));
    expect(next.ok && next.seqs).toEqual([head + 1]);
  });
});

describe('command ids the hub no longer keeps', () => {
  it('IDEM1: a hub keeps only its newest command ids; a retry of an older command is still answered as a duplicate (from the store), whether deciding it again would refuse or accept it, and nothing is written', async () => {
    const { store, incidentId, send, registry, deps } = await setup({ keepCommands: 3 });
    const hub = (await registry.get(incidentId))!;
    const task = { ...hazmatTask(1), taskId: randomUUID() };
    const toEnRoute = { type: 'SetAgencyStatus' as const, agency: 'fire', status: 'en_route' as const };
    const msg = message(1);
    const ids = { task: randomUUID(), status: randomUUID(), msg: randomUUID() };
    const first = { task: await send(task, ids.task), status: await send(toEnRoute, ids.status), msg: await send(msg, ids.msg) };
    // The agency moves on, so that deciding the status change again would be accepted.
    expect((await send({ ...toEnRoute, status: 'on_scene' })).ok).toBe(true);
    for (let i = 0; i < 5; i++) expect((await send(message(10 + i))).ok).toBe(true);
    expect(hub.commands.size).toBe(3);
    expect(hub.commands.forgetful).toBe(true);
    for (const id of Object.values(ids)) expect(hub.commands.has(id)).toBe(false);
    const head = await store.events.head(incidentId);

    // Deciding them again: the task and the message id exist (refused), the status change is valid (accepted).
    const again = { task: await send(task, ids.task), status: await send(toEnRoute, ids.status), msg: await send(msg, ids.msg) };
    for (const k of ['task', 'status', 'msg'] as const) {
      const a = first[k];
      expect(a.ok && again[k]).toEqual({ ok: true, seqs: a.ok ? a.seqs : [], duplicate: true });
    }
    // Another principal reusing an old id learns nothing of it.
    const other = { ...commander, userId: 'u-cmd-2', name: 'Commander Wang' };
    const stolen = await handleCommand(deps, other, { commandId: ids.task, incidentId, command: task });
    expect(!stolen.ok && stolen.error.code).toBe(ErrorCode.ALREADY_EXISTS);
    // A new command that is refused is still refused (the store knows nothing of its id).
    const refused = await send({ ...hazmatTask(2), taskId: task.taskId });
    expect(!refused.ok && refused.error.code).toBe(ErrorCode.ALREADY_EXISTS);

    expect(await store.events.head(incidentId)).toBe(head);
    expect(hub.seq).toBe(head);
    expect(hub.commands.size).toBeLessThanOrEqual(3);
  });
});

const hazmatTask = (i: number) => ({
  type: 'CreateTask' as const,
  title: `Task ${i}`,
  details: '',
  agency: 'fire',
  assignee: null,
  priority: 'high' as const,
  dueAt: null,
  location: '',
});

describe('load shedding in the committer', () => {
  it('CONC3: beyond MAX_QUEUED waiting commands of one incident, more are refused at once with RATE_LIMITED and nothing is written', async () => {
    const { store, incidentId, send, hold } = await setup();
    const release = hold();
    const first = send(message(0)); // its append is held open: everything after it queues
    await new Promise((r) => setTimeout(r, 20));
    const queued = Array.from({ length: MAX_QUEUED + 40 }, (_, i) => send(message(i + 1)));
    const early = await Promise.race([Promise.all(queued.slice(MAX_QUEUED)), new Promise((r) => setTimeout(() => r('waiting'), 2000))]);
    expect(early, 'the overflow is answered without waiting for the held append').not.toBe('waiting');
    for (const ack of early as Awaited<(typeof queued)[number]>[]) {
      expect(ack.ok).toBe(false);
      if (!ack.ok) {
        expect(ack.error.code).toBe(ErrorCode.RATE_LIMITED);
        expect(ack.error.details?.retryAfterMs).toBeGreaterThan(0);
      }
    }
    release();
    expect((await first).ok).toBe(true);
    const acks = await Promise.all(queued.slice(0, MAX_QUEUED));
    expect(acks.every((a) => a.ok)).toBe(true);
    // opened + first + the queued ones that fitted: the shed ones are not in the log
    expect(await store.events.head(incidentId)).toBe(1 + 1 + MAX_QUEUED);
  });

  it('CONC3/IDEM1: a command that waited longer than a client waits for its ack is refused unwritten, and a resend of an applied one is still answered as a duplicate', async () => {
    const { store, incidentId, send, hold } = await setup();
    const appliedId = randomUUID();
    expect((await send(message(0), appliedId)).ok).toBe(true);
    const release = hold();
    const first = send(message(1));
    await new Promise((r) => setTimeout(r, 20));
    const stale = [send(message(2)), send(message(3))];
    const resend = send(message(0), appliedId);
    await new Promise((r) => setTimeout(r, 20)); // all three are queued
    // The held append outlasts the clients' per-attempt ack timeout.
    const realNow = Date.now;
    vi.spyOn(Date, 'now').mockImplementation(() => realNow() + MAX_QUEUE_WAIT_MS + 1000);
    release();
    expect((await first).ok).toBe(true);
    for (const ack of await Promise.all(stale)) expect(!ack.ok && ack.error.code).toBe(ErrorCode.RATE_LIMITED);
    const again = await resend;
    expect(again.ok && again.duplicate).toBe(true);
    expect(await store.events.head(incidentId)).toBe(3); // opened, message 0, message 1
    vi.restoreAllMocks();
  });
});
