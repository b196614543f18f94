import type Database from 'better-sqlite3';
import type { AuditEntry } from '../../lib/protocol/http';
import type { ControlMessage } from './control-message';
import type { AuditStore, ControlBus, DisplayRecord, DisplayStore, ThrottleReservation, ThrottleRule, ThrottleStore, SqliteRun as Run } from './types';

/**
 * The SQLite side of displays, the audit log, sign-in throttling and the control
 * bus (tables in server/store/sqlite.ts SCHEMA). Every write that reads first is
 * one IMMEDIATE transaction, so two processes on one file cannot interleave.
 */
export function createSqliteSecurityStores(db: Database.Database, run: Run, auditMax: number) {
  const q = {
    insertDisplay: db.prepare('INSERT INTO displays (id, token_hash, created_at, json) VALUES (?, ?, ?, ?)'),
    displayById: db.prepare<[string], { json: string }>('SELECT json FROM displays WHERE id = ?'),
    displayByToken: db.prepare<[string], { json: string }>('SELECT json FROM displays WHERE token_hash = ?'),
    displays: db.prepare<[], { json: string }>('SELECT json FROM displays ORDER BY created_at DESC, rowid DESC'),
    updateDisplay: db.prepare('UPDATE displays SET json = ? WHERE id = ?'),
    insertAudit: db.prepare('INSERT INTO audit (json) VALUES (?)'),
    trimAudit: db.prepare('DELETE FROM audit WHERE id <= ?'),
    auditPage: db.prepare<[number, number], { id: number; json: string }>(
      'SELECT id, json FROM audit WHERE id < ? ORDER BY id DESC LIMIT ?',
    ),
    throttle: db.prepare<[string, number], { failures: number; lockedUntil: number }>(
      'SELECT failures, locked_until AS lockedUntil FROM throttle WHERE key = ? AND expires_at > ?',
    ),
    throttleRow: db.prepare<[string], { failures: number; lockedUntil: number; expiresAt: number }>(
      'SELECT failures, locked_until AS lockedUntil, expires_at AS expiresAt FROM throttle WHERE key = ?',
    ),
    upsertThrottle: db.prepare(
      `INSERT INTO throttle (key, failures, locked_until, expires_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until,
       expires_at = excluded.expires_at`,
    ),
    deleteThrottle: db.prepare('DELETE FROM throttle WHERE key = ?'),
    purgeThrottle: db.prepare('DELETE FROM throttle WHERE expires_at <= ?'),
  };

  const parseDisplay = (row: { json: string } | undefined): DisplayRecord | null =>
    row ? (JSON.parse(row.json) as DisplayRecord) : null;
  const revokeDisplayTx = db.transaction((id: string, at: number): DisplayRecord | null => {
    const display = parseDisplay(q.displayById.get(id));
    if (!display || display.revokedAt !== null) return display;
    const revoked = { ...display, revokedAt: at };
    q.updateDisplay.run(JSON.stringify(revoked), id);
    return revoked;
  });
  const touchDisplayTx = db.transaction((id: string, at: number): void => {
    const display = parseDisplay(q.displayById.get(id));
    if (!display) return;
    q.updateDisplay.run(JSON.stringify({ ...display, lastSeenAt: Math.max(at, display.lastSeenAt ?? 0) }), id);
  });

  const displays: DisplayStore = {
    createDisplay: (d) =>
      run(() => {
        q.insertDisplay.run(d.id, d.tokenHash, d.createdAt, JSON.stringify(d));
      }),
    getDisplay: (id) => run(() => parseDisplay(q.displayById.get(id))),
    getDisplayByTokenHash: (hash) => run(() => parseDisplay(q.displayByToken.get(hash))),
    listDisplays: () => run(() => q.displays.all().map((r) => JSON.parse(r.json) as DisplayRecord)),
    touchDisplay: (id, at) => run(() => touchDisplayTx.immediate(id, at)),
    revokeDisplay: (id, at) => run(() => revokeDisplayTx.immediate(id, at)),
  };

  const appendAuditTx = db.transaction((entry: Omit<AuditEntry, 'id'>): AuditEntry => {
    const id = Number(q.insertAudit.run(JSON.stringify(entry)).lastInsertRowid);
    if (id > auditMax) q.trimAudit.run(id - auditMax);
    return { id: String(id), ...entry };
  });
  const audit: AuditStore = {
    append: (entry) => run(() => appendAuditTx.immediate(entry)),
    page: (before, limit) =>
      run(() => {
        const rows = q.auditPage.all(before === null ? Number.MAX_SAFE_INTEGER : Number(before), limit + 1);
        const entries = rows
          .slice(0, limit)
          .map((r) => ({ id: String(r.id), ...(JSON.parse(r.json) as Omit<AuditEntry, 'id'>) }));
        return { entries, next: rows.length > limit ? entries[entries.length - 1].id : null };
      }),
  };

  const liveRow = (key: string, now: number) => {
    const row = q.throttleRow.get(key);
    return row && row.expiresAt > now ? row : null;
  };
  const reserveTx = db.transaction((key: string, now: number, rule: ThrottleRule): ThrottleReservation => {
    const live = liveRow(key, now);
    const previousLockedUntil = live?.lockedUntil ?? 0;
    if (previousLockedUntil > now) return { granted: false, lockedUntil: previousLockedUntil };
    const failures = (live?.failures ?? 0) + 1;
    const lockedUntil = failures >= rule.free ? now + Math.min(rule.baseDelayMs * 2 ** Math.min(failures - rule.free, 30), rule.maxDelayMs) : 0;
    q.upsertThrottle.run(key, failures, lockedUntil || previousLockedUntil, Math.max(now, lockedUntil) + rule.forgetMs);
    return { granted: true, failures, lockedUntil, previousLockedUntil };
  });
  const releaseTx = db.transaction((key: string, r: { lockedUntil: number; previousLockedUntil: number }, now: number): void => {
    const live = liveRow(key, now);
    if (!live) return;
    const failures = Math.max(0, live.failures - 1);
    const lockedUntil = r.lockedUntil > 0 && live.lockedUntil === r.lockedUntil ? r.previousLockedUntil : live.lockedUntil;
    if (failures === 0 && lockedUntil <= now) q.deleteThrottle.run(key);
    else q.upsertThrottle.run(key, failures, lockedUntil, live.expiresAt);
  });
  const throttle: ThrottleStore = {
    get: (key) => run(() => q.throttle.get(key, Date.now()) ?? null),
    reserve: (key, now, rule) =>
      run(() => {
        q.purgeThrottle.run(now);
        return reserveTx.immediate(key, now, rule);
      }),
    release: (key, reservation, now) => run(() => releaseTx.immediate(key, reservation, now)),
    reset: (key) =>
      run(() => {
        q.deleteThrottle.run(key);
      }),
  };

  // One process owns the file's sockets: the control bus is an in-process emitter.
  const listeners = new Set<(m: ControlMessage) => void>();
  const control: ControlBus = {
    publish: (message) =>
      run(() => {
        // Delivered on a later tick, as over a real bus: a publisher never re-enters itself.
        setImmediate(() => {
          for (const listener of [...listeners]) {
            try {
              listener(message);
            } catch (err) {
              console.error('[store] control listener threw', err);
            }
          }
        });
      }),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onResync: () => () => undefined,
  };

  return { displays, audit, throttle, control, close: () => listeners.clear() };
}
