import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Agency } from '../../lib/domain/agencies';
import type { IncidentEvent, UnsequencedEvent } from '../../lib/domain/incident/events';
import {
  StoreUnavailableError,
  type AccountStore,
  type AppendResult,
  type EventStore,
  type SessionRecord,
  type Store,
  type StoredAccount,
} from './types';

/**
 * The embedded store (default): one SQLite file in WAL mode with synchronous=FULL, so an
 * acknowledged append survives kill -9 (SPEC DUR1). better-sqlite3 is synchronous: each
 * append is one transaction that nothing else in this process can interleave with, and
 * BEGIN IMMEDIATE serialises it against other processes using the same file.
 */
export function createSqliteStore(opts: { dir: string }): Store {
  mkdirSync(opts.dir, { recursive: true });
  const db = new Database(path.join(opts.dir, 'portline.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.exec(SCHEMA);

  const q = {
    command: db.prepare<[string, string], { seqs: string }>(
      'SELECT seqs FROM commands WHERE incident_id = ? AND command_id = ?',
    ),
    head: db.prepare<[string], { seq: number; ts: number }>(
      'SELECT seq, ts FROM events WHERE incident_id = ? ORDER BY seq DESC LIMIT 1',
    ),
    insertEvent: db.prepare('INSERT INTO events (incident_id, seq, ts, json) VALUES (?, ?, ?, ?)'),
    insertCommand: db.prepare('INSERT INTO commands (incident_id, command_id, seqs) VALUES (?, ?, ?)'),
    insertIncident: db.prepare('INSERT OR IGNORE INTO incidents (id, created_at) VALUES (?, ?)'),
    read: db.prepare<[string, number, number], { json: string }>(
      'SELECT json FROM events WHERE incident_id = ? AND seq >= ? ORDER BY seq LIMIT ?',
    ),
    // rowid follows insertion, so it breaks ties between incidents created in the same ms.
    incidents: db.prepare<[], { id: string }>('SELECT id FROM incidents ORDER BY created_at, rowid'),
    accountCount: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM accounts'),
    insertAccount: db.prepare(
      'INSERT OR IGNORE INTO accounts (id, username, created_at, json) VALUES (?, ?, ?, ?)',
    ),
    accountById: db.prepare<[string], { json: string }>('SELECT json FROM accounts WHERE id = ?'),
    accountByName: db.prepare<[string], { json: string }>('SELECT json FROM accounts WHERE username = ?'),
    accounts: db.prepare<[], { json: string }>('SELECT json FROM accounts ORDER BY created_at, rowid'),
    updateAccount: db.prepare('UPDATE accounts SET json = ? WHERE id = ?'),
    insertSession: db.prepare(
      `INSERT OR REPLACE INTO sessions (token_hash, account_id, created_at, last_seen_at, expires_at)
       VALUES (@tokenHash, @accountId, @createdAt, @lastSeenAt, @expiresAt)`,
    ),
    // Expired sessions are invisible, as in Redis where they expire on their own.
    session: db.prepare<[string, number], SessionRecord>(
      `SELECT token_hash AS tokenHash, account_id AS accountId, created_at AS createdAt,
              last_seen_at AS lastSeenAt, expires_at AS expiresAt
       FROM sessions WHERE token_hash = ? AND expires_at > ?`,
    ),
    touchSession: db.prepare('UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?'),
    deleteSession: db.prepare('DELETE FROM sessions WHERE token_hash = ?'),
    liveSessionsOf: db.prepare<[string, number], { n: number }>(
      'SELECT COUNT(*) AS n FROM sessions WHERE account_id = ? AND expires_at > ?',
    ),
    deleteSessionsOf: db.prepare('DELETE FROM sessions WHERE account_id = ?'),
    purgeSessions: db.prepare('DELETE FROM sessions WHERE expires_at <= ?'),
    agencies: db.prepare<[], { json: string }>('SELECT json FROM agencies ORDER BY rowid'),
    agencyCount: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM agencies'),
    insertAgency: db.prepare('INSERT OR IGNORE INTO agencies (code, json) VALUES (?, ?)'),
    updateAgency: db.prepare('UPDATE agencies SET json = ? WHERE code = ?'),
  };

  const appendTx = db.transaction(
    (incidentId: string, expectedSeq: number, commandId: string, bodies: string[]): AppendResult => {
      const dup = q.command.get(incidentId, commandId);
      if (dup) return { status: 'duplicate', seqs: JSON.parse(dup.seqs) as number[] };
      const head = q.head.get(incidentId);
      const headSeq = head?.seq ?? 0;
      if (headSeq !== expectedSeq) return { status: 'stale', headSeq };
      // SPEC SEQ1: ts never decreases along seq, even if the wall clock steps back.
      const ts = Math.max(Date.now(), head?.ts ?? 0);
      const events = bodies.map((body, i) => {
        const seq = expectedSeq + 1 + i;
        // Same layout as the Redis store: seq and ts first, then the event as given.
        const json = `{"seq":${seq},"ts":${ts},${body.slice(1)}`;
        q.insertEvent.run(incidentId, seq, ts, json);
        return JSON.parse(json) as IncidentEvent;
      });
      q.insertCommand.run(incidentId, commandId, JSON.stringify(events.map((e) => e.seq)));
      if (expectedSeq === 0) q.insertIncident.run(incidentId, ts);
      return { status: 'appended', events };
    },
  );
  const createFirstTx = db.transaction((account: StoredAccount): boolean => {
    if (q.accountCount.get()!.n > 0) return false;
    return insertAccount(account);
  });
  const deleteSessionsOfTx = db.transaction((accountId: string): number => {
    const n = q.liveSessionsOf.get(accountId, Date.now())!.n;
    q.deleteSessionsOf.run(accountId);
    return n;
  });
  const seedTx = db.transaction((agencies: readonly Agency[]) => {
    if (q.agencyCount.get()!.n > 0) return;
    for (const a of agencies) q.insertAgency.run(a.code, JSON.stringify(a));
  });

  function insertAccount(account: StoredAccount): boolean {
    const stored = { ...account, username: account.username.toLowerCase() };
    return q.insertAccount.run(stored.id, stored.username, stored.createdAt, JSON.stringify(stored)).changes > 0;
  }

  let closed = false;
  const listeners = new Set<(event: IncidentEvent) => void>();

  /** Runs a synchronous DB call as a promise; database failures become StoreUnavailableError. */
  function run<T>(fn: () => T): Promise<T> {
    if (closed) return Promise.reject(new StoreUnavailableError('The SQLite store is closed'));
    try {
      return Promise.resolve(fn());
    } catch (err) {
      if (err instanceof Database.SqliteError) {
        return Promise.reject(new StoreUnavailableError(`SQLite: ${err.message}`, { cause: err }));
      }
      return Promise.reject(err);
    }
  }

  const events: EventStore = {
    append(incidentId, expectedSeq, commandId, batch) {
      return run(() => {
        const bodies = encodeBatch(incidentId, expectedSeq, commandId, batch);
        // .immediate(): take the write lock before reading the head, so another process
        // cannot commit between our check and our write (no SQLITE_BUSY_SNAPSHOT either).
        const result = appendTx.immediate(incidentId, expectedSeq, commandId, bodies);
        if (result.status === 'appended') notify(result.events);
        return result;
      });
    },
    read: (incidentId, fromSeq, limit) =>
      run(() =>
        limit <= 0
          ? []
          : q.read.all(incidentId, Math.max(1, fromSeq), limit).map((r) => JSON.parse(r.json) as IncidentEvent),
      ),
    head: (incidentId) => run(() => q.head.get(incidentId)?.seq ?? 0),
    listIncidentIds: () => run(() => q.incidents.all().map((r) => r.id)),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    // One process owns the file's bus: there is never a break to resync from.
    onResync: () => () => undefined,
  };

  /** Called after commit, so a listener never sees an event that could still roll back. */
  function notify(appended: IncidentEvent[]): void {
    for (const event of appended) {
      for (const listener of [...listeners]) {
        try {
          listener(event);
        } catch (err) {
          console.error('[store] subscriber threw', err);
        }
      }
    }
  }

  const parseAccount = (row: { json: string } | undefined): StoredAccount | null =>
    row ? (JSON.parse(row.json) as StoredAccount) : null;

  const accounts: AccountStore = {
    createAccount: (account) => run(() => insertAccount(account)),
    createFirstAccount: (account) => run(() => createFirstTx.immediate(account)),
    getAccount: (id) => run(() => parseAccount(q.accountById.get(id))),
    getAccountByUsername: (username) => run(() => parseAccount(q.accountByName.get(username.toLowerCase()))),
    listAccounts: () => run(() => q.accounts.all().map((r) => JSON.parse(r.json) as StoredAccount)),
    updateAccount: (account) =>
      run(() => {
        const existing = parseAccount(q.accountById.get(account.id));
        if (!existing) return false;
        assertSameUsername(existing, account);
        const stored = { ...account, username: existing.username };
        return q.updateAccount.run(JSON.stringify(stored), account.id).changes > 0;
      }),
    createSession: (session) =>
      run(() => {
        q.purgeSessions.run(Date.now());
        q.insertSession.run(session);
      }),
    getSession: (tokenHash) => run(() => q.session.get(tokenHash, Date.now()) ?? null),
    touchSession: (tokenHash, lastSeenAt) =>
      run(() => {
        q.touchSession.run(lastSeenAt, tokenHash);
      }),
    deleteSession: (tokenHash) =>
      run(() => {
        q.deleteSession.run(tokenHash);
      }),
    deleteSessionsOf: (accountId) => run(() => deleteSessionsOfTx.immediate(accountId)),
    listAgencies: () => run(() => q.agencies.all().map((r) => JSON.parse(r.json) as Agency)),
    createAgency: (agency) => run(() => q.insertAgency.run(agency.code, JSON.stringify(agency)).changes > 0),
    updateAgency: (agency) => run(() => q.updateAgency.run(JSON.stringify(agency), agency.code).changes > 0),
    seedAgencies: (agencies) => run(() => seedTx.immediate(agencies)),
  };

  return {
    kind: 'sqlite',
    events,
    accounts,
    health: async () =>
      closed ? { ok: false, detail: 'SQLite store closed' } : { ok: true, detail: `SQLite ${db.name}` },
    startupWarnings: async () => [],
    async close() {
      if (closed) return;
      closed = true;
      listeners.clear();
      db.close();
    },
  };
}

/** Checks the batch and encodes each event once (the JSON is what gets stored). */
function encodeBatch(
  incidentId: string,
  expectedSeq: number,
  commandId: string,
  batch: readonly UnsequencedEvent[],
): string[] {
  if (!Number.isSafeInteger(expectedSeq) || expectedSeq < 0) {
    throw new TypeError(`append: expectedSeq must be a non-negative integer, got ${expectedSeq}`);
  }
  if (batch.length === 0) throw new TypeError('append: a command appends at least one event');
  return batch.map((event) => {
    if (event.incidentId !== incidentId || event.commandId !== commandId) {
      throw new TypeError(`append: event ${event.id} belongs to another incident or command`);
    }
    if ('seq' in event || 'ts' in event) throw new TypeError('append: seq and ts are assigned by the store');
    return JSON.stringify(event);
  });
}

function assertSameUsername(existing: StoredAccount, account: StoredAccount): void {
  if (existing.username !== account.username.toLowerCase()) {
    throw new TypeError('updateAccount: the username of an account cannot change');
  }
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  incident_id TEXT NOT NULL, seq INTEGER NOT NULL, ts INTEGER NOT NULL, json TEXT NOT NULL,
  PRIMARY KEY (incident_id, seq)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS commands (
  incident_id TEXT NOT NULL, command_id TEXT NOT NULL, seqs TEXT NOT NULL,
  PRIMARY KEY (incident_id, command_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS incidents (id TEXT PRIMARY KEY, created_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS accounts (
  id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE, created_at INTEGER NOT NULL, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sessions (
  token_hash TEXT PRIMARY KEY, account_id TEXT NOT NULL, created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL, expires_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS sessions_by_account ON sessions (account_id);
CREATE TABLE IF NOT EXISTS agencies (code TEXT PRIMARY KEY, json TEXT NOT NULL);
`;
