import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../lib/domain/actor';
import type { Agency } from '../../lib/domain/agencies';
import type { IncidentEvent, UnsequencedEvent } from '../../lib/domain/incident/events';
import type { DisplayScope } from '../../lib/domain/actor';
import type { ReviewEntry, UnsequencedReviewEntry } from '../../lib/protocol/review';
import type { ControlMessage } from './control-message';
import { StoreUnavailableError, type AppendResult, type DisplayRecord, type SessionRecord, type Store, type StoredAccount, type StoredPlan } from './types';

export interface StoreFixture {
  store: Store;
  /** Closes the store and removes its data. */
  cleanup: () => Promise<void>;
  /** Another instance on the same data: how a second server process sees it. The suite closes it. */
  openSecond?: () => Promise<Store>;
  /** Events appended through the second instance reach the first one's subscribers (Redis). */
  sharedBus?: boolean;
}

/** The behaviour every Store must have (server/store/types.ts), run against each backend. */
export function storeContractSuite(name: string, makeStore: () => Promise<StoreFixture>): void {
  describe(`${name} store contract`, () => {
    let fx: StoreFixture;
    let store: Store;
    const seconds: Store[] = [];
    beforeEach(async () => {
      fx = await makeStore();
      store = fx.store;
    });
    afterEach(async () => {
      await Promise.all(seconds.splice(0).map((s) => s.close()));
      await fx.cleanup();
    });
    const second = async (): Promise<Store | null> => {
      if (!fx.openSecond) return null;
      const s = await fx.openSecond();
      seconds.push(s);
      return s;
    };

    it('SEQ1: seqs start at 1 with no gaps across several appends', async () => {
      const id = randomUUID();
      for (let seq = 0; seq < 5; seq++) {
        const events = await appended(store.events.append(id, seq, `c${seq}`, [message(id, `c${seq}`, 'x')]));
        expect(events.map((e) => e.seq)).toEqual([seq + 1]);
      }
      expect((await store.events.read(id, 1, 100)).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
      expect(await store.events.head(id)).toBe(5);
    });

    it('SEQ1: a multi-event append gets consecutive seqs and ts never decreases along seq', async () => {
      const id = randomUUID();
      await appended(store.events.append(id, 0, 'open', [opened(id, 'open')]));
      const batch = [1, 2, 3].map((n) => message(id, 'multi', `m${n}`));
      const events = await appended(store.events.append(id, 1, 'multi', batch));
      expect(events.map((e) => e.seq)).toEqual([2, 3, 4]);
      expect(events.map((e) => e.id)).toEqual(batch.map((e) => e.id));
      for (let seq = 4; seq < 30; seq++) await store.events.append(id, seq, `c${seq}`, [message(id, `c${seq}`, 'x')]);
      const all = await store.events.read(id, 1, 100);
      expect(all).toHaveLength(30);
      for (let i = 1; i < all.length; i++) expect(all[i].ts).toBeGreaterThanOrEqual(all[i - 1].ts);
      expect(Math.abs(all[29].ts - Date.now())).toBeLessThan(60_000);
    });

    it('CONC2/SEQ3: a batch of commands is one atomic append with consecutive seqs (group commit)', async () => {
      const id = randomUUID();
      await appended(store.events.append(id, 0, 'open', [opened(id, 'open')]));
      const seen: number[] = [];
      const off = store.events.subscribe((e) => e.incidentId === id && seen.push(e.seq));
      const batch = ['b1', 'b2', 'b3'].map((c) => ({ commandId: c, events: [message(id, c, c)] }));
      const r = await store.events.appendBatch(id, 1, batch);
      expect(r.status === 'appended' && r.events.map((e) => [e.seq, e.commandId])).toEqual([
        [2, 'b1'],
        [3, 'b2'],
        [4, 'b3'],
      ]);
      // Each command id is recorded: sent again alone it is a duplicate with its own seq.
      expect(await store.events.append(id, 4, 'b2', [message(id, 'b2', 'again')])).toEqual({ status: 'duplicate', seqs: [3] });
      // … and can be looked up (a hub asks about ids it no longer keeps, SPEC IDEM1).
      expect(await store.events.command(id, 'b3')).toEqual([4]);
      expect(await store.events.command(id, 'never-sent')).toBeNull();
      expect(await store.events.command(randomUUID(), 'b3')).toBeNull();
      // A stale batch writes nothing and hands back what was missed.
      const stale = await store.events.appendBatch(id, 2, [{ commandId: 'c1', events: [message(id, 'c1', 'x')] }, { commandId: 'c2', events: [message(id, 'c2', 'y')] }]);
      expect(stale.status === 'stale' && stale.missed.map((e) => e.seq)).toEqual([3, 4]);
      // A batch holding an already-applied command id is stale, never a partial write.
      const mixed = await store.events.appendBatch(id, 4, [{ commandId: 'b1', events: [message(id, 'b1', 'x')] }, { commandId: 'c3', events: [message(id, 'c3', 'y')] }]);
      expect(mixed.status).toBe('stale');
      expect(await store.events.head(id)).toBe(4);
      // (Redis may still deliver the opening event to the new subscriber first.)
      await until(() => seen.filter((q) => q >= 2).length >= 3);
      expect(seen.filter((q) => q >= 2)).toEqual([2, 3, 4]);
      off();
    });

    it('AUTH8: a command sent in a session is written only while that session lives; an ended one refuses the whole batch, naming its commands', async () => {
      const id = randomUUID();
      const now = Date.now();
      const [live, ended, expired] = [session('a', now), session('a', now), session('b', now - 120_000, now - 1)];
      for (const s of [live, ended, expired]) await store.accounts.createSession(s);
      await store.accounts.deleteSession(ended.tokenHash);
      await appended(store.events.appendBatch(id, 0, [{ commandId: 'open', events: [opened(id, 'open')], session: live.tokenHash }]));
      const cmd = (c: string, s?: SessionRecord) => ({ commandId: c, events: [message(id, c, c)], ...(s ? { session: s.tokenHash } : {}) });
      // Commands sharing a session (as a group commit's mostly do) are each named.
      const refused = await store.events.appendBatch(id, 1, [cmd('m1', live), cmd('m2', ended), cmd('m3'), cmd('m4', expired), cmd('m5', ended), cmd('m6', live)]);
      expect(refused).toEqual({ status: 'unauthenticated', commandIds: ['m2', 'm4', 'm5'] });
      expect(await store.events.head(id)).toBe(1);
      expect(await store.events.command(id, 'm1')).toBeNull();
      // Checked before the command ids: a retry from an ended session learns nothing either.
      expect(await store.events.appendBatch(id, 1, [{ ...cmd('open', ended), events: [message(id, 'open', 'x')] }])).toEqual({ status: 'unauthenticated', commandIds: ['open'] });
      // Without them, the rest goes in.
      const ok = await appended(store.events.appendBatch(id, 1, [cmd('m1', live), cmd('m3'), cmd('m6', live)]));
      expect(ok.map((e) => e.seq)).toEqual([2, 3, 4]);
      await expect(store.events.appendBatch(id, 4, [{ ...cmd('m7'), session: '' }])).rejects.toThrow(TypeError);
    });

    it('SEQ1: a backdated append (the demo seed) keeps its ts, never below the last one nor in the future', async () => {
      const id = randomUUID();
      const hourAgo = Date.now() - 3_600_000;
      const first = await appended(store.events.appendBatch(id, 0, [{ commandId: 'open', events: [opened(id, 'open')] }], { ts: hourAgo }));
      expect(first[0].ts).toBe(hourAgo);
      const earlier = await appended(store.events.appendBatch(id, 1, [{ commandId: 'b', events: [message(id, 'b', 'x')] }], { ts: hourAgo - 5_000 }));
      expect(earlier[0].ts).toBe(hourAgo);
      const future = await appended(store.events.appendBatch(id, 2, [{ commandId: 'c', events: [message(id, 'c', 'y')] }], { ts: Date.now() + 3_600_000 }));
      expect(future[0].ts).toBeLessThanOrEqual(Date.now());
      expect(future[0].ts).toBeGreaterThan(hourAgo);
      expect((await store.events.read(id, 1, 10)).map((e) => e.ts)).toEqual([hourAgo, hourAgo, future[0].ts]);
      expect(await store.events.listIncidentIds()).toContain(id);
      await expect(store.events.appendBatch(id, 3, [{ commandId: 'd', events: [message(id, 'd', 'z')] }], { ts: 1.5 })).rejects.toThrow(TypeError);
    });

    it('CONC2: a stale expectedSeq is rejected with the head and writes nothing', async () => {
      const id = randomUUID();
      expect(await store.events.append(id, 2, 'early', [opened(id, 'early')])).toEqual({ status: 'stale', headSeq: 0, missed: [] });
      await appended(store.events.append(id, 0, 'open', [opened(id, 'open')]));
      const again = await store.events.append(id, 0, 'again', [opened(id, 'again')]);
      expect(again.status === 'stale' && again.missed.map((e) => [e.seq, e.commandId])).toEqual([[1, 'open']]);
      expect(again.status === 'stale' && again.headSeq).toBe(1);
      expect(await store.events.append(id, 5, 'ahead', [message(id, 'ahead', 'x')])).toEqual({ status: 'stale', headSeq: 1, missed: [] });
      expect(await store.events.head(id)).toBe(1);
      expect((await store.events.read(id, 1, 10)).map((e) => e.commandId)).toEqual(['open']);
      // The refused command ids were not recorded: they can still be appended.
      await appended(store.events.append(id, 1, 'ahead', [message(id, 'ahead', 'x')]));
    });

    it('IDEM1: a repeated command id appends nothing and returns the original seqs', async () => {
      const id = randomUUID();
      await appended(store.events.append(id, 0, 'open', [opened(id, 'open')]));
      const batch = [message(id, 'twice', 'a'), message(id, 'twice', 'b')];
      await appended(store.events.append(id, 1, 'twice', batch));
      const retry = [message(id, 'twice', 'a'), message(id, 'twice', 'b')];
      expect(await store.events.append(id, 3, 'twice', retry)).toEqual({ status: 'duplicate', seqs: [2, 3] });
      // Also when the retry was decided against an older state (a different expectedSeq).
      expect(await store.events.append(id, 1, 'twice', retry)).toEqual({ status: 'duplicate', seqs: [2, 3] });
      expect(await store.events.head(id)).toBe(3);
      // Command ids are scoped to their incident.
      const other = randomUUID();
      await appended(store.events.append(other, 0, 'open', [opened(other, 'open')]));
    });

    it('SYNC1: read pages by fromSeq and limit; past the head is empty', async () => {
      const id = randomUUID();
      for (let seq = 0; seq < 10; seq++) await appended(store.events.append(id, seq, `c${seq}`, [message(id, `c${seq}`, `${seq}`)]));
      const seqs = async (from: number, limit: number) => (await store.events.read(id, from, limit)).map((e) => e.seq);
      expect(await seqs(1, 4)).toEqual([1, 2, 3, 4]);
      expect(await seqs(5, 4)).toEqual([5, 6, 7, 8]);
      expect(await seqs(9, 4)).toEqual([9, 10]);
      expect(await seqs(11, 4)).toEqual([]);
      expect(await seqs(0, 2)).toEqual([1, 2]);
      expect(await seqs(3, 0)).toEqual([]);
      expect(await store.events.read(randomUUID(), 1, 10)).toEqual([]);
      expect(await store.events.head(randomUUID())).toBe(0);
      // readJson: the same events as read, as their stored JSON text.
      for (const [from, limit] of [[1, 4], [9, 4], [11, 4], [0, 2], [3, 0]]) {
        const json = await store.events.readJson(id, from, limit);
        expect(json.every((t) => typeof t === 'string')).toBe(true);
        expect(json.map((t) => JSON.parse(t) as unknown)).toEqual(await store.events.read(id, from, limit));
      }
      expect(await store.events.readJson(randomUUID(), 1, 10)).toEqual([]);
    });

    it('OPS5: an incident-list row is kept beside the log with its seq; the last write wins', async () => {
      const id = randomUUID();
      expect(await store.events.getSummary(id)).toBeNull();
      await store.events.putSummary(id, 3, '{"title":"集装箱码头危险品泄漏"}');
      expect(await store.events.getSummary(id)).toEqual({ seq: 3, json: '{"title":"集装箱码头危险品泄漏"}' });
      await store.events.putSummary(id, 7, '{"title":"later"}');
      expect(await store.events.getSummary(id)).toEqual({ seq: 7, json: '{"title":"later"}' });
      expect(await store.events.getSummary(randomUUID())).toBeNull();
    });

    it('REV6: replay checkpoints are kept beside the log: metas all at once in seq order, a state by its seq', async () => {
      const id = randomUUID();
      expect(await store.events.checkpointMetas(id)).toEqual([]);
      expect(await store.events.checkpointState(id, 1000)).toBeNull();
      await store.events.putCheckpoints(id, [
        { seq: 2000, meta: '{"m":2}', state: '{"title":"油轮靠泊区火情"}' },
        { seq: 1000, meta: '{"m":1}', state: '{"s":1}' },
      ]);
      await store.events.putCheckpoints(id, []);
      await store.events.putCheckpoints(id, [{ seq: 10000, meta: '{"m":10}', state: '{"s":10}' }, { seq: 1000, meta: '{"m":"1b"}', state: '{"s":"1b"}' }]);
      expect(await store.events.checkpointMetas(id)).toEqual([
        { seq: 1000, meta: '{"m":"1b"}' },
        { seq: 2000, meta: '{"m":2}' },
        { seq: 10000, meta: '{"m":10}' },
      ]);
      expect(await store.events.checkpointState(id, 2000)).toBe('{"title":"油轮靠泊区火情"}');
      expect(await store.events.checkpointState(id, 1000)).toBe('{"s":"1b"}');
      expect(await store.events.checkpointState(id, 3000)).toBeNull();
      expect(await store.events.checkpointMetas(randomUUID())).toEqual([]);
    });

    it('listIncidentIds returns each incident once, oldest first', async () => {
      const ids = Array.from({ length: 6 }, () => randomUUID());
      for (const id of ids) await appended(store.events.append(id, 0, 'open', [opened(id, 'open')]));
      await appended(store.events.append(ids[0], 1, 'more', [message(ids[0], 'more', 'x')]));
      expect(await store.events.listIncidentIds()).toEqual(ids);
    });

    it('SEQ3: subscribers receive appended events in seq order, until they unsubscribe', async () => {
      const id = randomUUID();
      const seen = collect(store);
      const expected: IncidentEvent[] = [];
      for (let seq = 0; seq < 5; seq += 2) {
        const cmd = `c${seq}`;
        expected.push(...(await appended(store.events.append(id, seq, cmd, [message(id, cmd, 'a'), message(id, cmd, 'b')]))));
      }
      await seen.waitFor(6);
      expect(seen.events).toEqual(expected);
      seen.stop();
      await appended(store.events.append(id, 6, 'late', [message(id, 'late', 'x')]));
      await pause(100);
      expect(seen.events).toHaveLength(6);
    });

    it('BUS1: events appended through a second instance reach the first instance’s subscribers', async ({ skip }) => {
      if (!fx.sharedBus) skip('this backend has no shared bus');
      const other = (await second())!;
      const id = randomUUID();
      const seen = collect(store);
      await appended(other.events.append(id, 0, 'open', [opened(id, 'open')]));
      await appended(other.events.append(id, 1, 'msg', [message(id, 'msg', 'hi')]));
      await seen.waitFor(2);
      expect(seen.events.map((e) => e.seq)).toEqual([1, 2]);
    });

    it('CONC2/SEQ3: 200 concurrent appends racing from two instances give one success per seq, no gap', async () => {
      const other = (await second()) ?? store;
      const id = randomUUID();
      const total = 200;
      const seenA = collect(store);
      const seenB = other === store ? null : collect(other);
      const successes = await Promise.all(
        Array.from({ length: total }, async (_, i) => {
          const s = i % 2 === 0 ? store : other;
          const cmd = `race-${i}`;
          // Like a server process: decide at a seq, and on stale catch up to the head and retry.
          for (let expectedSeq = 0; ; ) {
            const r = await s.events.append(id, expectedSeq, cmd, [message(id, cmd, `#${i}`)]);
            if (r.status === 'appended') return { cmd, seq: r.events[0].seq };
            if (r.status !== 'stale') throw new Error(`unexpected ${r.status}`);
            expectedSeq = r.headSeq;
          }
        }),
      );
      const range = Array.from({ length: total }, (_, i) => i + 1);
      expect(successes.map((s) => s.seq).sort((a, b) => a - b)).toEqual(range);
      const log = await store.events.read(id, 1, 1000);
      expect(log.map((e) => e.seq)).toEqual(range);
      expect(new Set(log.map((e) => e.commandId)).size).toBe(total);
      for (const s of successes) expect(log[s.seq - 1].commandId).toBe(s.cmd);
      if (seenB === null || fx.sharedBus) {
        await seenA.waitFor(total);
        expect(seenA.events.map((e) => e.seq)).toEqual(range);
      }
      if (seenB && fx.sharedBus) {
        await seenB.waitFor(total);
        expect(seenB.events.map((e) => e.seq)).toEqual(range);
      }
      // Without a shared bus each instance still sees its own appends in seq order.
      for (const seen of [seenA, seenB]) {
        const seqs = seen?.events.map((e) => e.seq) ?? [];
        expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      }
    });

    it('SEQ2: events round-trip exactly: empty arrays and objects, unicode, quotes, backslashes', async () => {
      const id = randomUUID();
      const seen = collect(store);
      const tricky = 'He said "hi" \\ back\\slash \\u2028 \u2028 \u2029 中文 🚒🧯 \n\t </script> {"seq":99,"ts":1,} \u0000';
      const first = opened(id, 'open', { title: tricky, description: '', agencies: [] });
      const update: UnsequencedEvent = { ...base(id, 'upd'), type: 'IncidentUpdated', payload: {} };
      const msg = { ...message(id, 'upd', tricky), actor: { ...actor, agency: null, name: '李四 "Li" \\' } };
      const events = [
        ...(await appended(store.events.append(id, 0, 'open', [first]))),
        ...(await appended(store.events.append(id, 1, 'upd', [update, msg]))),
      ];
      const expected = [first, update, msg].map((e, i) => ({ ...e, seq: i + 1, ts: events[i].ts }));
      expect(events).toEqual(expected);
      expect(await store.events.read(id, 1, 10)).toEqual(expected);
      await seen.waitFor(3);
      expect(seen.events).toEqual(expected);
      // The next append still finds the last ts behind the tricky text.
      const [next] = await appended(store.events.append(id, 3, 'next', [message(id, 'next', 'x')]));
      expect(next.ts).toBeGreaterThanOrEqual(events[2].ts);
    });

    it('append refuses malformed batches', async () => {
      const id = randomUUID();
      await expect(store.events.append(id, 0, 'c', [])).rejects.toThrow(TypeError);
      await expect(store.events.append(id, 0, 'c', [opened(randomUUID(), 'c')])).rejects.toThrow(TypeError);
      await expect(store.events.append(id, -1, 'c', [opened(id, 'c')])).rejects.toThrow(TypeError);
      expect(await store.events.head(id)).toBe(0);
    });

    it('accounts: create, refuse a taken username in any case, get, list, update', async () => {
      const ann = account({ username: 'Ann' });
      expect(await store.accounts.createAccount(ann)).toBe(true);
      expect(await store.accounts.createAccount(account({ username: 'ANN' }))).toBe(false);
      const stored = { ...ann, username: 'ann' };
      expect(await store.accounts.getAccount(ann.id)).toEqual(stored);
      expect(await store.accounts.getAccountByUsername('aNN')).toEqual(stored);
      expect(await store.accounts.getAccount(randomUUID())).toBeNull();
      expect(await store.accounts.getAccountByUsername('nobody')).toBeNull();
      const bob = account({ username: 'bob', createdAt: ann.createdAt + 1, agency: null });
      expect(await store.accounts.createAccount(bob)).toBe(true);
      expect(await store.accounts.listAccounts()).toEqual([stored, bob]);
      const changed = { ...stored, displayName: '安 “Ann”', disabled: true, updatedAt: ann.updatedAt + 5 };
      expect(await store.accounts.updateAccount(changed)).toBe(true);
      expect(await store.accounts.getAccountByUsername('ann')).toEqual(changed);
      expect(await store.accounts.updateAccount(account({ username: 'ghost' }))).toBe(false);
      // SPEC AUTH8: made from the record as read, written only while it is still that record.
      const read = (await store.accounts.getAccount(ann.id))!;
      const disabled = { ...read, disabled: true, displayName: 'Ann (admin)', updatedAt: read.updatedAt + 1 };
      expect(await store.accounts.updateAccount(disabled, read)).toBe(true);
      const stale = { ...read, passwordHash: 'new-hash', updatedAt: read.updatedAt + 2 };
      expect(await store.accounts.updateAccount(stale, read)).toBe(false);
      expect(await store.accounts.getAccount(ann.id)).toEqual(disabled);
      expect(await store.accounts.updateAccount({ ...disabled, passwordHash: 'new-hash' }, (await store.accounts.getAccount(ann.id))!)).toBe(true);
      expect(await store.accounts.getAccount(ann.id)).toMatchObject({ disabled: true, passwordHash: 'new-hash' });
    });

    it('accounts: createFirstAccount creates only when there is no account at all, race-free', async () => {
      const other = (await second()) ?? store;
      const attempts = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          (i % 2 ? other : store).accounts.createFirstAccount(account({ username: `admin${i}` })),
        ),
      );
      expect(attempts.filter(Boolean)).toHaveLength(1);
      expect(await store.accounts.listAccounts()).toHaveLength(1);
      expect(await store.accounts.createFirstAccount(account({ username: 'late' }))).toBe(false);
    });

    it('sessions: create, get, touch, delete, deleteSessionsOf; expired ones are gone', async () => {
      const now = Date.now();
      const [a1, a2, a3, b1] = [session('a', now), session('a', now + 1), session('a', now + 2), session('b', now)];
      for (const x of [a1, a2, a3, b1]) await store.accounts.createSession(x);
      expect(await store.accounts.getSession(a1.tokenHash)).toEqual(a1);
      await store.accounts.touchSession(a1.tokenHash, now + 500);
      expect(await store.accounts.getSession(a1.tokenHash)).toEqual({ ...a1, lastSeenAt: now + 500 });
      await store.accounts.touchSession('missing', now);
      expect(await store.accounts.getSession('missing')).toBeNull();
      await store.accounts.deleteSession(a2.tokenHash);
      expect(await store.accounts.getSession(a2.tokenHash)).toBeNull();
      expect(await store.accounts.getSessionById(a2.id)).toBeNull();
      expect(await store.accounts.deleteSessionsOf('a')).toBe(2);
      expect(await store.accounts.getSession(a1.tokenHash)).toBeNull();
      expect(await store.accounts.getSession(b1.tokenHash)).toEqual(b1);
      expect(await store.accounts.deleteSessionsOf('nobody')).toBe(0);
      const expiring = session('c', Date.now(), Date.now() + 150);
      await store.accounts.createSession(expiring);
      await pause(300);
      expect(await store.accounts.getSession(expiring.tokenHash)).toBeNull();
      expect(await store.accounts.getSessionById(expiring.id)).toBeNull();
      expect(await store.accounts.listSessionsOf('c')).toEqual([]);
    });

    it('AUTH8: sessions have a non-secret id: list per account, get and delete by id, delete all but one', async () => {
      const now = Date.now();
      const [s1, s2, s3] = [session('acc', now), session('acc', now + 1, now + 60_000, '10.0.0.7', 'Mozilla/5.0 “测试”'), session('acc', now + 2)];
      const other = session('other', now);
      for (const x of [s3, s1, s2, other]) await store.accounts.createSession(x);
      expect(await store.accounts.listSessionsOf('acc')).toEqual([s1, s2, s3]);
      expect(await store.accounts.getSessionById(s2.id)).toEqual(s2);
      expect(await store.accounts.deleteSessionById(s2.id)).toEqual(s2);
      expect(await store.accounts.deleteSessionById(s2.id)).toBeNull();
      expect(await store.accounts.getSession(s2.tokenHash)).toBeNull();
      expect(await store.accounts.deleteSessionsOf('acc', s3.id)).toBe(1);
      expect(await store.accounts.listSessionsOf('acc')).toEqual([s3]);
      expect(await store.accounts.getSession(s1.tokenHash)).toBeNull();
      expect(await store.accounts.listSessionsOf('other')).toEqual([other]);
    });

    it('AUTH7: displays: create, find by token hash, list newest first, touch, revoke once', async () => {
      const first = display('Wall 1', { kind: 'active' }, 1000);
      const second = display('大屏 2', { kind: 'incident', incidentId: randomUUID() }, 2000);
      await store.displays.createDisplay(first);
      await store.displays.createDisplay(second);
      expect(await store.displays.getDisplay(first.id)).toEqual(first);
      expect(await store.displays.getDisplayByTokenHash(second.tokenHash)).toEqual(second);
      expect(await store.displays.getDisplayByTokenHash('nope')).toBeNull();
      expect(await store.displays.listDisplays()).toEqual([second, first]);
      await store.displays.touchDisplay(first.id, 5000);
      await store.displays.touchDisplay('ghost', 5000);
      expect(await store.displays.getDisplay('ghost')).toBeNull();
      expect(await store.displays.revokeDisplay(first.id, 6000)).toEqual({ ...first, lastSeenAt: 5000, revokedAt: 6000 });
      expect(await store.displays.revokeDisplay(first.id, 7000)).toEqual({ ...first, lastSeenAt: 5000, revokedAt: 6000 });
      expect(await store.displays.revokeDisplay('ghost', 7000)).toBeNull();
      expect((await store.displays.getDisplayByTokenHash(first.tokenHash))?.revokedAt).toBe(6000);
    });

    it('AUTH12: audit: append-only, pages newest first by cursor', async () => {
      const written = [];
      for (let i = 0; i < 7; i++)
        written.push(
          await store.audit.append({
            at: 1000 + i, action: i % 2 ? 'sign-in' : 'sign-in.failed', actor: { accountId: null, username: `u${i} “引号”` },
            target: null, address: '127.0.0.1', userAgent: null, details: { n: i, nested: { list: [] } },
          }),
        );
      const ids = written.map((e) => e.id);
      expect(new Set(ids).size).toBe(7);
      const p1 = await store.audit.page(null, 3);
      expect(p1.entries).toEqual(written.slice(4).reverse());
      const p2 = await store.audit.page(p1.next, 3);
      expect(p2.entries.map((e) => e.id)).toEqual(ids.slice(1, 4).reverse());
      const p3 = await store.audit.page(p2.next, 3);
      expect(p3.entries.map((e) => e.id)).toEqual([ids[0]]);
      expect(p3.next).toBeNull();
    });

    it('AUTH9: throttle: reserve counts an attempt before its check, locks from the free-th on and refuses while locked; release takes one back; reset and forgetting clear', async () => {
      const t = store.throttle;
      const now = Date.now();
      const rule = { free: 3, baseDelayMs: 1000, maxDelayMs: 3000, forgetMs: 60_000 };
      expect(await t.get('k')).toBeNull();
      expect(await t.reserve('k', now, rule)).toEqual({ granted: true, failures: 1, lockedUntil: 0, previousLockedUntil: 0 });
      expect(await t.reserve('k', now, rule)).toEqual({ granted: true, failures: 2, lockedUntil: 0, previousLockedUntil: 0 });
      expect(await t.reserve('k', now, rule)).toEqual({ granted: true, failures: 3, lockedUntil: now + 1000, previousLockedUntil: 0 });
      // Locked: refused, and nothing counted.
      expect(await t.reserve('k', now + 999, rule)).toEqual({ granted: false, lockedUntil: now + 1000 });
      expect(await t.get('k')).toEqual({ failures: 3, lockedUntil: now + 1000 });
      // Each later failure locks twice as long, up to the cap.
      expect(await t.reserve('k', now + 1000, rule)).toEqual({ granted: true, failures: 4, lockedUntil: now + 3000, previousLockedUntil: now + 1000 });
      const fifth = await t.reserve('k', now + 3000, rule);
      expect(fifth).toEqual({ granted: true, failures: 5, lockedUntil: now + 6000, previousLockedUntil: now + 3000 });
      // That attempt succeeded: one failure less, and its lock lifted.
      await t.release('k', fifth as { lockedUntil: number; previousLockedUntil: number }, now + 3000);
      expect(await t.get('k')).toEqual({ failures: 4, lockedUntil: now + 3000 });
      // A lock a later attempt started stays when an earlier one is taken back.
      const sixth = await t.reserve('k', now + 3000, rule);
      const seventh = await t.reserve('k', now + 6000, rule);
      expect(seventh).toMatchObject({ granted: true, failures: 6, lockedUntil: now + 9000 });
      await t.release('k', sixth as { lockedUntil: number; previousLockedUntil: number }, now + 6000);
      expect(await t.get('k')).toEqual({ failures: 5, lockedUntil: now + 9000 });
      await t.reset('k');
      expect(await t.get('k')).toBeNull();
      // Taken back to nothing: gone.
      const one = await t.reserve('one', now, rule);
      await t.release('one', one as { lockedUntil: number; previousLockedUntil: number }, now);
      expect(await t.get('one')).toBeNull();
      // Attempts at the same time: only `free` get through, the rest are refused.
      const burst = await Promise.all(Array.from({ length: 12 }, () => t.reserve('burst', now, rule)));
      expect(burst.filter((r) => r.granted)).toHaveLength(3);
      expect(await t.get('burst')).toEqual({ failures: 3, lockedUntil: now + 1000 });
      const short = { ...rule, forgetMs: 150 };
      expect(await t.reserve('short', Date.now(), short)).toMatchObject({ granted: true, failures: 1 });
      await pause(300);
      expect(await t.get('short')).toBeNull();
      expect(await t.reserve('short', Date.now(), short)).toMatchObject({ granted: true, failures: 1 });
    });

    it('AUTH8: control bus: subscribers get published messages (parsed), until they unsubscribe', async () => {
      const got: ControlMessage[] = [];
      const stop = store.control.subscribe((m) => got.push(m));
      const sent: ControlMessage[] = [
        { type: 'session-ended', sessionId: 's1', reason: 'revoked' },
        { type: 'account-sessions-ended', accountId: 'a1', exceptSessionId: null, reason: 'account-disabled' },
        { type: 'display-revoked', displayId: 'd1' },
      ];
      for (const m of sent) await store.control.publish(m);
      await until(() => got.length === 3);
      expect(got).toEqual(sent);
      stop();
      await store.control.publish({ type: 'agencies-changed' });
      await pause(100);
      expect(got).toHaveLength(3);
    });

    it('AUTH8: control bus: a message published through a second instance reaches the first', async ({ skip }) => {
      if (!fx.sharedBus) skip('this backend has no shared bus');
      const other = (await second())!;
      const got: ControlMessage[] = [];
      store.control.subscribe((m) => got.push(m));
      await other.control.publish({ type: 'display-revoked', displayId: 'd2' });
      await until(() => got.length === 1);
      expect(got).toEqual([{ type: 'display-revoked', displayId: 'd2' }]);
    });

    it('agencies: seed only when empty, keep order, refuse a duplicate code, update', async () => {
      const [fire, police, medical] = [agency('fire'), agency('police'), agency('medical')];
      await store.accounts.seedAgencies([fire, police]);
      await store.accounts.seedAgencies([medical]);
      expect(await store.accounts.listAgencies()).toEqual([fire, police]);
      expect(await store.accounts.createAgency({ ...fire, nameEn: 'Other' })).toBe(false);
      expect(await store.accounts.createAgency(medical)).toBe(true);
      const renamed = { ...police, nameZh: '公安 “POL”', color: '#000000' };
      expect(await store.accounts.updateAgency(renamed)).toBe(true);
      expect(await store.accounts.updateAgency(agency('nobody'))).toBe(false);
      expect(await store.accounts.listAgencies()).toEqual([fire, renamed, medical]);
    });

    it('PLAN2: plans: none at first; the first save is from version 0, and reads back exactly', async () => {
      expect(await store.plans.listPlans()).toEqual([]);
      const p1 = plan('hazmat', 1, ['a', 'b']);
      expect(await store.plans.savePlan(p1)).toBe(true);
      expect(await store.plans.listPlans()).toEqual([p1]);
      // Empty arrays, nulls, quotes and Chinese come back as they went in.
      const p2 = { ...plan('hazmat', 2, []), name: { zh: '危险品 “泄漏” \\ 预案', en: 'Leak "plan" [] {}' } };
      expect(await store.plans.savePlan(p2)).toBe(true);
      expect(await store.plans.listPlans()).toEqual([p2]);
      expect((await store.plans.listPlans())[0].actions).toEqual([]);
    });

    it('PLAN2: a save from a stale version, or from one not stored, is refused and changes nothing', async () => {
      const p1 = plan('fire', 1, ['a']);
      expect(await store.plans.savePlan(p1)).toBe(true);
      const p2 = plan('fire', 2, ['a', 'b']);
      expect(await store.plans.savePlan(p2)).toBe(true);
      // Another admin began from version 1 (or from the built-in plan): refused.
      expect(await store.plans.savePlan(plan('fire', 2, ['x']))).toBe(false);
      expect(await store.plans.savePlan(plan('fire', 1, ['x']))).toBe(false);
      // From a version not yet stored (here, or for a scenario with none); or numbered no version at all.
      expect(await store.plans.savePlan(plan('fire', 4, ['x']))).toBe(false);
      expect(await store.plans.savePlan(plan('epidemic', 2, ['x']))).toBe(false);
      expect(await store.plans.savePlan(plan('fire', 0, ['x']))).toBe(false);
      expect(await store.plans.savePlan(plan('fire', 2.5, ['x']))).toBe(false);
      expect(await store.plans.listPlans()).toEqual([p2]);
    });

    it('PLAN2: two saves from the same version at the same time (two instances): exactly one is written', async () => {
      const other = (await second()) ?? store;
      expect(await store.plans.savePlan(plan('epidemic', 1, ['a']))).toBe(true);
      for (let round = 1; round <= 5; round++) {
        const mine = plan('epidemic', round + 1, [`mine-${round}`]);
        const theirs = plan('epidemic', round + 1, [`theirs-${round}`]);
        const results = await Promise.all([store.plans.savePlan(mine), other.plans.savePlan(theirs)]);
        expect(results.filter(Boolean), `round ${round}`).toHaveLength(1);
        const stored = await other.plans.listPlans();
        expect(stored).toEqual([results[0] ? mine : theirs]);
      }
      // Many at once from one version, through both instances: one.
      const many = Array.from({ length: 10 }, (_, i) => plan('epidemic', 7, [`n-${i}`]));
      const results = await Promise.all(many.map((p, i) => (i % 2 ? other : store).plans.savePlan(p)));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await store.plans.listPlans()).toEqual([many[results.indexOf(true)]]);
    });

    it('PLAN2: the plans of different scenarios are independent, listed by scenario', async () => {
      const fire = plan('fire', 1, ['f']);
      const hazmat = plan('hazmat', 1, ['h']);
      expect(await store.plans.savePlan(hazmat)).toBe(true);
      expect(await store.plans.savePlan(fire)).toBe(true);
      const hazmat2 = plan('hazmat', 2, ['h', 'i']);
      expect(await store.plans.savePlan(hazmat2)).toBe(true);
      // A stale save of one scenario leaves the others alone.
      expect(await store.plans.savePlan(plan('fire', 1, []))).toBe(false);
      expect(await store.plans.listPlans()).toEqual([fire, hazmat2]);
      const other = await second();
      if (other) expect(await other.plans.listPlans()).toEqual([fire, hazmat2]);
    });

    it('REV3: review entries get their own seq 1, 2, … and store times; the incident log is untouched', async () => {
      const id = randomUUID();
      await appended(store.events.append(id, 0, 'open', [opened(id, 'open')]));
      await appended(store.events.append(id, 1, 'm1', [message(id, 'm1', 'hello')]));
      const logBefore = await store.events.read(id, 1, 100);
      const t0 = Date.now();
      const a = await store.review.append(id, finding(id, 2, '堆场 C3 的警戒线很快拉起 "quick" \\ [] {}'), { maxEntries: 100 });
      const b = await store.review.append(id, improvement(id, 'fire'), { maxEntries: 100 });
      expect(a.status).toBe('appended');
      expect(b.status).toBe('appended');
      if (a.status !== 'appended' || b.status !== 'appended') return;
      expect([a.entry.seq, b.entry.seq]).toEqual([1, 2]);
      expect(a.entry.ts).toBeGreaterThanOrEqual(t0 - 1_000);
      expect(b.entry.ts).toBeGreaterThanOrEqual(a.entry.ts);
      expect(await store.review.head(id)).toBe(2);
      const read = await store.review.read(id, 1, 10);
      expect(read).toEqual([a.entry, b.entry]);
      expect(read[0].type === 'FindingAdded' && read[0].finding.text).toBe('堆场 C3 的警戒线很快拉起 "quick" \\ [] {}');
      expect(await store.review.read(id, 2, 10)).toEqual([b.entry]);
      expect(await store.review.read(id, 3, 10)).toEqual([]);
      // The incident's own log: same head, same events; other incidents' review logs are empty.
      expect(await store.events.head(id)).toBe(2);
      expect(await store.events.read(id, 1, 100)).toEqual(logBefore);
      expect(await store.review.head(randomUUID())).toBe(0);
      expect(await store.events.listIncidentIds()).toEqual([id]);
    });

    it('REV3: a repeated entry id is not appended twice; a stale expectedSeq or a full log writes nothing', async () => {
      const id = randomUUID();
      const first = finding(id, 1, 'first');
      const a = await store.review.append(id, first, { maxEntries: 3 });
      expect(a.status).toBe('appended');
      const again = await store.review.append(id, { ...first, actor: { ...actor, name: 'someone else' } }, { maxEntries: 3 });
      expect(again).toEqual({ status: 'duplicate', entry: a.status === 'appended' ? a.entry : null });
      expect(await store.review.head(id)).toBe(1);
      expect(await store.review.append(id, improvement(id, 'port'), { expectedSeq: 0, maxEntries: 3 })).toEqual({ status: 'stale', headSeq: 1 });
      expect(await store.review.head(id)).toBe(1);
      const ok = await store.review.append(id, improvement(id, 'port'), { expectedSeq: 1, maxEntries: 3 });
      expect(ok.status === 'appended' && ok.entry.seq).toBe(2);
      await store.review.append(id, improvement(id, 'port'), { maxEntries: 3 });
      expect(await store.review.append(id, improvement(id, 'port'), { maxEntries: 3 })).toEqual({ status: 'full', headSeq: 3 });
      expect(await store.review.head(id)).toBe(3);
      // A duplicate is still recognised when the log is full.
      expect((await store.review.append(id, first, { maxEntries: 3 })).status).toBe('duplicate');
    });

    it('REV3: 40 concurrent review appends from two instances get one seq each, no gap, none twice', async () => {
      const id = randomUUID();
      const other = (await second()) ?? store;
      const entries = Array.from({ length: 20 }, (_, i) => finding(id, 1, `f${i}`));
      // Each entry sent twice, once through each instance: written once.
      const results = await Promise.all(
        entries.flatMap((e) => [store.review.append(id, e, { maxEntries: 1000 }), other.review.append(id, e, { maxEntries: 1000 })]),
      );
      expect(results.filter((r) => r.status === 'appended')).toHaveLength(20);
      expect(results.filter((r) => r.status === 'duplicate')).toHaveLength(20);
      const all = await store.review.read(id, 1, 100);
      expect(all.map((e) => e.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(new Set(all.map((e) => e.id)).size).toBe(20);
      for (let i = 1; i < all.length; i++) expect(all[i].ts).toBeGreaterThanOrEqual(all[i - 1].ts);
      expect(await store.events.head(id)).toBe(0);
    });

    /** A log as another installation stored it: old ts, two events of one command, ids of its own. */
    function foreignLog(id: string): IncidentEvent[] {
      const t0 = Date.UTC(2025, 2, 7, 6, 0, 0);
      const evs: UnsequencedEvent[] = [opened(id, 'x-open'), message(id, 'x-two', 'a'), message(id, 'x-two', 'b'), message(id, 'x-last', '最后 "one"')];
      return evs.map((e, i) => ({ seq: i + 1, ts: t0 + [0, 1000, 1000, 65_000][i], ...e }) as IncidentEvent);
    }

    it('REV5: importLog writes a log verbatim (ids, seq, ts, command ids), lists the incident and publishes its last event', async () => {
      const id = randomUUID();
      const log = foreignLog(id);
      const seen = collect(store);
      expect(await store.events.importLog(id, log, [])).toEqual({ status: 'imported', headSeq: 4, reviewHeadSeq: 0 });
      expect(await store.events.read(id, 1, 100)).toEqual(log);
      expect(await store.events.head(id)).toBe(4);
      expect(await store.events.listIncidentIds()).toContain(id);
      await seen.waitFor(1);
      expect(seen.events.at(-1)).toEqual(log[3]);
      seen.stop();
      // The command ids came along: a command replayed later is a duplicate with its original seqs (IDEM1).
      expect(await store.events.append(id, 4, 'x-two', [message(id, 'x-two', 'again')])).toEqual({ status: 'duplicate', seqs: [2, 3] });
      // New appends go on after it, ts never below the imported last ts (SEQ1).
      const [next] = await appended(store.events.append(id, 4, 'new', [message(id, 'new', 'after')]));
      expect(next.seq).toBe(5);
      expect(next.ts).toBeGreaterThanOrEqual(log[3].ts);
    });

    it('REV5: importLog over an existing incident answers exists and writes nothing', async () => {
      const id = randomUUID();
      await appended(store.events.append(id, 0, 'here', [opened(id, 'here')]));
      const before = await store.events.read(id, 1, 100);
      expect(await store.events.importLog(id, foreignLog(id), [])).toEqual({ status: 'exists', headSeq: 1 });
      expect(await store.events.read(id, 1, 100)).toEqual(before);
      expect((await store.events.listIncidentIds()).filter((x) => x === id)).toHaveLength(1);
      // A second import of the same log: exists, the first stays as it was.
      const other = randomUUID();
      const log = foreignLog(other);
      expect((await store.events.importLog(other, log, [])).status).toBe('imported');
      expect(await store.events.importLog(other, log, [])).toEqual({ status: 'exists', headSeq: 4 });
      expect(await store.events.read(other, 1, 100)).toEqual(log);
    });

    it('REV5: importLog writes the review log with it, verbatim (ids, review seq, ts); the live review goes on after it', async () => {
      const id = randomUUID();
      const log = foreignLog(id);
      // Dated after now (another installation's clock ahead of this one's, within the import's skew): the next live entry is stamped no earlier.
      const t0 = Date.now() + 60_000;
      const written = [finding(id, 2, '堆场 C3 "quick" \\ [] {}'), improvement(id, 'fire')];
      const review = written.map((e, i) => ({ seq: i + 1, ts: t0 + i * 1000, ...e }) as ReviewEntry);
      expect(await store.events.importLog(id, log, review)).toEqual({ status: 'imported', headSeq: 4, reviewHeadSeq: 2 });
      expect(await store.review.read(id, 1, 100)).toEqual(review);
      expect(await store.review.head(id)).toBe(2);
      expect(await store.events.read(id, 1, 100)).toEqual(log);
      // The imported ids are taken (a repeated finding is a duplicate), and new entries go on at seq 3 with ts never below.
      const again = await store.review.append(id, written[0], { maxEntries: 100 });
      expect(again).toEqual({ status: 'duplicate', entry: review[0] });
      const next = await store.review.append(id, improvement(id, 'police'), { expectedSeq: 2, maxEntries: 100 });
      expect(next.status === 'appended' && [next.entry.seq, next.entry.ts]).toEqual([3, t0 + 1000]);
    });

    it('REV5: importLog over an incident with only a review log here answers exists and writes nothing; a review log of a gap or another incident is a TypeError', async () => {
      const id = randomUUID();
      expect((await store.review.append(id, finding(id, 1, 'before'), { maxEntries: 100 })).status).toBe('appended');
      const review = [{ seq: 1, ts: Date.UTC(2025, 2, 7, 7, 0, 0), ...improvement(id, 'fire') } as ReviewEntry];
      expect(await store.events.importLog(id, foreignLog(id), review)).toEqual({ status: 'exists', headSeq: 0 });
      expect(await store.events.head(id)).toBe(0);
      expect(await store.review.head(id)).toBe(1);
      const other = randomUUID();
      const gap = [{ seq: 2, ts: Date.UTC(2025, 2, 7, 7, 0, 0), ...improvement(other, 'fire') } as ReviewEntry];
      await expect(store.events.importLog(other, foreignLog(other), gap)).rejects.toBeInstanceOf(TypeError);
      const elsewhere = [{ seq: 1, ts: Date.UTC(2025, 2, 7, 7, 0, 0), ...improvement(id, 'fire') } as ReviewEntry];
      await expect(store.events.importLog(other, foreignLog(other), elsewhere)).rejects.toBeInstanceOf(TypeError);
      expect([await store.events.head(other), await store.review.head(other)]).toEqual([0, 0]);
    });

    it('REV5: importLog refuses a log with a gap or from another incident (TypeError), writing nothing', async () => {
      const id = randomUUID();
      const log = foreignLog(id);
      await expect(store.events.importLog(id, [log[0], log[2]], [])).rejects.toBeInstanceOf(TypeError);
      await expect(store.events.importLog(randomUUID(), log, [])).rejects.toBeInstanceOf(TypeError);
      expect(await store.events.head(id)).toBe(0);
      expect(await store.events.listIncidentIds()).not.toContain(id);
    });

    it('REV5: an import is seen from a second instance, and a large log (5,000 events) goes in whole', async () => {
      const other = (await second()) ?? store;
      const id = randomUUID();
      const t0 = Date.UTC(2025, 2, 7, 6, 0, 0);
      const log = [opened(id, 'big-0'), ...Array.from({ length: 4999 }, (_, i) => message(id, `big-${i + 1}`, `m${i}`))].map(
        (e, i) => ({ seq: i + 1, ts: t0 + i * 10, ...e }) as IncidentEvent,
      );
      expect(await store.events.importLog(id, log, [])).toEqual({ status: 'imported', headSeq: 5000, reviewHeadSeq: 0 });
      expect(await other.events.head(id)).toBe(5000);
      const back = [...(await other.events.read(id, 1, 2500)), ...(await other.events.read(id, 2501, 2500))];
      expect(back).toEqual(log);
    });

    it('health is ok while open; after close, calls reject with StoreUnavailableError', async () => {
      expect((await store.health()).ok).toBe(true);
      expect(Array.isArray(await store.startupWarnings())).toBe(true);
      await store.close();
      expect((await store.health()).ok).toBe(false);
      await expect(store.events.head(randomUUID())).rejects.toBeInstanceOf(StoreUnavailableError);
    });
  });
}

const actor: Actor = { userId: 'u-1', name: '张伟', agency: 'fire', role: 'commander' };

function base(incidentId: string, commandId: string) {
  return { incidentId, commandId, id: randomUUID(), actor };
}

export function opened(
  incidentId: string,
  commandId: string,
  payload: Partial<Extract<UnsequencedEvent, { type: 'IncidentOpened' }>['payload']> = {},
): UnsequencedEvent {
  return {
    ...base(incidentId, commandId),
    type: 'IncidentOpened',
    payload: {
      title: 'Fire at berth 3', description: 'Smoke', kind: 'drill', scenario: 'fire', severity: 'III',
      location: 'Berth 3', agencies: ['fire', 'port'], phase: 'response', ...payload,
    },
  };
}

export function message(incidentId: string, commandId: string, text: string): UnsequencedEvent {
  return {
    ...base(incidentId, commandId),
    type: 'MessagePosted',
    payload: { messageId: randomUUID(), text, toAgency: null, alert: false },
  };
}

function finding(incidentId: string, atSeq: number, text: string): UnsequencedReviewEntry {
  return {
    type: 'FindingAdded', id: randomUUID(), incidentId, actor: { ...actor, role: 'observer' },
    finding: { atSeq, atTs: Date.now(), ref: null, verdict: 'strength', text },
  };
}

function improvement(incidentId: string, agency: string): UnsequencedReviewEntry {
  return {
    type: 'ImprovementAdded', id: randomUUID(), incidentId, actor,
    item: { findingId: null, action: 'Drill the cordon twice a year', agency, dueDate: '2027-03-31' },
  };
}

function account(overrides: Partial<StoredAccount>): StoredAccount {
  const now = Date.now();
  return {
    id: randomUUID(), username: 'user', displayName: 'User', role: 'responder', agency: 'fire',
    disabled: false, mustChangePassword: true, passwordHash: 'scrypt$16384$8$1$c2FsdA$aGFzaA',
    createdAt: now, updatedAt: now, ...overrides,
  };
}

function session(accountId: string, createdAt: number, expiresAt = createdAt + 60_000, address: string | null = null, userAgent: string | null = null): SessionRecord {
  return { id: randomUUID(), tokenHash: randomUUID(), accountId, createdAt, lastSeenAt: createdAt, expiresAt, address, userAgent };
}

function display(name: string, scope: DisplayScope, createdAt: number): DisplayRecord {
  return {
    id: randomUUID(), name, scope, tokenHash: randomUUID(), createdAt,
    createdBy: { accountId: 'admin-id', username: 'admin' }, lastSeenAt: null, revokedAt: null,
  };
}

async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await pause(10);
  }
}

function plan(scenario: StoredPlan['scenario'], version: number, keys: string[]): StoredPlan {
  return {
    scenario,
    name: { zh: `预案 ${scenario} v${version}`, en: `Plan ${scenario} v${version}` },
    actions: keys.map((key, i) => ({
      key,
      agency: i % 2 ? 'customs' : 'fire',
      title: { zh: `措施 ${key}`, en: `Action ${key}` },
      priority: 'high' as const,
      dueMinutes: i % 2 ? null : 10 + i,
    })),
    version,
    updatedAt: Date.now(),
    updatedBy: randomUUID(),
  };
}

function agency(code: string): Agency {
  return { code, nameZh: `机构 ${code}`, nameEn: `Agency ${code}`, short: code.slice(0, 4).toUpperCase(), color: '#123abc' };
}

async function appended(result: Promise<AppendResult>): Promise<IncidentEvent[]> {
  const r = await result;
  if (r.status !== 'appended') throw new Error(`expected appended, got ${JSON.stringify(r)}`);
  return r.events;
}

/** Subscribes and records events; waitFor(n) resolves once n arrived (or fails after a timeout). */
export function collect(store: Store) {
  const events: IncidentEvent[] = [];
  const stop = store.events.subscribe((e) => events.push(e));
  return {
    events,
    stop,
    async waitFor(n: number, timeoutMs = 10_000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (events.length < n) {
        if (Date.now() > deadline) throw new Error(`received ${events.length} of ${n} events`);
        await pause(10);
      }
    },
  };
}

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
