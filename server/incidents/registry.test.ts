import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { IncidentCommand } from '../../lib/domain/incident/commands';
import { commander } from '../../lib/domain/incident/fixtures';
import { summarize } from '../../lib/domain/incident/summary';
import type { EventStore } from '../store/types';
import { hazmatIncident } from '../testing/client';
import { tempStore } from '../testing/temp-store';
import { handleCommand, type CommandDeps } from './command-handler';
import { IncidentRegistry, SUMMARY_VERSION } from './registry';
import { fixedAgencies } from '../testing/agencies';

/** SPEC OPS5 against the real embedded store: which hubs a process keeps, and the list rows of those it dropped. */
const IDLE = 60_000;

let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function setup() {
  const { store, cleanup: closeAndRemove } = await tempStore('portline-registry-');
  cleanup.push(closeAndRemove);
  let now = 1_000_000;
  // Counts the store's reads: a list row from a kept summary reads nothing.
  let reads = 0;
  const events: EventStore = Object.create(store.events);
  events.read = (...args) => {
    reads++;
    return store.events.read(...args);
  };
  let gate: Promise<void> | null = null;
  events.appendBatch = async (...args) => {
    if (gate) await gate;
    return store.events.appendBatch(...args);
  };
  const registry = new IncidentRegistry(events, () => {}, { idleMs: IDLE, now: () => now });
  cleanup.push(() => registry.close());
  const deps: CommandDeps = { registry, events, agencies: fixedAgencies() };
  const send = (incidentId: string, command: IncidentCommand | ReturnType<typeof hazmatIncident>, d: CommandDeps = deps) =>
    handleCommand(d, commander, { commandId: randomUUID(), incidentId, command });
  const open = async () => {
    const id = randomUUID();
    expect((await send(id, hazmatIncident())).ok).toBe(true);
    return id;
  };
  const task = (title: string): IncidentCommand => ({ type: 'CreateTask', taskId: randomUUID(), title, agency: 'fire', details: '', dueAt: null, location: '', assignee: null, priority: 'normal' });
  return {
    store, events, registry, deps, send, open, task,
    advance: (ms: number) => void (now += ms),
    clock: () => now,
    reads: () => reads,
    /** Holds every append until the returned function is called. */
    hold: () => {
      let release = () => {};
      gate = new Promise<void>((r) => (release = r));
      return () => {
        gate = null;
        release();
      };
    },
  };
}

describe('SPEC OPS5: hubs follow use', () => {
  it('drops a hub nobody follows or asked for in the idle time, and lists it from the summary it kept, reading nothing', async () => {
    const t = await setup();
    const id = await t.open();
    expect((await t.send(id, t.task('Cool tank T-4 with foam'))).ok).toBe(true);
    const before = summarize((await t.registry.get(id))!.state!);
    expect(before.tasks.total).toBe(1);

    t.advance(IDLE - 1);
    t.registry.sweep();
    expect(t.registry.holds(id)).toBe(true);
    t.advance(1);
    t.registry.sweep();
    expect(t.registry.holds(id)).toBe(false);
    expect(t.registry.size).toBe(0);

    const reads = t.reads();
    expect(await t.registry.summary(id)).toEqual(before);
    expect(t.reads()).toBe(reads);
    expect(t.registry.holds(id)).toBe(false);
    expect(await t.registry.summary(randomUUID())).toBeNull();
  });

  it('loads a dropped incident again, to the same state, when it is asked for', async () => {
    const t = await setup();
    const id = await t.open();
    expect((await t.send(id, t.task('Close berth 7 to traffic'))).ok).toBe(true);
    const before = (await t.registry.get(id))!.state;
    t.advance(IDLE);
    t.registry.sweep();
    const again = await t.registry.get(id);
    expect(again!.state).toEqual(before);
    expect(t.registry.holds(id)).toBe(true);
    // A command on it goes on from the log's head.
    expect((await t.send(id, t.task('Second hose line'))).ok).toBe(true);
    expect((await t.registry.get(id))!.seq).toBe(before!.seq + 1);
  });

  it('BUS1: an event another process appends while this one reads the log to load the hub, heard on the bus before that read is answered, is in the hub once loaded', async () => {
    const t = await setup();
    const id = await t.open();
    t.advance(IDLE);
    t.registry.sweep();
    expect(t.registry.holds(id)).toBe(false);
    // Another process, on the same store: its event reaches this process's bus listener.
    const other = new IncidentRegistry(t.store.events, () => {});
    cleanup.push(() => other.close());
    const otherDeps: CommandDeps = { registry: other, events: t.store.events, agencies: fixedAgencies() };
    const read = t.events.read;
    let first = true;
    t.events.read = async (...args) => {
      const page = await read(...args);
      if (first) {
        first = false;
        // Written after the read ran in the store, heard (bus) before its answer is handled.
        expect((await t.send(id, t.task('Foam tender to berth 7'), otherDeps)).ok).toBe(true);
        await new Promise((r) => setTimeout(r, 20));
      }
      return page;
    };
    const hub = (await t.registry.get(id))!;
    expect(hub.seq).toBe(await t.store.events.head(id));
    expect(Object.values(hub.state!.tasks).map((task) => task.title)).toEqual(['Foam tender to berth 7']);
  });

  it('keeps a hub that a socket here follows, one asked for within the idle time, and one whose commands are being appended', async () => {
    const t = await setup();
    const [followed, used, busy, idle] = [await t.open(), await t.open(), await t.open(), await t.open()];
    t.registry.followedBy((id) => id === followed);
    const release = t.hold();
    const pending = t.send(busy, t.task('Evacuate the customs hall'));
    await new Promise((r) => setTimeout(r, 20));
    t.advance(IDLE);
    await t.registry.get(used);
    t.registry.sweep();
    expect([followed, used, busy, idle].map((id) => t.registry.holds(id))).toEqual([true, true, true, false]);
    release();
    expect((await pending).ok).toBe(true);
    await new Promise((r) => setTimeout(r, 0)); // the committer's loop ends after the ack
    t.registry.sweep();
    expect(t.registry.holds(busy)).toBe(false);
  });

  it("an event of a dropped incident (another process's command) makes its kept summary stale: the next list row reads the log", async () => {
    const t = await setup();
    const id = await t.open();
    t.advance(IDLE);
    t.registry.sweep();
    expect((await t.registry.summary(id))!.tasks.total).toBe(0);
    // Another registry on the same store: its append reaches ours through the store's bus.
    const other = new IncidentRegistry(t.events, () => {});
    t.registry.sweep();
    const otherDeps: CommandDeps = { ...t.deps, registry: other };
    expect((await t.send(id, t.task('Triage point at gate 3'), otherDeps)).ok).toBe(true);
    other.close();
    expect(t.registry.holds(id)).toBe(false);
    const row = await t.registry.summary(id);
    expect(row!.tasks.total).toBe(1);
    expect(row!.seq).toBe(2);
  });

  it('a hub loaded for a list row stays for the idle time; list views of a held hub do not extend it', async () => {
    const t = await setup();
    const id = await t.open();
    // A second registry (another process) on the same log and clock, which has no row stored for it yet.
    const fresh = new IncidentRegistry(t.events, () => {}, { idleMs: IDLE, now: t.clock });
    cleanup.push(() => fresh.close());
    expect((await fresh.summary(id))!.id).toBe(id);
    expect(fresh.holds(id)).toBe(true);
    t.advance(IDLE - 1);
    expect((await fresh.summary(id))!.id).toBe(id);
    fresh.sweep();
    expect(fresh.holds(id)).toBe(true);
    t.advance(1);
    fresh.sweep();
    expect(fresh.holds(id)).toBe(false);
    expect((await fresh.summary(id))!.id).toBe(id);
    expect(fresh.holds(id)).toBe(false);
  });

  it('after a restart the list reads the row stored beside the log, not the log, while it is at the head; one behind the head or of another version is made again from the log', async () => {
    const t = await setup();
    const [kept, moved, older, kept2] = [await t.open(), await t.open(), await t.open(), await t.open()];
    t.advance(IDLE);
    t.registry.sweep(); // drops all three, storing their rows
    await new Promise((r) => setTimeout(r, 20));
    const rows = await Promise.all([kept, moved, older].map((id) => t.registry.summary(id)));
    // Afterwards: one incident moves on; another's stored row is of an older version, a fourth's is cut short.
    expect((await t.send(moved, t.task('Second foam line'))).ok).toBe(true);
    await t.store.events.putSummary(older, 1, JSON.stringify({ v: SUMMARY_VERSION - 1, row: rows[2] }));
    await t.store.events.putSummary(kept2, 1, '{"v": 1, "row": ');

    const restarted = new IncidentRegistry(t.events, () => {}, { idleMs: IDLE, now: t.clock });
    cleanup.push(() => restarted.close());
    const reads = t.reads();
    expect(await restarted.summary(kept)).toEqual(rows[0]);
    expect(t.reads()).toBe(reads);
    expect(restarted.holds(kept)).toBe(false);
    const movedRow = await restarted.summary(moved);
    expect([movedRow!.seq, movedRow!.tasks.total]).toEqual([2, 1]);
    expect(await restarted.summary(older)).toEqual(rows[2]);
    expect((await restarted.summary(kept2))!.id).toBe(kept2); // a row that is not JSON: made again
    expect(t.reads()).toBeGreaterThan(reads);
    expect([restarted.holds(moved), restarted.holds(older)]).toEqual([true, true]);
    // Made again, they are stored again: a second restart reads no log for them.
    await new Promise((r) => setTimeout(r, 20));
    const again = new IncidentRegistry(t.events, () => {}, { idleMs: IDLE, now: t.clock });
    cleanup.push(() => again.close());
    const before = t.reads();
    for (const id of [kept, moved, older, kept2]) expect((await again.summary(id))!.id).toBe(id);
    expect(t.reads()).toBe(before);
  });
});

describe('whose lists hear an incident\'s hint (hintAgencies)', () => {
  it('AUTH5: an incident this process has not seen has its agencies looked up once, then known; none are looked up when the caller says nobody would hear them', async () => {
    const t = await setup();
    const id = await t.open();
    // A process started after the incident was opened: it saw no event of it.
    const later = new IncidentRegistry(t.events, () => {});
    cleanup.push(() => later.close());
    const before = t.reads();
    expect(await later.hintAgencies(id, false)).toBeNull();
    expect(t.reads()).toBe(before);
    const agencies = await later.hintAgencies(id);
    expect(agencies).toEqual(expect.arrayContaining(['port']));
    const looked = t.reads();
    expect(looked).toBeGreaterThan(before);
    expect(await later.hintAgencies(id)).toEqual(agencies);
    expect(t.reads()).toBe(looked);
  });

  it('AUTH5: after a bus break, the agencies of an incident not held here are looked up again: an agency taken out during the break does not hear its hint', async () => {
    const t = await setup();
    // Another process's registry, which holds nothing of it and hears the bus until it breaks.
    let deaf = false;
    const farEvents: EventStore = Object.create(t.events);
    farEvents.subscribe = (listener) => t.events.subscribe((ev) => void (deaf || listener(ev)));
    const far = new IncidentRegistry(farEvents, () => {});
    cleanup.push(() => far.close());
    const id = randomUUID();
    expect((await t.send(id, hazmatIncident(['port', 'fire', 'customs']))).ok).toBe(true);
    await new Promise((r) => setTimeout(r, 0));
    expect(await far.hintAgencies(id)).toEqual(['port', 'fire', 'customs']);
    expect(far.holds(id)).toBe(false);

    deaf = true; // the break: customs is taken out meanwhile
    const version = (await t.registry.get(id))!.peek()!.version;
    expect((await t.send(id, { type: 'UpdateIncident', expectedVersion: version, agencies: ['port', 'fire'] })).ok).toBe(true);
    await new Promise((r) => setTimeout(r, 0));
    deaf = false;
    await far.resyncAll();
    expect(await far.hintAgencies(id)).toEqual(['port', 'fire']);
  });
});

describe('the hubs a registry makes', () => {
  it('REV6: apply a run in parts ending at each multiple of partEvery (services passes the checkpoint cache\'s interval)', async () => {
    const t = await setup();
    const id = await t.open();
    for (let i = 0; i < 4; i++) expect((await t.send(id, t.task(`Task ${i}`))).ok).toBe(true);
    const runs = async (opts: { partEvery?: number }) => {
      const seen: Array<[number, number]> = [];
      const other = new IncidentRegistry(t.events, (_id, events) => seen.push([events[0].seq, events[events.length - 1].seq]), opts);
      cleanup.push(() => other.close());
      await other.get(id); // loads the incident's five events in one page
      return seen;
    };
    expect(await runs({ partEvery: 2 })).toEqual([[1, 2], [3, 4], [5, 5]]);
    expect(await runs({})).toEqual([[1, 5]]);
  });
});
