import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import type { FeedSnapshot } from '../incident-feed';
import type { IncidentEvent } from '../../domain/incident/events';
import type { IncidentState } from '../../domain/incident/state';
import { KEEP_EVERY_MS } from './keeper';
import { indexedDbKeptIncidents, type KeptIncidentStore } from './snapshot-store';

/**
 * SPEC SYNC12 across tabs, the cross-tab path alone: a sign-out forgets every copy "in every tab of
 * the browser (a tab still showing the last person's board drops what it was about to write)".
 * Each "tab" is its own load of keeper.ts (vi.resetModules): its own `incidentKeeper` and its own
 * real BroadcastChannel, over one IndexedDB (fake-indexeddb, new for each test) that the tabs
 * share, as a browser's tabs do. The e2e of the same rule passes with either forget path alone
 * (the other tab's sign-in page forgets again); these fail when the listener stops working.
 */

type Tab = typeof import('./keeper') & typeof import('./forget');

function snapshot(seq: number): FeedSnapshot {
  const state = { id: 'inc', seq } as IncidentState;
  const events = Array.from({ length: seq }, (_, i) => ({ seq: i + 1 }) as IncidentEvent);
  return { state, events, headSeq: seq, loading: false, error: null, appliedSeq: seq, heardAt: 1_000 + seq };
}

/** A fresh load of the offline modules: one tab of the browser. */
async function openTab(): Promise<Tab> {
  vi.resetModules();
  const keeper = await import('./keeper');
  const forget = await import('./forget');
  return { ...keeper, ...forget };
}

/**
 * Waits (at most `ms`, real time) until the tab's keeper has been told to forget and has finished
 * forgetting. It does not fail by itself: a tab that never hears is caught by what the test then
 * finds on the device.
 */
async function heard(forget: MockInstance<() => Promise<void>>, ms = 1_000): Promise<void> {
  const deadline = performance.now() + ms;
  while (forget.mock.calls.length === 0 && performance.now() < deadline) await new Promise((r) => setImmediate(r));
  await Promise.all(forget.mock.results.map((r) => r.value));
}

// The tabs' channels are the runtime's own BroadcastChannel, only noted here to be closed after
// each test (an open one would hear the next test's messages, and hold the worker open).
const opened: BroadcastChannel[] = [];
class NotedChannel extends BroadcastChannel {
  constructor(name: string) {
    super(name);
    opened.push(this);
  }
}

let device: KeptIncidentStore;

beforeEach(() => {
  const factory = new IDBFactory();
  vi.stubGlobal('indexedDB', factory);
  vi.stubGlobal('BroadcastChannel', NotedChannel);
  device = indexedDbKeptIncidents(factory);
  // Only the keeper's timer: fake-indexeddb runs on setImmediate, the channel on the runtime's own queue.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});

afterEach(() => {
  vi.useRealTimers();
  for (const channel of opened.splice(0)) channel.close();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('a forget announced in one tab, heard in another (SPEC SYNC12)', () => {
  it('the other tab deletes the copies it kept and never writes the one it was about to write', async () => {
    const a = await openTab();
    const b = await openTab();
    // Tab A shows ann's boards: one copy written, newer ones waiting for the keeper's next turn.
    a.incidentKeeper.keep('ann', 'inc-1', snapshot(3));
    await a.incidentKeeper.flush();
    expect((await device.load('ann', 'inc-1'))?.state.seq).toBe(3);
    a.incidentKeeper.keep('ann', 'inc-1', snapshot(4));
    a.incidentKeeper.keep('ann', 'inc-2', snapshot(1));
    const aForgets = vi.spyOn(a.incidentKeeper, 'forget');

    // Tab B only tells (it does not touch the device itself): what is deleted, tab A deleted.
    b.announceForget();
    await heard(aForgets);

    expect(await device.load('ann', 'inc-1')).toBeNull();
    // The keeper's next turns come and go: what waited was dropped, not written.
    await vi.advanceTimersByTimeAsync(KEEP_EVERY_MS * 2);
    await a.incidentKeeper.flush();
    expect(await device.load('ann', 'inc-1')).toBeNull();
    expect(await device.load('ann', 'inc-2')).toBeNull();
  });

  it('a sign-out in tab B (forgetOfflineCopies) leaves nothing of the person after tab A’s next write turn', async () => {
    const a = await openTab();
    const b = await openTab();
    // Tab A's channel opens with the first copy it reads or keeps, not with a forget of its own.
    expect(await a.incidentKeeper.load('ann', 'inc-1')).toBeNull();
    a.incidentKeeper.keep('ann', 'inc-1', snapshot(2));
    await a.incidentKeeper.flush();
    a.incidentKeeper.keep('ann', 'inc-1', snapshot(5)); // a live event after: waits KEEP_EVERY_MS
    const aForgets = vi.spyOn(a.incidentKeeper, 'forget');

    // Tab B forgets its own way too (it clears the shared store): only tab A's own keeper stands
    // between its waiting write and the device, after the sign-out.
    await b.forgetOfflineCopies();
    expect(await device.load('ann', 'inc-1')).toBeNull();
    await heard(aForgets);

    await vi.advanceTimersByTimeAsync(KEEP_EVERY_MS * 2);
    await a.incidentKeeper.flush();
    expect(await device.load('ann', 'inc-1')).toBeNull();
  });

});
