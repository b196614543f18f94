import { randomBytes, randomUUID } from 'node:crypto';
import type { DisplayPrincipal, DisplayScope } from '../../lib/domain/actor';
import type { DisplayView } from '../../lib/protocol/http';
import type { DisplayRecord, Store, StoredAccount } from '../store/types';
import { announceEnded, hashToken, type BusWarnings } from './sessions';

/** A prefix so a leaked token is recognisable (secret scanners, logs) and never mistaken for a session. */
const TOKEN_PREFIX = 'pld_';
/** lastSeenAt is written at most this often per display and process. */
const TOUCH_EVERY_MS = 60_000;

export function toDisplayView(d: DisplayRecord): DisplayView {
  return {
    id: d.id,
    name: d.name,
    scope: d.scope,
    createdAt: d.createdAt,
    createdBy: d.createdBy,
    lastSeenAt: d.lastSeenAt,
    revokedAt: d.revokedAt,
  };
}

export function toDisplayPrincipal(d: DisplayRecord): DisplayPrincipal {
  return { role: 'display', displayId: d.id, name: d.name, scope: d.scope };
}

/**
 * Wall-screen tokens (SPEC AUTH7): 256 random bits, stored as sha256 like
 * sessions, no idle expiry, revocable. Revoking tells every process to cut the
 * screen's sockets (SPEC AUTH8).
 */
export class DisplayService {
  private readonly touched = new Map<string, number>();

  constructor(
    private readonly store: Store,
    /** Where a revoke the bus could not take is told (announceEnded). */
    private readonly log?: BusWarnings,
  ) {}

  /** `by`: the admin's account, or the demo seed (server/demo/seed-store.ts), which no account is. */
  async create(input: { name: string; scope: DisplayScope }, by: Pick<StoredAccount, 'id' | 'username'>, now = Date.now()) {
    const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const record: DisplayRecord = {
      id: randomUUID(),
      name: input.name,
      scope: input.scope,
      tokenHash: hashToken(token),
      createdAt: now,
      createdBy: { accountId: by.id, username: by.username },
      lastSeenAt: null,
      revokedAt: null,
    };
    await this.store.displays.createDisplay(record);
    return { record, token };
  }

  /**
   * The display of a live token, or why there is none. With `touch` (the default), lastSeenAt
   * moves (at most once a minute): a connect or a read is the screen's activity; the periodic
   * re-check of an open socket (server/io/control.ts) is not, and passes `touch: false` (on
   * SQLite each touch is its own synchronous, fsync'd write: 300 screens' touches held the
   * event loop ~1 s a minute).
   */
  async check(
    token: string | undefined,
    opts: { touch: boolean } = { touch: true },
    now = Date.now(),
  ): Promise<{ ok: true; display: DisplayRecord } | { ok: false; revoked: boolean }> {
    if (!token || token.length > 200 || !token.startsWith(TOKEN_PREFIX)) return { ok: false, revoked: false };
    const display = await this.store.displays.getDisplayByTokenHash(hashToken(token));
    if (!display) return { ok: false, revoked: false };
    if (display.revokedAt !== null) return { ok: false, revoked: true };
    if (opts.touch && now - (this.touched.get(display.id) ?? display.lastSeenAt ?? 0) > TOUCH_EVERY_MS) {
      this.touched.set(display.id, now);
      await this.store.displays.touchDisplay(display.id, now);
      display.lastSeenAt = now;
    }
    return { ok: true, display };
  }

  async resolve(token: string | undefined): Promise<DisplayRecord | null> {
    const r = await this.check(token);
    return r.ok ? r.display : null;
  }

  /** Returns the revoked record (null if unknown) and whether this call revoked it. */
  async revoke(id: string, now = Date.now()): Promise<{ display: DisplayRecord; revokedNow: boolean } | null> {
    const display = await this.store.displays.revokeDisplay(id, now);
    if (!display) return null;
    // Published every time: a repeat is harmless and covers a lost first message.
    await announceEnded(this.store, { type: 'display-revoked', displayId: id }, this.log);
    return { display, revokedNow: display.revokedAt === now };
  }

  list(): Promise<DisplayRecord[]> {
    return this.store.displays.listDisplays();
  }
}
