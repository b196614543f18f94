import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store, StoredAccount } from '../store/types';
import { tempStore, type TempStore } from '../testing/temp-store';
import { DisplayService } from './displays';
import { hashToken, readCookie, sessionCookieName, sessionFromCookie, SESSIONS_FROM_SKEW_MS, SessionService, type BusWarnings } from './sessions';

const HOUR = 3_600_000;

function account(username: string): StoredAccount {
  const now = Date.now();
  return {
    id: randomUUID(), username, displayName: username, role: 'responder', agency: 'fire', disabled: false,
    mustChangePassword: false, passwordHash: 'scrypt$x', createdAt: now, updatedAt: now,
  };
}

describe('SessionService.check with the account a socket knows (SPEC AUTH1, AUTH8)', () => {
  let temp: TempStore;
  let store: Store;
  const calls: string[] = [];
  let sessions: SessionService;

  beforeAll(async () => {
    temp = await tempStore('portline-sessions-');
    store = temp.store;
    // Records when each read starts and ends, to see whether they overlap.
    const accounts = store.accounts;
    const traced = Object.create(accounts) as typeof accounts;
    for (const name of ['getSession', 'getAccount'] as const) {
      const original = accounts[name].bind(accounts) as (key: string) => Promise<unknown>;
      (traced as unknown as Record<string, unknown>)[name] = async (key: string) => {
        calls.push(`start ${name}`);
        const r = await original(key);
        calls.push(`end ${name}`);
        return r;
      };
    }
    sessions = new SessionService({ ...store, accounts: traced }, 8 * HOUR, HOUR);
  });
  afterAll(async () => {
    await temp?.cleanup();
  });

  it('reads the session and the hinted account at once, and uses the account only if it is the session’s', async () => {
    const ann = account('ann');
    const bob = account('bob');
    await store.accounts.createAccount(ann);
    await store.accounts.createAccount(bob);
    const { token } = await sessions.create(ann.id, { address: null, userAgent: null });

    calls.length = 0;
    const r = await sessions.check(token, { touch: false, accountId: ann.id });
    expect(r.ok && r.account.id).toBe(ann.id);
    // Both reads started before either ended: one round trip, not two.
    expect(calls.slice(0, 2)).toEqual(['start getSession', 'start getAccount']);
    expect(calls.filter((c) => c.startsWith('start'))).toHaveLength(2);

    // A hint that is not the session's account is not trusted: the session's own account is read.
    calls.length = 0;
    const other = await sessions.check(token, { touch: false, accountId: bob.id });
    expect(other.ok && other.account.id).toBe(ann.id);
    expect(calls.filter((c) => c === 'start getAccount')).toHaveLength(2);

    // Without a hint, as for an HTTP request: the session first, then its account.
    calls.length = 0;
    const plain = await sessions.check(token, { touch: false });
    expect(plain.ok && plain.account.id).toBe(ann.id);
    expect(calls).toEqual(['start getSession', 'end getSession', 'start getAccount', 'end getAccount']);

    // A disabled account is refused with the hint too, and its session, left by an ending of its
    // sessions that failed, is deleted: the store's write check then refuses a command checked before.
    await store.accounts.updateAccount({ ...ann, disabled: true, updatedAt: Date.now() });
    expect(await sessions.check(token, { touch: false, accountId: ann.id })).toEqual({ ok: false, reason: 'account-disabled' });
    expect(await store.accounts.getSession(hashToken(token))).toBeNull();

    // An unknown token is refused whatever the hint.
    expect(await sessions.check('not-a-token', { touch: false, accountId: ann.id })).toEqual({ ok: false, reason: 'revoked' });
  });
});

describe('AUTH8 under store and bus failures', () => {
  const temps: TempStore[] = [];
  afterAll(async () => {
    for (const t of temps) await t.cleanup();
  });
  const freshStore = async (prefix: string) => {
    const t = await tempStore(prefix);
    temps.push(t);
    return t.store;
  };

  it('AUTH8: a change that ends the sessions writes sessionsFrom with it; a session made before is refused and deleted even if ending it never happened, one made after is valid', async () => {
    const store = await freshStore('portline-sessions-from-');
    const sessions = new SessionService(store, 8 * HOUR, HOUR);
    const cy = account('cy');
    await store.accounts.createAccount(cy);
    const t0 = Date.now();
    const old = await sessions.create(cy.id, { address: null, userAgent: null }, t0 - 60_000);
    const before = await sessions.check(old.token, { touch: false });
    expect(before.ok).toBe(true);
    // The role change written, then the store failed before the sessions were ended (no endAll).
    await store.accounts.updateAccount({ ...cy, role: 'liaison', updatedAt: t0, sessionsFrom: t0 });
    expect(await sessions.check(old.token, { touch: false })).toEqual({ ok: false, reason: 'revoked' });
    expect(await store.accounts.getSession(old.session.tokenHash)).toBeNull();
    // With the socket's account hint too.
    const old2 = await sessions.create(cy.id, { address: null, userAgent: null }, t0 - SESSIONS_FROM_SKEW_MS - 1);
    expect(await sessions.check(old2.token, { touch: false, accountId: cy.id })).toEqual({ ok: false, reason: 'revoked' });
    // One made on a process whose clock is a little behind the one that made the change: valid.
    const behind = await sessions.create(cy.id, { address: null, userAgent: null }, t0 - SESSIONS_FROM_SKEW_MS + 500);
    expect((await sessions.check(behind.token, { touch: false })).ok).toBe(true);
    // A session made from then on (a new sign-in, the password change's new session) is valid.
    const fresh = await sessions.create(cy.id, { address: null, userAgent: null }, t0);
    const r = await sessions.check(fresh.token, { touch: false }, t0 + 10);
    expect(r.ok && r.account.role).toBe('liaison');
  });

  it('AUTH8: a revoke, an account’s sessions ended and a display revoked stand and answer as done when the bus cannot take their message', async () => {
    const real = await freshStore('portline-sessions-bus-');
    let published = 0;
    const store: Store = { ...real, control: { ...real.control, publish: async () => { published++; throw new Error('bus away'); } } };
    const warned: string[] = [];
    const log = { warn: (obj: object) => void warned.push((obj as { message: string }).message) } as unknown as BusWarnings;
    const sessions = new SessionService(store, 8 * HOUR, HOUR, log);
    const dee = account('dee');
    await real.accounts.createAccount(dee);
    const a = await sessions.create(dee.id, { address: null, userAgent: null });
    const b = await sessions.create(dee.id, { address: null, userAgent: null });
    expect((await sessions.revokeById(a.session.id))?.id).toBe(a.session.id);
    expect(await real.accounts.getSession(a.session.tokenHash)).toBeNull();
    expect(await sessions.endAll(dee.id, 'account-disabled')).toBe(1);
    expect(await real.accounts.getSession(b.session.tokenHash)).toBeNull();
    const displays = new DisplayService(store, log);
    const { record } = await displays.create({ name: 'Wall', scope: { kind: 'active' } }, { id: 'x', username: 'admin' });
    const r = await displays.revoke(record.id);
    expect(r?.revokedNow).toBe(true);
    expect(published).toBe(3);
    // Each told in the server's log: its sockets wait for the next re-check.
    expect(warned).toEqual(['session-ended', 'account-sessions-ended', 'display-revoked']);
  });
});

describe('the session cookie (SPEC AUTH11)', () => {
  it('reads the named cookie among others, decoded (the first of that name)', () => {
    expect(readCookie('theme=dark; portline_session=abc%2Bd; lang=en', 'portline_session')).toBe('abc+d');
    expect(readCookie('other=1', 'portline_session')).toBeUndefined();
    expect(readCookie(undefined, 'portline_session')).toBeUndefined();
    expect(readCookie('portline_session=%E0%A4%A', 'portline_session')).toBeUndefined();
  });

  it('over HTTPS (PUBLIC_URL, or a trusted proxy saying so) only the __Host- cookie is read; over HTTP the plain one', () => {
    const https = { publicUrl: 'https://portline.example', trustProxy: false };
    const http = { publicUrl: undefined, trustProxy: false };
    const proxied = { publicUrl: undefined, trustProxy: true };
    const both = { cookie: 'portline_session=planted; __Host-portline_session=mine' };
    expect(sessionFromCookie(both, https)).toBe('mine');
    expect(sessionFromCookie({ cookie: 'portline_session=planted' }, https)).toBeUndefined();
    expect(sessionFromCookie(both, http)).toBe('planted');
    expect(sessionFromCookie({ ...both, 'x-forwarded-proto': 'https' }, proxied)).toBe('mine');
    // A proxy not trusted cannot make a plain request read as HTTPS.
    expect(sessionFromCookie({ ...both, 'x-forwarded-proto': 'https' }, http)).toBe('planted');
    expect(sessionCookieName({}, https)).toBe('__Host-portline_session');
  });
});
