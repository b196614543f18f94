import { afterEach, describe, expect, it, vi } from 'vitest';
import { DisplayService } from '../auth/displays';
import type { Services } from '../services';
import type { StoredAccount } from '../store/types';
import { tempStore, type TempStore } from '../testing/temp-store';
import { createRechecker, recheckAll, RECHECK_YIELD_EVERY } from './control';

/**
 * SPEC AUTH8: the periodic re-check of every open socket's credentials. It is not the
 * screen's activity (no display write), it lets the event loop in while it runs on a
 * synchronous store (SQLite), and one pass runs at a time.
 */
type Source = Parameters<typeof recheckAll>[0];
type FakeSocket = { disconnected: boolean; data: Record<string, unknown>; emit: () => void; disconnect: () => void; conn: { close: () => void } };

function fakeSocket(data: Record<string, unknown>): FakeSocket {
  const s: FakeSocket = {
    disconnected: false,
    data,
    emit: () => undefined,
    disconnect: () => void (s.disconnected = true),
    conn: { close: () => undefined },
  };
  return s;
}
const sourceOf = (sockets: FakeSocket[]) => ({ sockets: { sockets: new Map(sockets.map((s, i) => [`s${i}`, s])) } }) as unknown as Source;

let temp: TempStore | undefined;
afterEach(async () => {
  await temp?.cleanup();
  temp = undefined;
});

describe('recheckAll', () => {
  it('AUTH8: re-checking 120 wall screens on SQLite writes no display (not their activity) and yields to the event loop on the way; a read still records last seen', async () => {
    temp = await tempStore('portline-recheck-');
    const displays = new DisplayService(temp.store);
    const by = { id: 'admin', username: 'admin' } as StoredAccount;
    const sockets: FakeSocket[] = [];
    const tokens: string[] = [];
    for (let i = 0; i < 120; i++) {
      // Created two minutes ago and never seen: a touch would be due now.
      const { record, token } = await displays.create({ name: `wall ${i}`, scope: { kind: 'active' } }, by, Date.now() - 120_000);
      sockets.push(fakeSocket({ kind: 'display', token, displayId: record.id }));
      tokens.push(token);
    }
    const touch = vi.spyOn(temp.store.displays, 'touchDisplay');
    const lookups = vi.spyOn(temp.store.displays, 'getDisplayByTokenHash');

    // Counts the event loop's turns while the pass runs (the SQLite store answers in the same turn).
    let done = false;
    let turns = 0;
    const spin = () => {
      if (done) return;
      turns++;
      setImmediate(spin);
    };
    setImmediate(spin);
    await recheckAll(sourceOf(sockets), { displays, sessions: {} } as unknown as Services);
    done = true;

    expect(lookups).toHaveBeenCalledTimes(120);
    expect(touch).not.toHaveBeenCalled();
    expect(sockets.every((s) => !s.disconnected)).toBe(true);
    expect(turns).toBeGreaterThanOrEqual(Math.floor(120 / RECHECK_YIELD_EVERY));
    expect((await temp.store.displays.listDisplays()).every((d) => d.lastSeenAt === null)).toBe(true);

    // The screen's own reads (and connects) are its activity: they record last seen, as before.
    expect((await displays.check(tokens[0])).ok).toBe(true);
    expect(touch).toHaveBeenCalledTimes(1);
  });

  it('AUTH8: a revoked screen is still cut by the re-check', async () => {
    temp = await tempStore('portline-recheck-');
    const displays = new DisplayService(temp.store);
    const by = { id: 'admin', username: 'admin' } as StoredAccount;
    const a = await displays.create({ name: 'a', scope: { kind: 'active' } }, by);
    const b = await displays.create({ name: 'b', scope: { kind: 'active' } }, by);
    await temp.store.displays.revokeDisplay(b.record.id, Date.now());
    const sockets = [fakeSocket({ kind: 'display', token: a.token, displayId: a.record.id }), fakeSocket({ kind: 'display', token: b.token, displayId: b.record.id })];
    await recheckAll(sourceOf(sockets), { displays, sessions: {} } as unknown as Services);
    expect(sockets.map((s) => s.disconnected)).toEqual([false, true]);
  });
});

describe('createRechecker', () => {
  /** Services whose checks wait until `release` is called; `calls` counts them. */
  function blockedServices() {
    let calls = 0;
    let gate: () => void = () => undefined;
    const open = new Promise<void>((r) => (gate = r));
    const check = async () => {
      calls++;
      await open;
      return { ok: true as const };
    };
    return {
      services: { displays: { check }, sessions: { check } } as unknown as Services,
      calls: () => calls,
      release: () => gate(),
    };
  }
  const settle = () => new Promise((r) => setTimeout(r, 10));

  it('AUTH8: a timer tick while a pass is still running is skipped: the second pass does not start', async () => {
    const sockets = [fakeSocket({ kind: 'display', token: 'pld_a' }), fakeSocket({ kind: 'account', token: 't' }), fakeSocket({ kind: 'display', token: 'pld_b' })];
    const b = blockedServices();
    const recheck = createRechecker(sourceOf(sockets), b.services);
    const first = recheck.tick();
    const second = recheck.tick();
    await settle();
    expect(b.calls()).toBe(1); // the first pass waits on its first socket; no second pass started
    b.release();
    await Promise.all([first, second]);
    await settle();
    expect(b.calls()).toBe(3); // one pass over three sockets, not two
    // Once it has ended, the next tick runs a pass again.
    await recheck.tick();
    expect(b.calls()).toBe(6);
  });

  it('AUTH8: a bus resync during a pass runs one more pass after it (not two at once)', async () => {
    const sockets = [fakeSocket({ kind: 'display', token: 'pld_a' }), fakeSocket({ kind: 'account', token: 't' })];
    const b = blockedServices();
    const recheck = createRechecker(sourceOf(sockets), b.services);
    void recheck.tick();
    void recheck.resync();
    void recheck.resync();
    await settle();
    expect(b.calls()).toBe(1);
    b.release();
    await settle();
    expect(b.calls()).toBe(4); // the running pass, then exactly one more
  });

  it('a pass whose store fails ends, and the next tick runs again', async () => {
    const sockets = [fakeSocket({ kind: 'display', token: 'pld_a' }), fakeSocket({ kind: 'display', token: 'pld_b' })];
    let calls = 0;
    const check = async () => {
      calls++;
      throw new Error('store down');
    };
    const recheck = createRechecker(sourceOf(sockets), { displays: { check }, sessions: { check } } as unknown as Services);
    await recheck.tick();
    expect(calls).toBe(1);
    await recheck.tick();
    expect(calls).toBe(2);
  });
});
