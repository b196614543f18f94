import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FeedSnapshot } from '../incident-feed';
import { ASOF_STEP_MS, IncidentKeeper, KEEP_EVERY_MS, LOAD_WAIT_MS } from './keeper';
import { fromKept, KEPT_EVENTS_MAX, keptKey, toKept, type KeptIncident, type KeptIncidentStore } from './snapshot-store';
import type { IncidentState } from '../../domain/incident/state';
import type { IncidentEvent } from '../../domain/incident/events';

function snapshot(seq: number, over: Partial<FeedSnapshot> = {}): FeedSnapshot {
  const state = { id: 'inc', seq } as IncidentState;
  const events = Array.from({ length: seq }, (_, i) => ({ seq: i + 1 }) as IncidentEvent);
  return { state, events, headSeq: seq, loading: false, error: null, appliedSeq: seq, heardAt: 1_000 + seq, ...over };
}

/** A store in memory that counts its writes; `gate` holds a write until released. */
function memoryStore() {
  const rows = new Map<string, KeptIncident>();
  let gate: Promise<void> | null = null;
  const store: KeptIncidentStore & { saves: number; hold(): () => void; rows: Map<string, KeptIncident> } = {
    rows,
    saves: 0,
    hold() {
      let release!: () => void;
      gate = new Promise((r) => (release = r));
      return () => {
        gate = null;
        release();
      };
    },
    load: async (a, i) => rows.get(keptKey(a, i)) ?? null,
    delete: async (a, i) => void rows.delete(keptKey(a, i)),
    async save(kept) {
      store.saves++;
      if (gate) await gate;
      rows.set(kept.key, structuredClone(kept));
    },
    clear: async () => rows.clear(),
  };
  return store;
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('the device copy of a followed incident (SPEC SYNC12)', () => {
  it('writes at most every KEEP_EVERY_MS, the latest snapshot, per account and incident', async () => {
    const store = memoryStore();
    const keeper = new IncidentKeeper(() => store);
    keeper.keep('ann', 'inc', snapshot(1));
    keeper.keep('ann', 'inc', snapshot(2));
    keeper.keep('ann', 'inc', snapshot(3));
    expect(store.saves).toBe(0);
    await vi.advanceTimersByTimeAsync(KEEP_EVERY_MS);
    expect(store.saves).toBe(1);
    expect((await store.load('ann', 'inc'))?.state.seq).toBe(3);
    expect(await store.load('bob', 'inc')).toBeNull();
  });

  it('keeps nothing while loading, without a state, never heard from the server, or past KEPT_EVENTS_MAX events', async () => {
    const store = memoryStore();
    const keeper = new IncidentKeeper(() => store);
    keeper.keep('ann', 'inc', snapshot(2, { loading: true }));
    keeper.keep('ann', 'inc', snapshot(0, { state: null }));
    keeper.keep('ann', 'inc', snapshot(2, { heardAt: null }));
    const long = snapshot(1);
    keeper.keep('ann', 'inc', { ...long, events: { length: KEPT_EVENTS_MAX + 1 } as IncidentEvent[] });
    await vi.advanceTimersByTimeAsync(KEEP_EVERY_MS * 2);
    expect(store.saves).toBe(0);
  });

  it('flush writes what waits at once (the page is being hidden)', async () => {
    const store = memoryStore();
    const keeper = new IncidentKeeper(() => store);
    keeper.keep('ann', 'inc', snapshot(4));
    await keeper.flush();
    expect((await store.load('ann', 'inc'))?.state.seq).toBe(4);
  });

  it('forget drops what waits and what is kept; a write under way finishes first and is cleared', async () => {
    const store = memoryStore();
    const keeper = new IncidentKeeper(() => store);
    keeper.keep('ann', 'inc', snapshot(1));
    const release = store.hold();
    const writing = keeper.flush();
    await vi.advanceTimersByTimeAsync(0); // the write has begun, and waits
    expect(store.saves).toBe(1);
    keeper.keep('ann', 'other', snapshot(2));
    const forgetting = keeper.forget();
    release();
    await Promise.all([writing, forgetting]);
    await vi.advanceTimersByTimeAsync(KEEP_EVERY_MS * 2);
    expect(store.rows.size).toBe(0);
    expect(store.saves).toBe(1); // the waiting one was never written
  });

  it('a device that cannot keep (no store, a failing one) keeps nothing and loads nothing, quietly', async () => {
    const none = new IncidentKeeper(() => null);
    none.keep('ann', 'inc', snapshot(1));
    expect(await none.load('ann', 'inc')).toBeNull();
    const failing: KeptIncidentStore = {
      load: () => Promise.reject(new Error('no')),
      save: () => Promise.reject(new Error('full')),
      delete: () => Promise.reject(new Error('no')),
      clear: () => Promise.reject(new Error('no')),
    };
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const keeper = new IncidentKeeper(() => failing);
    keeper.keep('ann', 'inc', snapshot(1));
    await keeper.flush();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(await keeper.load('ann', 'inc')).toBeNull();
    await keeper.forget();
    warn.mockRestore();
  });

  it('a kept copy resumes as a loaded snapshot at its seq, the head at least its seq (SYNC1), as old as when it was last heard', () => {
    const kept = toKept('ann', 'inc', snapshot(5, { headSeq: 3, heardAt: 777 }), 1234)!;
    expect(kept).toMatchObject({ key: keptKey('ann', 'inc'), accountId: 'ann', incidentId: 'inc', asOf: 777, savedAt: 1234 });
    const resumed = fromKept(kept);
    expect(resumed).toEqual({ state: kept.state, events: kept.events, headSeq: 5, loading: false, error: null, appliedSeq: 5, heardAt: 777 });
    // Written again while still offline (the feed heard nothing since), it keeps its age.
    expect(toKept('ann', 'inc', resumed, 9999)).toMatchObject({ asOf: 777, savedAt: 9999 });
  });

  it('a device store that does not answer does not hold the page: no copy after LOAD_WAIT_MS', async () => {
    const hanging: KeptIncidentStore = { load: () => new Promise(() => undefined), save: async () => undefined, delete: async () => undefined, clear: async () => undefined };
    const keeper = new IncidentKeeper(() => hanging);
    let got: unknown = 'waiting';
    void keeper.load('ann', 'inc').then((k) => (got = k));
    await vi.advanceTimersByTimeAsync(LOAD_WAIT_MS - 1);
    expect(got).toBe('waiting');
    await vi.advanceTimersByTimeAsync(1);
    expect(got).toBeNull();
  });

  it('a copy not changed is written again only once its age has moved on by ASOF_STEP_MS; a changed one at the next turn', async () => {
    const store = memoryStore();
    const keeper = new IncidentKeeper(() => store);
    keeper.keep('ann', 'inc', snapshot(3, { heardAt: 10_000 }));
    await keeper.flush();
    keeper.keep('ann', 'inc', snapshot(3, { heardAt: 10_000 + ASOF_STEP_MS - 1 })); // a live second later: same state
    await keeper.flush();
    expect(store.saves).toBe(1);
    keeper.keep('ann', 'inc', snapshot(3, { heardAt: 10_000 + ASOF_STEP_MS }));
    await keeper.flush();
    keeper.keep('ann', 'inc', snapshot(4, { heardAt: 10_000 + ASOF_STEP_MS + 1 })); // a new event
    await keeper.flush();
    expect(store.saves).toBe(3);
  });

  it('a write that failed does not count as written: the same state is tried again at the next turn, not a minute later', async () => {
    const store = memoryStore();
    const save = store.save;
    let failing = true;
    store.save = async (kept) => {
      if (failing) {
        store.saves++;
        throw new Error('QuotaExceededError');
      }
      return save(kept);
    };
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const keeper = new IncidentKeeper(() => store);
    keeper.keep('ann', 'inc', snapshot(5));
    await keeper.flush();
    expect(store.saves).toBe(1);
    expect(await store.load('ann', 'inc')).toBeNull();
    // Failing again: tried again, said once.
    keeper.keep('ann', 'inc', snapshot(5));
    await keeper.flush();
    expect(store.saves).toBe(2);
    expect(warn).toHaveBeenCalledTimes(1);
    failing = false;
    keeper.keep('ann', 'inc', snapshot(5));
    await vi.advanceTimersByTimeAsync(KEEP_EVERY_MS);
    expect(store.saves).toBe(3);
    expect((await store.load('ann', 'inc'))?.state.seq).toBe(5);
    // Written now: the same state again waits for its age to move on (ASOF_STEP_MS).
    keeper.keep('ann', 'inc', snapshot(5));
    await vi.advanceTimersByTimeAsync(KEEP_EVERY_MS);
    expect(store.saves).toBe(3);
    warn.mockRestore();
  });

  it('a refused snapshot is not kept, and drop forgets the copy kept before', async () => {
    const store = memoryStore();
    const keeper = new IncidentKeeper(() => store);
    keeper.keep('ann', 'inc', snapshot(3));
    await keeper.flush();
    keeper.keep('ann', 'inc', snapshot(4, { error: { code: 'FORBIDDEN', message: 'agency not taking part' } as FeedSnapshot['error'] }));
    await keeper.flush();
    expect((await store.load('ann', 'inc'))?.state.seq).toBe(3);
    // A transient failure (offline), or an answer that is not the server's (a captive portal's page),
    // is no refusal: that one is kept.
    keeper.keep('ann', 'inc', snapshot(4, { error: { code: 'BAD_RESPONSE', message: 'not JSON' } as FeedSnapshot['error'] }));
    await keeper.flush();
    expect((await store.load('ann', 'inc'))?.state.seq).toBe(4);
    keeper.keep('ann', 'inc', snapshot(5, { error: { code: 'TIMEOUT', message: 'no answer' } as FeedSnapshot['error'] }));
    await keeper.flush();
    expect((await store.load('ann', 'inc'))?.state.seq).toBe(5);
    await keeper.drop('ann', 'inc');
    expect(await store.load('ann', 'inc')).toBeNull();
  });
});
