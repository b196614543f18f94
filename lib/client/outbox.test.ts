import { describe, expect, it, vi } from 'vitest';
import { domainError, ErrorCode } from '../domain/errors';
import type { IncidentCommandInput } from '../domain/incident/commands';
import type { Ack } from '../protocol/ack';
import type { CommandResult } from '../protocol/socket';
import { Outbox, type AppliedNote, type OutboxDeps } from './outbox';
import { outboxMessage, readOutboxMessage } from './outbox-link';
import { classifyAck, heldMadeAs, madeAsOther, mayPassAgain, nextToSend, onBoard, rebaseAfter, rebasedOnApplied, waiting, type MadeAs, type OutboxEntry } from './outbox-queue';
import { memoryOutboxStore, type OutboxStore } from './outbox-store';

const INC = 'inc-1';
const T1 = '00000000-0000-4000-8000-000000000001';
const status = (to: 'acknowledged' | 'done', expectedVersion: number): IncidentCommandInput => ({ type: 'ChangeTaskStatus', taskId: T1, expectedVersion, to });
const message = (text: string): IncidentCommandInput => ({ type: 'PostMessage', messageId: `m-${text}`, text });

/**
 * A store that opened fine and then refuses writes while `full` says so (IndexedDB's
 * QuotaExceededError on a full disk).
 */
function fillingStore(full: (entry: OutboxEntry) => boolean): OutboxStore {
  const store = memoryOutboxStore();
  return {
    ...store,
    put: async (entry) => {
      if (full(entry)) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return store.put(entry);
    },
  };
}

/**
 * A store whose next read, once `holdNextRead` is called, reads at once and answers only when the
 * function it returns is called (another tab's notice read while this tab goes on).
 */
function readHeldStore(): { store: OutboxStore; holdNextRead: () => () => void } {
  const store = memoryOutboxStore();
  let held: Promise<void> | null = null;
  let answer = () => {};
  return {
    store: {
      ...store,
      list: async (accountId) => {
        const read = await store.list(accountId);
        const wait = held;
        held = null;
        if (wait) await wait;
        return read;
      },
    },
    holdNextRead: () => {
      held = new Promise<void>((resolve) => (answer = resolve));
      return () => answer();
    },
  };
}

/** A fake server: answers each command from a script, records what it was sent. */
function harness(
  answer: (e: OutboxEntry, n: number) => Ack<CommandResult> = (_e, n) => ({ ok: true, seqs: [n + 10], duplicate: false }),
  store: OutboxStore = memoryOutboxStore(),
  more: Partial<OutboxDeps> = {},
) {
  const sent: OutboxEntry[] = [];
  let online = false;
  let ids = 0;
  const box = new Outbox({
    accountId: 'acc-1',
    store,
    isOnline: () => online,
    send: async (e) => {
      sent.push(e);
      return answer(e, sent.length);
    },
    newId: () => `cmd-${++ids}`,
    retryMs: 60_000,
    ...more,
  });
  return {
    box,
    store,
    sent,
    goOnline: async () => {
      online = true;
      box.connectionChanged(true);
      await box.drain();
    },
    goOffline: () => {
      online = false;
      box.connectionChanged(false);
    },
  };
}

describe('outbox queue (pure)', () => {
  it('retries transient errors and an answer it could not read (SYNC10: same id), keeps refusals for the person', () => {
    expect(classifyAck({ ok: true, seqs: [3], duplicate: true })).toEqual({ kind: 'done' });
    for (const code of [ErrorCode.TIMEOUT, ErrorCode.STORE_UNAVAILABLE, ErrorCode.RATE_LIMITED, ErrorCode.BAD_RESPONSE])
      expect(classifyAck({ ok: false, error: domainError(code, 'x') }).kind).toBe('retry');
    expect(classifyAck({ ok: false, error: domainError(ErrorCode.CONFLICT, 'x') }).kind).toBe('conflict');
    expect(classifyAck({ ok: false, error: domainError(ErrorCode.INVALID_TRANSITION, 'x') }).kind).toBe('failed');
  });

  it('sends the oldest waiting entry; refused ones do not block the rest', () => {
    const e = (commandId: string, order: number, state: OutboxEntry['state']): OutboxEntry => ({ commandId, accountId: 'a', incidentId: INC, command: message(commandId), queuedAt: order, order, state });
    expect(nextToSend([e('b', 2, 'pending'), e('a', 1, 'conflict'), e('c', 3, 'pending')])?.commandId).toBe('b');
    expect(nextToSend([e('a', 1, 'failed')])).toBeNull();
  });

  it('moves my later edits of the same task onto the version my earlier edit produced, not others', () => {
    const e = (commandId: string, order: number, command: IncidentCommandInput): OutboxEntry => ({ commandId, accountId: 'a', incidentId: INC, command, queuedAt: order, order, state: 'pending' });
    const first = e('a', 1, status('acknowledged', 5));
    const rebased = rebaseAfter(first, [9], [first, e('b', 2, status('done', 5)), e('c', 3, status('done', 4)), e('d', 4, message('x'))]);
    expect(rebased.map((r) => [r.commandId, (r.command as { expectedVersion: number }).expectedVersion])).toEqual([['b', 9]]);
  });

  it('IDEM2: an edit made on the version of my earlier edit the page holds as applied (its board not caught up yet) goes on top of what that produced, and of the next one', () => {
    const e = (commandId: string, order: number, command: IncidentCommandInput, state: OutboxEntry['state'], appliedSeq?: number): OutboxEntry => ({ commandId, accountId: 'a', incidentId: INC, command, queuedAt: order, order, state, appliedSeq });
    const version = (x: OutboxEntry) => (x.command as { expectedVersion: number }).expectedVersion;
    const applied = [e('a', 1, status('acknowledged', 5), 'applied', 9), e('b', 2, status('done', 9), 'applied', 12)];
    expect(version(rebasedOnApplied(e('c', 3, status('done', 5), 'pending'), applied))).toBe(12);
    // Made once the board had folded them (on 12), or on another version (someone else's edit): as made.
    const later = e('d', 3, status('done', 12), 'pending');
    expect(rebasedOnApplied(later, applied)).toBe(later);
    const other = e('f', 3, status('done', 7), 'pending');
    expect(rebasedOnApplied(other, applied)).toBe(other);
    // Another task's, a message, an entry made before them: as made.
    const message1 = e('g', 3, message('x'), 'pending');
    expect(rebasedOnApplied(message1, applied)).toBe(message1);
    const earlier = e('h', 0, status('done', 5), 'pending');
    expect(rebasedOnApplied(earlier, applied)).toBe(earlier);
  });
});

describe('Outbox', () => {
  it('writes before sending, answers queued while offline, sends in order once connected, removes on ack', async () => {
    const h = harness();
    const results = await Promise.all([h.box.submit(INC, message('1')), h.box.submit(INC, status('acknowledged', 5)), h.box.submit(INC, message('3'))]);
    expect(results.every((r) => r.ok && r.queued)).toBe(true);
    expect((await h.store.list('acc-1')).map((e) => e.commandId)).toEqual(['cmd-1', 'cmd-2', 'cmd-3']);
    expect(h.sent).toEqual([]);
    await h.goOnline();
    expect(h.sent.map((e) => e.commandId)).toEqual(['cmd-1', 'cmd-2', 'cmd-3']);
    expect(h.box.entries).toEqual([]);
    expect(await h.store.list('acc-1')).toEqual([]);
  });

  it('SYNC3 marks the entry it is sending with when it sent it, in this tab only: the store keeps it pending', async () => {
    let answer: (a: Ack<CommandResult>) => void = () => {};
    const h = harness();
    const box = new Outbox({
      accountId: 'acc-1',
      store: h.store,
      isOnline: () => true,
      send: () => new Promise((resolve) => (answer = resolve)),
      newId: () => 'cmd-x',
      retryMs: 60_000,
    });
    await box.ready;
    const before = Date.now();
    void box.submit(INC, message('a'));
    await vi.waitFor(() => expect(box.entries.map((e) => e.state)).toEqual(['sending']));
    expect(box.entries[0].sentAt).toBeGreaterThanOrEqual(before);
    expect(await h.store.list('acc-1')).toEqual([expect.objectContaining({ commandId: 'cmd-x', state: 'pending' })]);
    answer({ ok: true, seqs: [3], duplicate: false });
    await vi.waitFor(() => expect(box.entries).toEqual([]));
    box.dispose();
    h.box.dispose();
  });

  it('IDEM2: an edit made after my earlier one was acknowledged but before the board folded it is sent on the version that one produced', async () => {
    const h = harness((_e, n) => ({ ok: true, seqs: [n === 1 ? 10 : 11], duplicate: false }));
    await h.goOnline();
    await h.box.submit(INC, status('acknowledged', 5));
    await h.box.drain();
    // The board still shows version 5 (catching up after a reconnect): the next step is made on it.
    await h.box.submit(INC, status('done', 5));
    await h.box.drain();
    expect(h.sent.map((e) => (e.command as { expectedVersion: number }).expectedVersion)).toEqual([5, 10]);
  });

  it('IDEM2 survives a restart: a new outbox on the same store sends what the old one kept, with the same ids', async () => {
    const h = harness();
    await h.box.submit(INC, message('a'));
    h.box.dispose();
    const sent: string[] = [];
    const again = new Outbox({ accountId: 'acc-1', store: h.store, isOnline: () => true, send: async (e) => (sent.push(e.commandId), { ok: true, seqs: [1], duplicate: false }) });
    await again.ready;
    await again.drain();
    expect(sent).toEqual(['cmd-1']);
  });

  it('SYNC4: an outbox disposed of mid-send (signed out) lets go of the account lock at once; the next outbox sends the entry with the same id', async () => {
    // One lock for the account, as Web Locks would hold it (ifAvailable: a second asker is told no).
    let holder: string | null = null;
    const lockAs = (who: string) => async (fn: () => Promise<void>) => {
      if (holder) return false;
      holder = who;
      try {
        await fn();
      } finally {
        holder = null;
      }
      return true;
    };
    const store = memoryOutboxStore();
    const first = new Outbox({
      accountId: 'acc-1',
      store,
      isOnline: () => true,
      withLock: lockAs('first'),
      newId: () => 'cmd-a',
      retryMs: 60_000,
      // A send whose ack never comes: it ends only when aborted, as sendCommand does.
      send: (_e, signal) =>
        new Promise((resolve) => signal.addEventListener('abort', () => resolve({ ok: false, error: domainError(ErrorCode.TIMEOUT, 'aborted') }))),
    });
    await first.ready;
    void first.submit(INC, message('a'));
    await vi.waitFor(() => expect(first.entries.map((e) => e.state)).toEqual(['sending']));
    expect(holder).toBe('first');
    first.dispose();
    await vi.waitFor(() => expect(holder).toBeNull(), { timeout: 1_000 });
    expect(await store.list('acc-1')).toEqual([expect.objectContaining({ commandId: 'cmd-a', state: 'pending' })]);

    const sent: string[] = [];
    const next = new Outbox({ accountId: 'acc-1', store, isOnline: () => true, withLock: lockAs('next'), send: async (e) => (sent.push(e.commandId), { ok: true, seqs: [1], duplicate: false }) });
    await next.ready;
    await next.drain();
    expect(sent).toEqual(['cmd-a']);
    expect(await store.list('acc-1')).toEqual([]);
    next.dispose();
  });

  it('IDEM2 keeps an entry over transient failures and sends it again with the same command id', async () => {
    let n = 0;
    const h = harness(() => (++n < 3 ? { ok: false, error: domainError(ErrorCode.STORE_UNAVAILABLE, 'down') } : { ok: true, seqs: [4], duplicate: n > 3 }));
    await h.box.submit(INC, message('a'));
    await h.goOnline();
    expect(h.box.entries.map((e) => e.state)).toEqual(['pending']);
    await h.box.drain();
    await h.box.drain();
    expect(h.sent.map((e) => e.commandId)).toEqual(['cmd-1', 'cmd-1', 'cmd-1']);
    expect(h.box.entries).toEqual([]);
  });

  it('a conflict after going offline is kept for the person, the rest is still sent; apply anyway re-issues with a new id', async () => {
    const h = harness((e, n) =>
      e.command.type === 'ChangeTaskStatus' && (e.command as { expectedVersion: number }).expectedVersion === 5
        ? { ok: false, error: domainError(ErrorCode.CONFLICT, 'stale', { currentVersion: 7 }) }
        : { ok: true, seqs: [n + 10], duplicate: false },
    );
    await h.box.submit(INC, status('done', 5));
    await h.box.submit(INC, message('after'));
    await h.goOnline();
    expect(h.box.entries.map((e) => [e.commandId, e.state, e.error?.code])).toEqual([['cmd-1', 'conflict', 'CONFLICT']]);
    expect((await h.store.list('acc-1'))[0].state).toBe('conflict');
    await h.box.applyAnyway('cmd-1', 7);
    await h.box.drain();
    expect(h.sent.map((e) => e.commandId)).toEqual(['cmd-1', 'cmd-2', 'cmd-3']);
    expect((h.sent[2].command as { expectedVersion: number }).expectedVersion).toBe(7);
    expect(h.box.entries).toEqual([]);
  });

  it('SYNC4 gives a refusal to the caller still waiting for it, and keeps it until the caller has shown it', async () => {
    const h = harness(() => ({ ok: false, error: domainError(ErrorCode.CONFLICT, 'stale') }));
    await h.goOnline();
    const res = await h.box.submit(INC, status('done', 5));
    expect(res.ok).toBe(false);
    expect(res.refusedEntry).toBe('cmd-1');
    // A caller gone meanwhile (its dialog closed) never takes it: the person still has it to decide.
    expect(h.box.entries.map((e) => [e.commandId, e.state])).toEqual([['cmd-1', 'conflict']]);
    expect((await h.store.list('acc-1')).map((e) => e.state)).toEqual(['conflict']);
    // The caller that showed it takes it.
    await h.box.discard(res.refusedEntry!);
    expect(h.box.entries).toEqual([]);
  });

  it('SYNC4 an ended session (UNAUTHENTICATED) refuses nothing: the change waits, unmarked, for the account’s next connection', async () => {
    let signedIn = false;
    const h = harness((_e, n) => (signedIn ? { ok: true, seqs: [n + 10], duplicate: false } : { ok: false, error: domainError(ErrorCode.UNAUTHENTICATED, 'Session ended') }));
    await h.goOnline();
    const res = await h.box.submit(INC, message('after the 12 hours'));
    expect(res.ok && res.queued).toBe(true);
    expect(h.box.entries.map((e) => [e.commandId, e.state])).toEqual([['cmd-1', 'pending']]);
    h.goOffline();
    signedIn = true;
    await h.goOnline();
    expect(h.sent.map((e) => e.commandId)).toEqual(['cmd-1', 'cmd-1']);
    expect(h.box.entries).toEqual([]);
  });

  it('discard removes a refused entry', async () => {
    const h = harness(() => ({ ok: false, error: domainError(ErrorCode.INVALID_TRANSITION, 'no') }));
    await h.box.submit(INC, status('done', 5));
    await h.goOnline();
    expect(h.box.entries[0].state).toBe('failed');
    await h.box.discard('cmd-1');
    expect(h.box.entries).toEqual([]);
    expect(await h.store.list('acc-1')).toEqual([]);
  });

  it('two changes to one task made offline both apply: the second follows the first', async () => {
    let version = 5;
    const h = harness((e, n) => {
      const c = e.command as { expectedVersion: number };
      if (c.expectedVersion !== version) return { ok: false, error: domainError(ErrorCode.CONFLICT, 'stale') };
      version = n + 10;
      return { ok: true, seqs: [version], duplicate: false };
    });
    await h.box.submit(INC, status('acknowledged', 5));
    await h.box.submit(INC, status('done', 5));
    await h.goOnline();
    expect(h.box.entries).toEqual([]);
    expect(h.sent.map((e) => (e.command as { expectedVersion: number }).expectedVersion)).toEqual([5, 11]);
  });

  it('SYNC4 a tab that found the lock held looks again later: the tab holding it may close mid-send without a word', async () => {
    const store = memoryOutboxStore();
    const sent: string[] = [];
    let otherTab = true;
    const box = new Outbox({
      accountId: 'a',
      store,
      isOnline: () => true,
      send: async (e) => (sent.push(e.commandId), { ok: true, seqs: [1], duplicate: false }),
      withLock: async (fn) => (otherTab ? false : (await fn(), true)),
      retryMs: 20,
    });
    const res = await box.submit(INC, message('x'));
    expect(res.ok && res.queued).toBe(true);
    expect(sent).toEqual([]);
    otherTab = false; // the other tab closed; nothing announced
    await expect.poll(() => sent.length, { timeout: 2000 }).toBe(1);
    expect(box.entries).toEqual([]);
    box.dispose();
  });

  it('SYNC4 an applied change stays pending on a board that has not folded its event yet (a feed catching up), and only there', async () => {
    let clock = 1_000;
    let ids = 0;
    const box = new Outbox({ accountId: 'acc-2', store: memoryOutboxStore(), isOnline: () => true, send: async () => ({ ok: true, seqs: [41, 42], duplicate: false }), now: () => clock, newId: () => `cmd-${++ids}` });
    await box.submit(INC, message('Leak source plugged'));
    expect(box.entries).toEqual([]); // nothing waits: the indicator counts none
    expect(box.withApplied.map((e) => [e.commandId, e.state, e.appliedSeq])).toEqual([['cmd-1', 'applied', 42]]);
    // A board at seq 30 (still catching up) shows it pending; one at 42 has it in its state instead.
    expect(onBoard(box.withApplied, 30).map((e) => [e.commandId, e.state])).toEqual([['cmd-1', 'sending']]);
    expect(waiting(onBoard(box.withApplied, 30))).toHaveLength(1);
    expect(onBoard(box.withApplied, 42)).toEqual([]);
    // Kept in memory only a while: ten minutes later the next change's update drops it.
    clock += 10 * 60_000;
    await box.submit(INC, message('Two workers transferred to hospital'));
    expect(box.withApplied.map((e) => e.commandId)).toEqual(['cmd-2']);
    box.dispose();
  });

  it('SYNC4 an entry another tab of the account applied stays pending on this tab’s board until that board has folded it', async () => {
    const store = memoryOutboxStore();
    // The account's BroadcastChannel: what a tab posts reaches the others later, cloned, and is read there.
    const tabs: Outbox[] = [];
    const channel = (from: number) => (applied?: readonly AppliedNote[]) => {
      const data = structuredClone(outboxMessage(applied));
      setTimeout(() => {
        for (const [i, tab] of tabs.entries()) {
          const notes = readOutboxMessage(data);
          if (i !== from && notes) tab.remoteChanged(notes);
        }
      }, 0);
    };
    let online = false;
    let ids = 0;
    const a = new Outbox({ accountId: 'acc-1', store, isOnline: () => online, send: async () => ({ ok: true, seqs: [41, 42], duplicate: false }), announce: channel(0), newId: () => `cmd-${++ids}`, retryMs: 60_000 });
    // Tab B: tab A holds the lock and sends; B follows the store.
    const bSent: string[] = [];
    const b = new Outbox({ accountId: 'acc-1', store, isOnline: () => true, send: async (e) => (bSent.push(e.commandId), { ok: true, seqs: [42], duplicate: true }), withLock: async () => false, announce: channel(1), retryMs: 60_000 });
    tabs.push(a, b);
    await Promise.all([a.ready, b.ready]);
    await a.submit(INC, message('Leak source plugged'));
    await expect.poll(() => b.entries.map((e) => [e.commandId, e.state])).toEqual([['cmd-1', 'pending']]);
    const seqBefore = 30;
    expect(onBoard(b.withApplied, seqBefore).map((e) => e.commandId)).toEqual(['cmd-1']);

    // A reconnects and sends it; B's board is still catching up (at 30).
    online = true;
    a.connectionChanged(true);
    await a.drain();
    expect(await store.list('acc-1')).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 20)); // every message delivered, every reload done
    expect(b.entries).toEqual([]); // nothing waits: B's indicator counts none either
    expect(b.withApplied.map((e) => [e.commandId, e.state, e.appliedSeq])).toEqual([['cmd-1', 'applied', 42]]);
    // Before, B reloaded the store, where it was gone: the ghost line vanished until B's feed caught up.
    expect(onBoard(b.withApplied, seqBefore).map((e) => [e.commandId, e.state])).toEqual([['cmd-1', 'sending']]);
    expect(onBoard(b.withApplied, 41).map((e) => e.commandId)).toEqual(['cmd-1']);
    expect(onBoard(b.withApplied, 42)).toEqual([]);
    // A plain 'changed' (a tab of an older version) still reloads, and keeps what B holds as applied.
    b.remoteChanged(readOutboxMessage('changed')!);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(b.withApplied.map((e) => [e.commandId, e.state])).toEqual([['cmd-1', 'applied']]);
    expect(bSent).toEqual([]);
    a.dispose();
    b.dispose();
  });

  it('SYNC4 a note that another tab applied an entry, heard before this tab\'s reload brought the entry, keeps it shown as applied', async () => {
    // Tab B's reads of the store can be held, as a slow IndexedDB is: each answers what the store held when asked.
    const store = memoryOutboxStore();
    let gate: Promise<void> = Promise.resolve();
    let open = () => undefined as void;
    const slow: OutboxStore = {
      ...store,
      list: async (accountId) => {
        const rows = await store.list(accountId);
        await gate;
        return rows;
      },
    };
    let ids = 0;
    let online = false;
    const a = new Outbox({ accountId: 'acc-1', store, isOnline: () => online, send: async () => ({ ok: true, seqs: [42], duplicate: false }), newId: () => `cmd-${++ids}`, retryMs: 60_000 });
    const bSent: string[] = [];
    const b = new Outbox({ accountId: 'acc-1', store: slow, isOnline: () => true, send: async (e) => (bSent.push(e.commandId), { ok: true, seqs: [42], duplicate: true }), withLock: async () => false, retryMs: 60_000 });
    await Promise.all([a.ready, b.ready]);
    gate = new Promise<void>((resolve) => (open = resolve));

    // A queues a change offline and says so: B starts reading the store, slowly.
    await a.submit(INC, message('Foam tender at gate 5'));
    b.remoteChanged();
    // A sends it and says it applied it (seq 42) before B's read has answered; B reads again.
    online = true;
    a.connectionChanged(true);
    await a.drain();
    expect(await store.list('acc-1')).toEqual([]);
    b.remoteChanged([{ commandId: 'cmd-1', appliedSeq: 42 }]);
    open();
    await new Promise((resolve) => setTimeout(resolve, 20)); // both reads answered, in order
    // The first read brought it waiting, the second found it gone: B keeps it, applied, for its board (at 30) to catch up to.
    expect(b.entries).toEqual([]);
    expect(b.withApplied.map((e) => [e.commandId, e.state, e.appliedSeq])).toEqual([['cmd-1', 'applied', 42]]);
    expect(onBoard(b.withApplied, 30).map((e) => [e.commandId, e.state])).toEqual([['cmd-1', 'sending']]);
    expect(onBoard(b.withApplied, 42)).toEqual([]);
    expect(bSent).toEqual([]);
    a.dispose();
    b.dispose();
  });

  it('reads what arrives on the account’s BroadcastChannel: "changed" and applied notes, nothing of another shape', () => {
    expect(outboxMessage()).toBe('changed');
    expect(outboxMessage([])).toBe('changed');
    expect(outboxMessage([{ commandId: 'cmd-1', appliedSeq: 42 }])).toEqual({ applied: [{ commandId: 'cmd-1', appliedSeq: 42 }] });
    expect(readOutboxMessage('changed')).toEqual([]);
    expect(readOutboxMessage(structuredClone(outboxMessage([{ commandId: 'cmd-1', appliedSeq: 42 }])))).toEqual([{ commandId: 'cmd-1', appliedSeq: 42 }]);
    // Notes of another shape are left out; the message still says the outbox changed.
    expect(
      readOutboxMessage({ applied: [{ commandId: 'cmd-1', appliedSeq: 7 }, { commandId: 'cmd-2', appliedSeq: -1 }, { commandId: 'cmd-3', appliedSeq: 1.5 }, { commandId: '', appliedSeq: 1 }, { appliedSeq: 1 }, null, 'cmd-4'] }),
    ).toEqual([{ commandId: 'cmd-1', appliedSeq: 7 }]);
    for (const other of [undefined, null, 42, 'applied', 'CHANGED', [], {}, { applied: 'cmd-1' }, { changed: true }]) expect(readOutboxMessage(other)).toBeNull();
  });

  it('IDEM2 only the tab holding the lock sends', async () => {
    const store = memoryOutboxStore();
    const sent: string[] = [];
    const box = new Outbox({ accountId: 'a', store, isOnline: () => true, send: async (e) => (sent.push(e.commandId), { ok: true, seqs: [1], duplicate: false }), withLock: async () => false });
    const res = await box.submit(INC, message('x'));
    expect(res.ok && res.queued).toBe(true);
    expect(sent).toEqual([]);
    expect(box.entries.length).toBe(1);
  });

  it('IDEM2: a tab that does not hold the lock shows what the store holds now, a change told to it while it asked for the lock included', async () => {
    const store = memoryOutboxStore();
    let asks = 0;
    const box: Outbox = new Outbox({
      accountId: 'a',
      store,
      isOnline: () => true,
      send: async () => ({ ok: true, seqs: [1], duplicate: false }),
      withLock: async () => {
        // The sending tab marks the entry a conflict and tells this one, while this one asks.
        if (asks++ === 1) {
          const [entry] = await store.list('a');
          await store.put({ ...entry, state: 'conflict', error: domainError(ErrorCode.CONFLICT, 'changed meanwhile') });
          box.remoteChanged();
        }
        return false;
      },
      retryMs: 60_000,
    });
    await box.submit(INC, message('x'));
    await box.drain();
    expect(asks).toBeGreaterThanOrEqual(2);
    expect(box.entries.map((e) => e.state)).toEqual(['conflict']);
    box.dispose();
  });

  it('SYNC4: an entry queued while the store was being read (another tab\'s notice) stays shown when that read comes back without it', async () => {
    const { store: gated, holdNextRead } = readHeldStore();
    const box = new Outbox({ accountId: 'a', store: gated, isOnline: () => false, send: async () => ({ ok: true, seqs: [1], duplicate: false }) });
    await box.ready;
    const answer = holdNextRead();
    box.remoteChanged();
    await box.submit(INC, message('Foam at berth 4'));
    expect(box.entries).toHaveLength(1);
    answer();
    await new Promise((r) => setTimeout(r, 0));
    expect(box.entries.map((e) => e.state)).toEqual(['pending']);
    box.dispose();
  });

  it('SYNC4: a refused entry the person discards (or applies anyway) while the store is being read is not brought back by that read', async () => {
    for (const decide of ['discard', 'applyAnyway'] as const) {
      const { store: gated, holdNextRead } = readHeldStore();
      let online = false;
      const box = new Outbox({
        accountId: 'acc-1',
        store: gated,
        isOnline: () => online,
        send: async () => ({ ok: false, error: domainError(ErrorCode.CONFLICT, 'stale', { currentVersion: 7 }) }),
        newId: (() => {
          let n = 0;
          return () => `cmd-${++n}`;
        })(),
      });
      await box.ready;
      await box.submit(INC, status('done', 5));
      online = true;
      box.connectionChanged(true);
      await box.drain();
      online = false;
      box.connectionChanged(false);
      expect(box.entries.map((e) => e.state)).toEqual(['conflict']);
      const answer = holdNextRead(); // another tab's notice: the read it makes waits
      box.remoteChanged();
      if (decide === 'discard') await box.discard('cmd-1');
      else await box.applyAnyway('cmd-1', 7);
      answer();
      await new Promise((r) => setTimeout(r, 0));
      expect(box.entries.map((e) => [e.commandId, e.state]), decide).toEqual(decide === 'discard' ? [] : [['cmd-2', 'pending']]);
      box.dispose();
    }
  });

  it('SYNC4 a write that fails after the store opened (a full disk) still answers: the change is kept in this page, sent, and the outbox says it is not durable', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    let full = true;
    const h = harness(undefined, fillingStore(() => full));
    let changes = 0;
    h.box.subscribe(() => changes++);
    // Before, submit rejected: a dialog said "Saving…" for ever, a one-click change did nothing.
    const res = await h.box.submit(INC, message('Foam team at berth 4'));
    expect(res.ok && res.queued).toBe(true);
    // The page's warning follows it (useOutboxDurable: subscribed, reads `durable`).
    expect(h.box.durable).toBe(false);
    expect(changes).toBeGreaterThan(0);
    expect(h.box.entries.map((e) => [e.commandId, e.state])).toEqual([['cmd-1', 'pending']]);
    expect(await h.store.list('acc-1')).toEqual([]);
    // A later reload of the store (each drain) does not lose it; it is sent, with its id.
    full = false;
    await h.goOnline();
    expect(h.sent.map((e) => e.commandId)).toEqual(['cmd-1']);
    expect(h.box.entries).toEqual([]);
    // Once a write failed, the page says so for as long as it is open.
    expect(h.box.durable).toBe(false);
    vi.restoreAllMocks();
  });

  it('SYNC4 a refusal whose mark cannot be written is not left "sending": it waits for the person, and its caller gets it', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const h = harness(() => ({ ok: false, error: domainError(ErrorCode.CONFLICT, 'stale', { currentVersion: 7 }) }), fillingStore((e) => e.state === 'conflict'));
    await h.goOnline();
    const res = await h.box.submit(INC, status('done', 5));
    expect(res.ok).toBe(false);
    expect(res.refusedEntry).toBe('cmd-1');
    await h.box.drain();
    expect(h.box.entries.map((e) => [e.commandId, e.state])).toEqual([['cmd-1', 'conflict']]);
    expect(h.box.durable).toBe(false);
    // The store still has it (pending): nothing is lost over a reload; here it stays refused.
    h.box.remoteChanged();
    await h.box.drain();
    expect(h.box.entries.map((e) => [e.commandId, e.state])).toEqual([['cmd-1', 'conflict']]);
    expect(h.sent.map((e) => e.commandId)).toEqual(['cmd-1']);
    vi.restoreAllMocks();
  });

  it('IDEM1 a refusal that may pass (INTERNAL) can be sent again with the same command id; a conflict cannot', async () => {
    let broken = true;
    const h = harness((e, n) =>
      e.command.type === 'ChangeTaskStatus'
        ? { ok: false, error: domainError(ErrorCode.CONFLICT, 'stale') }
        : broken
          ? { ok: false, error: domainError(ErrorCode.INTERNAL, 'Something failed on the server') }
          : { ok: true, seqs: [n + 10], duplicate: false },
    );
    await h.box.submit(INC, message('Two workers to hospital'));
    await h.box.submit(INC, status('done', 5));
    await h.goOnline();
    const [internal, conflict] = h.box.entries;
    expect([internal.state, internal.error?.code, conflict.state]).toEqual(['failed', 'INTERNAL', 'conflict']);
    expect([mayPassAgain(internal), mayPassAgain(conflict)]).toEqual([true, false]);
    expect(mayPassAgain({ ...internal, error: domainError(ErrorCode.FORBIDDEN, 'no') })).toBe(false);

    await h.box.sendAgain(conflict.commandId);
    expect(h.box.entries.map((e) => e.state)).toEqual(['failed', 'conflict']);
    broken = false;
    await h.box.sendAgain(internal.commandId);
    await h.box.drain();
    expect(h.sent.map((e) => e.commandId)).toEqual(['cmd-1', 'cmd-2', 'cmd-1']);
    expect(h.box.entries.map((e) => [e.commandId, e.state])).toEqual([['cmd-2', 'conflict']]);
    expect((await h.store.list('acc-1')).map((e) => e.commandId)).toEqual(['cmd-2']);
  });
});

describe('Outbox: made as whom (SPEC SYNC11, AUTH8)', () => {
  const CUSTOMS: MadeAs = { role: 'liaison', agency: 'customs' };
  const PORT: MadeAs = { role: 'liaison', agency: 'port' };

  /** An outbox whose person is `who()` now; `read()` counts the account's reads again. */
  const principalHarness = (who: () => MadeAs | null, store: OutboxStore = memoryOutboxStore(), refresh?: () => Promise<void>) =>
    harness(undefined, store, { principal: who, refreshPrincipal: refresh });

  it('stamps each new entry with the role and agency it was made as', async () => {
    const h = principalHarness(() => CUSTOMS);
    await h.box.submit(INC, message('Container 7 cleared'));
    expect((await h.store.list('acc-1')).map((e) => e.madeAs)).toEqual([CUSTOMS]);
  });

  it('an entry made as Customs is not sent once the person is Port: held for the decision, with why', async () => {
    let who = CUSTOMS;
    const h = principalHarness(() => who);
    await h.box.submit(INC, message('Container 7 cleared'));
    await h.box.submit(INC, { type: 'CreateTask', taskId: T1, agency: 'customs', title: 'Seal container 7' });
    // Meanwhile the admin moved the person to Port; they signed in again.
    who = PORT;
    await h.box.submit(INC, message('Berth 4 closed'));
    await h.goOnline();
    expect(h.sent.map((e) => e.commandId)).toEqual(['cmd-3']);
    const held = h.box.entries;
    expect(held.map((e) => [e.commandId, e.state, e.error?.code])).toEqual([
      ['cmd-1', 'failed', 'FORBIDDEN'],
      ['cmd-2', 'failed', 'FORBIDDEN'],
    ]);
    expect(held[0].error?.details).toEqual({ madeAs: CUSTOMS, now: PORT });
    expect(held[0].error?.message).toBe('Made as Liaison · customs; you are now Liaison · port. Not sent.');
    expect(held.map((e) => [heldMadeAs(e), mayPassAgain(e)])).toEqual([
      [CUSTOMS, true],
      [CUSTOMS, true],
    ]);
    // Kept so over a reload, and not sent by the next drain either.
    expect((await h.store.list('acc-1')).map((e) => [e.commandId, e.state, e.error?.details?.madeAs])).toEqual([
      ['cmd-1', 'failed', CUSTOMS],
      ['cmd-2', 'failed', CUSTOMS],
    ]);
    h.box.remoteChanged();
    await h.box.drain();
    expect(h.sent.map((e) => e.commandId)).toEqual(['cmd-3']);
  });

  it('a caller still waiting on an entry held so is told it is queued (its dialog would discard a refusal), and the entry stays for the decision', async () => {
    // Changed between the change and its send (the first read is the stamp).
    const seen = [CUSTOMS, PORT];
    const h = principalHarness(() => seen.shift() ?? PORT);
    await h.goOnline();
    const res = await h.box.submit(INC, message('Container 7 cleared'));
    expect(res).toMatchObject({ ok: true, queued: true });
    expect(res.refusedEntry).toBeUndefined();
    expect(heldMadeAs(h.box.entries[0])).toEqual(CUSTOMS);
    expect(h.sent).toEqual([]);
    expect(h.box.entries.map((e) => [e.commandId, e.state])).toEqual([['cmd-1', 'failed']]);
  });

  it('"send as I am now" sends the held entry once, with the same command id, made as the person is now', async () => {
    let who = CUSTOMS;
    const h = principalHarness(() => who);
    await h.box.submit(INC, message('Container 7 cleared'));
    who = PORT;
    await h.goOnline();
    expect(h.sent).toEqual([]);
    await h.box.sendAgain('cmd-1');
    await h.box.drain();
    expect(h.sent.map((e) => [e.commandId, e.madeAs])).toEqual([['cmd-1', PORT]]);
    expect(h.box.entries).toEqual([]);
    expect(await h.store.list('acc-1')).toEqual([]);
    await h.box.drain();
    expect(h.sent).toHaveLength(1);
  });

  it('an entry stored by an older page (no madeAs) is sent as before; one made as Customs beside it is not', async () => {
    const store = memoryOutboxStore();
    await store.put({ commandId: 'old-1', accountId: 'acc-1', incidentId: INC, command: message('From before'), queuedAt: 1, order: 1, state: 'pending' });
    await store.put({ commandId: 'new-2', accountId: 'acc-1', incidentId: INC, command: message('Made as customs'), madeAs: CUSTOMS, queuedAt: 2, order: 2, state: 'pending' });
    const h = principalHarness(() => PORT, store);
    await h.box.ready;
    await h.goOnline();
    expect(h.sent.map((e) => e.commandId)).toEqual(['old-1']);
    expect(h.box.entries.map((e) => [e.commandId, e.state])).toEqual([['new-2', 'failed']]);
  });

  it('an entry made as the same role and agency is sent as before (also after a sign-in again)', async () => {
    const h = principalHarness(() => ({ ...CUSTOMS }));
    await h.box.submit(INC, message('Container 7 cleared'));
    h.box.dispose();
    const again = principalHarness(() => ({ role: 'liaison', agency: 'customs' }), h.store);
    await again.goOnline();
    expect(again.sent.map((e) => [e.commandId, e.madeAs])).toEqual([['cmd-1', CUSTOMS]]);
    expect(again.box.entries).toEqual([]);
  });

  it('reads the person again before the first send on each new connection: a tab still holding the old role does not send', async () => {
    let cached: MadeAs = CUSTOMS;
    let server: MadeAs = CUSTOMS;
    let reads = 0;
    const h = principalHarness(
      () => cached,
      memoryOutboxStore(),
      async () => {
        reads++;
        cached = server;
      },
    );
    await h.goOnline();
    h.goOffline();
    await h.box.submit(INC, message('Container 7 cleared'));
    // Changed while this tab was offline; the person signed in again in another tab.
    server = PORT;
    await h.goOnline();
    expect(h.sent).toEqual([]);
    expect(h.box.entries.map((e) => [e.state, heldMadeAs(e)])).toEqual([['failed', CUSTOMS]]);
    expect(reads).toBe(1);
  });

  it('sends nothing while who the person is cannot be read', async () => {
    let readable = false;
    const h = principalHarness(
      () => CUSTOMS,
      memoryOutboxStore(),
      async () => {
        if (!readable) throw new Error('offline');
      },
    );
    await h.box.submit(INC, message('Container 7 cleared'));
    await h.goOnline();
    expect(h.sent).toEqual([]);
    expect(h.box.entries.map((e) => e.state)).toEqual(['pending']);
    readable = true;
    await h.box.drain();
    expect(h.sent.map((e) => e.commandId)).toEqual(['cmd-1']);
  });

  it('madeAsOther: only a different role or agency, and never an entry with no madeAs', () => {
    const e = (madeAs?: MadeAs): OutboxEntry => ({ commandId: 'a', accountId: 'a', incidentId: INC, command: message('x'), queuedAt: 1, order: 1, state: 'pending', ...(madeAs ? { madeAs } : {}) });
    expect(madeAsOther(e(CUSTOMS), { role: 'liaison', agency: 'customs' })).toBeNull();
    expect(madeAsOther(e(), PORT)).toBeNull();
    expect(madeAsOther(e(CUSTOMS), { role: 'responder', agency: 'customs' })?.code).toBe(ErrorCode.FORBIDDEN);
    expect(madeAsOther(e(CUSTOMS), PORT)?.details?.madeAs).toEqual(CUSTOMS);
    expect(madeAsOther(e({ role: 'admin', agency: null }), { role: 'commander', agency: null })?.message).toBe('Made as Admin · no agency; you are now Commander · no agency. Not sent.');
    // Read from IndexedDB (another version's, or damaged): no known shape counts as none, never a throw.
    for (const odd of [{ agency: 'customs' }, { role: 7, agency: 'customs' }, { role: 'captain', agency: null }, 'liaison'])
      expect(madeAsOther(e(odd as unknown as MadeAs), PORT)).toBeNull();
  });
});
