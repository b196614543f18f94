import { describe, expect, it, vi } from 'vitest';
import { domainError, ErrorCode } from '../domain/errors';
import type { IncidentCommandInput } from '../domain/incident/commands';
import type { Ack } from '../protocol/ack';
import type { CommandResult } from '../protocol/socket';
import { Outbox } from './outbox';
import { classifyAck, mayPassAgain, nextToSend, onBoard, rebaseAfter, waiting, type OutboxEntry } from './outbox-queue';
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

/** A fake server: answers each command from a script, records what it was sent. */
function harness(
  answer: (e: OutboxEntry, n: number) => Ack<CommandResult> = (_e, n) => ({ ok: true, seqs: [n + 10], duplicate: false }),
  store: OutboxStore = memoryOutboxStore(),
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

  it('IDEM2 only the tab holding the lock sends', async () => {
    const store = memoryOutboxStore();
    const sent: string[] = [];
    const box = new Outbox({ accountId: 'a', store, isOnline: () => true, send: async (e) => (sent.push(e.commandId), { ok: true, seqs: [1], duplicate: false }), withLock: async () => false });
    const res = await box.submit(INC, message('x'));
    expect(res.ok && res.queued).toBe(true);
    expect(sent).toEqual([]);
    expect(box.entries.length).toBe(1);
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
