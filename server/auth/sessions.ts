import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Actor } from '../../lib/domain/actor';
import { SECURE_SESSION_COOKIE, SESSION_COOKIE, type AccountView, type SessionView } from '../../lib/protocol/http';
import type { SessionEndReason } from '../../lib/protocol/socket';
import type { Logger } from '../log';
import type { ControlMessage } from '../store/control-message';
import type { SessionRecord, Store, StoredAccount } from '../store/types';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export function toAccountView(a: StoredAccount): AccountView {
  return {
    id: a.id,
    username: a.username,
    displayName: a.displayName,
    role: a.role,
    agency: a.agency,
    disabled: a.disabled,
    mustChangePassword: a.mustChangePassword,
    createdAt: a.createdAt,
  };
}

export function toSessionView(s: SessionRecord, currentId: string | null): SessionView {
  return {
    id: s.id,
    accountId: s.accountId,
    createdAt: s.createdAt,
    lastSeenAt: s.lastSeenAt,
    expiresAt: s.expiresAt,
    address: s.address,
    userAgent: s.userAgent,
    current: s.id === currentId,
  };
}

export function toActor(a: StoredAccount): Actor {
  return { userId: a.id, name: a.displayName, agency: a.agency, role: a.role };
}

export interface ResolvedSession {
  session: SessionRecord;
  account: StoredAccount;
}

export type SessionCheck = ({ ok: true } & ResolvedSession) | { ok: false; reason: SessionEndReason };

/** lastSeenAt is written at most this often per session. */
const TOUCH_EVERY_MS = 60_000;

/**
 * Sessions: random bearer tokens, stored hashed, with absolute and idle expiry.
 * Ending sessions also tells every server process, over the store's control
 * bus, to cut the sockets that use them (SPEC AUTH8).
 */
export class SessionService {
  constructor(
    private readonly store: Store,
    private readonly maxMs: number,
    private readonly idleMs: number,
    /** Where an ending the bus could not take is told (announceEnded). */
    private readonly log?: BusWarnings,
  ) {}

  async create(
    accountId: string,
    from: { address: string | null; userAgent: string | null },
    now = Date.now(),
  ): Promise<{ token: string; session: SessionRecord }> {
    const token = randomBytes(32).toString('base64url');
    const session: SessionRecord = {
      id: randomUUID(),
      tokenHash: hashToken(token),
      accountId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: now + this.maxMs,
      address: from.address,
      userAgent: from.userAgent,
    };
    await this.store.accounts.createSession(session);
    return { token, session };
  }

  /**
   * The live session and its enabled account, or why there is none. With
   * `touch`, lastSeenAt moves (at most once a minute): a request or a command is
   * activity; the periodic re-check of an open socket is not.
   */
  async check(
    token: string | undefined,
    opts: { touch: boolean; accountId?: string } = { touch: true },
    now = Date.now(),
  ): Promise<SessionCheck> {
    if (!token || token.length > 200) return { ok: false, reason: 'revoked' };
    const tokenHash = hashToken(token);
    // A socket knows its account from the handshake: both are read at once (one round trip
    // to Redis, which pipelines them), and the account is used only if it is the session's.
    const [session, hinted] = await Promise.all([
      this.store.accounts.getSession(tokenHash),
      opts.accountId ? this.store.accounts.getAccount(opts.accountId) : null,
    ]);
    if (!session) return { ok: false, reason: 'revoked' };
    if (now >= session.expiresAt || now - session.lastSeenAt >= this.idleMs) {
      await this.store.accounts.deleteSession(tokenHash);
      return { ok: false, reason: 'expired' };
    }
    const account = hinted?.id === session.accountId ? hinted : await this.store.accounts.getAccount(session.accountId);
    if (!account) return { ok: false, reason: 'revoked' };
    if (account.disabled) {
      // Its sessions end with the disabling; one left (the store failed between the two writes) is
      // deleted now, so the store's write check (SPEC AUTH8) refuses a command checked before.
      await this.store.accounts.deleteSession(tokenHash);
      return { ok: false, reason: 'account-disabled' };
    }
    // Made before a change that ended the account's sessions, one that was not deleted then (the
    // store failed between the two writes): ended now. The two times may come from two processes'
    // clocks: one made just after the change on a process whose clock is behind stays valid.
    if (account.sessionsFrom !== undefined && session.createdAt < account.sessionsFrom - SESSIONS_FROM_SKEW_MS) {
      await this.store.accounts.deleteSession(tokenHash);
      return { ok: false, reason: 'revoked' };
    }
    if (opts.touch && now - session.lastSeenAt > TOUCH_EVERY_MS) {
      session.lastSeenAt = now;
      await this.store.accounts.touchSession(tokenHash, now);
    }
    return { ok: true, session, account };
  }

  async resolve(token: string | undefined, now = Date.now()): Promise<ResolvedSession | null> {
    const r = await this.check(token, { touch: true }, now);
    return r.ok ? { session: r.session, account: r.account } : null;
  }

  /** Signing out: ends this token's session everywhere. Returns it, or null if it had ended already. */
  async signOut(token: string): Promise<SessionRecord | null> {
    const session = await this.store.accounts.getSession(hashToken(token));
    if (!session) return null;
    await this.store.accounts.deleteSession(session.tokenHash);
    await announceEnded(this.store, { type: 'session-ended', sessionId: session.id, reason: 'signed-out' }, this.log);
    return session;
  }

  /** An admin revokes one session by its non-secret id. */
  async revokeById(id: string): Promise<SessionRecord | null> {
    const session = await this.store.accounts.deleteSessionById(id);
    if (session) await announceEnded(this.store, { type: 'session-ended', sessionId: session.id, reason: 'revoked' }, this.log);
    return session;
  }

  /**
   * A person's own password change (SPEC AUTH8): every session of the account ends, the one
   * that asked included (whoever holds a copy of its token, a stolen cookie, is out too), and
   * a new session is made for the person, answered as a new cookie. The sockets of the other
   * sessions get `session:ended` ('password-changed'); those of the session that asked are cut
   * without it (`renewedSessionId`), so the person's browser reconnects with its new cookie
   * while a copy of the old token is refused at the handshake.
   */
  async renew(
    current: SessionRecord,
    from: { address: string | null; userAgent: string | null },
  ): Promise<{ token: string; session: SessionRecord }> {
    const fresh = await this.create(current.accountId, from);
    await endAccountSessions(this.store, current.accountId, 'password-changed', fresh.session.id, current.id, this.log);
    return fresh;
  }

  /** Ends every session of an account (but `exceptId`) and cuts their sockets on every process. */
  endAll(accountId: string, reason: SessionEndReason, exceptId: string | null = null): Promise<number> {
    return endAccountSessions(this.store, accountId, reason, exceptId, undefined, this.log);
  }

  list(accountId: string): Promise<SessionRecord[]> {
    return this.store.accounts.listSessionsOf(accountId);
  }
}

/**
 * Ends every session of an account (but `exceptId`) and cuts their sockets on every process;
 * how many live ones there were. (SessionService.endAll and renew, and the console's password
 * reset.) `renewedSessionId`: the session a password change replaced by `exceptId`, whose
 * sockets are cut without `session:ended` (renew).
 */
export async function endAccountSessions(
  store: Store,
  accountId: string,
  reason: SessionEndReason,
  exceptId: string | null = null,
  renewedSessionId?: string,
  log?: BusWarnings,
): Promise<number> {
  const n = await store.accounts.deleteSessionsOf(accountId, exceptId ?? undefined);
  // Published even when none was live: a socket may outlive its expired session.
  await announceEnded(store, {
    type: 'account-sessions-ended',
    accountId,
    exceptSessionId: exceptId,
    ...(renewedSessionId !== undefined && { renewedSessionId }),
    reason,
  }, log);
  return n;
}

/** How far apart two server processes' clocks may be for `sessionsFrom` (SPEC AUTH8). */
export const SESSIONS_FROM_SKEW_MS = 2_000;

/**
 * Tells every process that sessions or a display ended, so that they cut the sockets now (SPEC
 * AUTH8). Once the ending is written, a bus that cannot take the message (Redis away between the
 * two calls) does not fail the request: the ending stands, the audit log records it, and every
 * process re-checks its sockets when its bus reconnects and every AUTH_RECHECK_SECONDS. Failing
 * it answered 503 for a change made, and a retry found it done and audited nothing.
 */
export async function announceEnded(store: Store, message: ControlMessage, log?: BusWarnings): Promise<void> {
  await store.control.publish(message).catch((err: unknown) => {
    log?.warn({ err, message: message.type }, 'an ending was not told on the bus; the sockets are cut at the next re-check');
  });
}

/** The part of the server's logger announceEnded uses. */
export type BusWarnings = Pick<Logger, 'warn'>;

/** Reads one cookie from a Cookie header without a dependency (the first of that name). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * Whether a request reached Portline over HTTPS: PUBLIC_URL says so, or (behind a proxy it trusts)
 * the proxy's X-Forwarded-Proto does.
 */
export function overHttps(headers: IncomingHttpHeaders, config: { publicUrl?: string; trustProxy: boolean }): boolean {
  if (config.publicUrl?.startsWith('https:')) return true;
  return config.trustProxy && headers['x-forwarded-proto'] === 'https';
}

/**
 * The session cookie's name for such a request (SPEC AUTH11): `__Host-portline_session` over HTTPS,
 * which no other site can plant; `portline_session` over plain HTTP (a browser keeps no Secure
 * cookie from it). Only that name is read: over HTTPS a plain one (planted by a sibling subdomain)
 * is ignored, and the person is never signed in as whoever planted it.
 */
export function sessionCookieName(headers: IncomingHttpHeaders, config: { publicUrl?: string; trustProxy: boolean }): string {
  return overHttps(headers, config) ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}

/** The session token the request's cookie carries, under the name for how it came (sessionCookieName). */
export function sessionFromCookie(headers: IncomingHttpHeaders, config: { publicUrl?: string; trustProxy: boolean }): string | undefined {
  return readCookie(headers.cookie, sessionCookieName(headers, config));
}
