import { createHash, randomBytes } from 'node:crypto';
import type { Actor } from '../../lib/domain/actor';
import type { AccountView } from '../../lib/protocol/http';
import type { AccountStore, SessionRecord, StoredAccount } from '../store/types';

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

export function toActor(a: StoredAccount): Actor {
  return { userId: a.id, name: a.displayName, agency: a.agency, role: a.role };
}

export interface ResolvedSession {
  session: SessionRecord;
  account: StoredAccount;
}

/** Sessions: random bearer tokens, stored hashed, with absolute and idle expiry. */
export class SessionService {
  constructor(
    private readonly accounts: AccountStore,
    private readonly maxMs: number,
    private readonly idleMs: number,
  ) {}

  async create(accountId: string, now = Date.now()): Promise<{ token: string; session: SessionRecord }> {
    const token = randomBytes(32).toString('base64url');
    const session: SessionRecord = {
      tokenHash: hashToken(token),
      accountId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: now + this.maxMs,
    };
    await this.accounts.createSession(session);
    return { token, session };
  }

  /** The live session and its enabled account, or null. Touches lastSeenAt at most once a minute. */
  async resolve(token: string | undefined, now = Date.now()): Promise<ResolvedSession | null> {
    if (!token || token.length > 200) return null;
    const tokenHash = hashToken(token);
    const session = await this.accounts.getSession(tokenHash);
    if (!session) return null;
    if (now >= session.expiresAt || now - session.lastSeenAt >= this.idleMs) {
      await this.accounts.deleteSession(tokenHash);
      return null;
    }
    const account = await this.accounts.getAccount(session.accountId);
    if (!account || account.disabled) return null;
    if (now - session.lastSeenAt > 60_000) {
      session.lastSeenAt = now;
      await this.accounts.touchSession(tokenHash, now);
    }
    return { session, account };
  }

  async revoke(token: string): Promise<void> {
    await this.accounts.deleteSession(hashToken(token));
  }
}

/** Reads one cookie from a Cookie header without a dependency. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
