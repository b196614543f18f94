import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Agency } from '../../lib/domain/agencies';
import type { IncidentEvent } from '../../lib/domain/incident/events';
import { checkBatch } from './append-batch';
import { createSqlitePlanStore } from './sqlite-plans';
import { createSqliteReviewStore, REVIEW_SQL } from './sqlite-review';
import { encodeImport, type EncodedImport, type ImportLogResult } from './import-log';
import { createSqliteSecurityStores } from './sqlite-security';
import {
  STALE_MISSED_MAX,
  StoreUnavailableError,
  type AccountStore,
  type AppendResult,
  type EventStore,
  type SessionRecord,
  type Store,
  type StoredAccount,
} from './types';

/** SQLite's result codes (extended ones too) of a store that cannot serve now but may again: StoreUnavailableError. */
const SQLITE_UNAVAILABLE = /^SQLITE_(BUSY|LOCKED|FULL|IOERR|READONLY|CANTOPEN|NOMEM|PROTOCOL)(_|$)/;

/** Default cap of the audit log (newest entries kept). */
export const AUDIT_MAX_ENTRIES = 100_000;

/**
 * The embedded store (default): one SQLite file in WAL mode with synchronous=FULL, so an
 * acknowledged append survives kill -9 (SPEC DUR1). better-sqlite3 is synchronous: each
 * append is one transaction that nothing else in this process can interleave with, and
 * BEGIN IMMEDIATE serialises it against other processes using the same file.
 */
export function createSqliteStore(opts: { dir: string; auditMaxEntries?: number }): Store {
  mkdirSync(opts.dir, { recursive: true });
  const db = new Database(path.join(opts.dir, 'portline.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.exec(SCHEMA);
  migrate(db);

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
    // The import's writes to the review logs (the review store, sqlite-review.ts, does every other).
    reviewHead: db.prepare<[string], { seq: number }>(REVIEW_SQL.head),
    insertReview: db.prepare(REVIEW_SQL.insert),
    // The stored JSON texts themselves (pluck): no row object per event, which a hub's load
    // of a 100,000-event log made and dropped 100,000 of.
    read: db
      .prepare<[string, number, number], string>('SELECT json FROM events WHERE incident_id = ? AND seq >= ? ORDER BY seq LIMIT ?')
      .pluck(),
    commandCount: db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM commands WHERE incident_id = ?'),
    summary: db.prepare<[string], { seq: number; json: string }>('SELECT seq, json FROM incident_summaries WHERE incident_id = ?'),
    putSummary: db.prepare('INSERT OR REPLACE INTO incident_summaries (incident_id, seq, json) VALUES (?, ?, ?)'),
    putCheckpoint: db.prepare('INSERT OR REPLACE INTO replay_checkpoints (incident_id, seq, meta, state) VALUES (?, ?, ?, ?)'),
    checkpointMetas: db.prepare<[string], { seq: number; meta: string }>(
      'SELECT seq, meta FROM replay_checkpoints WHERE incident_id = ? ORDER BY seq',
    ),
    checkpointState: db
      .prepare<[string, number], string>('SELECT state FROM replay_checkpoints WHERE incident_id = ? AND seq = ?')
      .pluck(),
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
      `INSERT OR REPLACE INTO sessions (token_hash, id, account_id, created_at, last_seen_at, expires_at, address, user_agent)
       VALUES (@tokenHash, @id, @accountId, @createdAt, @lastSeenAt, @expiresAt, @address, @userAgent)`,
    ),
    // Expired sessions are invisible, as in Redis where they expire on their own.
    session: db.prepare<[string, number], SessionRecord>(`${SESSION_COLUMNS} WHERE token_hash = ? AND expires_at > ?`),
    sessionById: db.prepare<[string, number], SessionRecord>(`${SESSION_COLUMNS} WHERE id = ? AND expires_at > ?`),
    sessionsOf: db.prepare<[string, number], SessionRecord>(
      `${SESSION_COLUMNS} WHERE account_id = ? AND expires_at > ? ORDER BY created_at, rowid`,
    ),
    touchSession: db.prepare('UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?'),
    deleteSession: db.prepare('DELETE FROM sessions WHERE token_hash = ?'),
    liveSessionsOf: db.prepare<[string, number, string], { n: number }>(
      'SELECT COUNT(*) AS n FROM sessions WHERE account_id = ? AND expires_at > ? AND id IS NOT ?',
    ),
    deleteSessionsOf: db.prepare<[string, string]>('DELETE FROM sessions WHERE account_id = ? AND id IS NOT ?'),
    purgeSessions: db.prepare('DELETE FROM sessions WHERE expires_at <= ?'),
    agencies: db.prepare<[], { json: string }>('SELECT json FROM agencies ORDER BY rowid'),
    agencyCount: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM agencies'),
    insertAgency: db.prepare('INSERT OR IGNORE INTO agencies (code, json) VALUES (?, ?)'),
    updateAgency: db.prepare('UPDATE agencies SET json = ? WHERE code = ?'),
  };

  const appendTx = db.transaction(
    (
      incidentId: string,
      expectedSeq: number,
      commands: Array<{ commandId: string; bodies: string[]; session?: string }>,
      backdate: number | undefined,
    ): AppendResult => {
      // SPEC AUTH8: nothing is written for a session that has ended (deleted) or expired.
      const now = Date.now();
      // Each session looked up once (a group commit's commands mostly share a few sessions).
      const alive = new Map<string, boolean>();
      const lives = (s: string): boolean => {
        let ok = alive.get(s);
        if (ok === undefined) alive.set(s, (ok = q.session.get(s, now) !== undefined));
        return ok;
      };
      const gone = commands.filter((c) => c.session !== undefined && !lives(c.session)).map((c) => c.commandId);
      if (gone.length > 0) return { status: 'unauthenticated', commandIds: gone };
      let behind = false;
      for (const { commandId } of commands) {
        const dup = q.command.get(incidentId, commandId);
        if (dup && commands.length === 1) return { status: 'duplicate', seqs: JSON.parse(dup.seqs) as number[] };
        // In a batch, a command applied elsewhere means the caller is behind: stale.
        if (dup) behind = true;
      }
      const head = q.head.get(incidentId);
      const headSeq = head?.seq ?? 0;
      if (behind || headSeq !== expectedSeq) {
        const missed =
          expectedSeq < headSeq
            ? q.read.all(incidentId, expectedSeq + 1, STALE_MISSED_MAX).map((json) => JSON.parse(json) as IncidentEvent)
            : [];
        return { status: 'stale', headSeq, missed };
      }
      // SPEC SEQ1: ts never decreases along seq, even if the wall clock steps back; a
      // backdated ts (the demo seed) is never in the future.
      const ts = Math.max(Math.min(backdate ?? now, now), head?.ts ?? 0);
      const events: IncidentEvent[] = [];
      for (const { commandId, bodies } of commands) {
        const seqs: number[] = [];
        for (const body of bodies) {
          const seq = expectedSeq + 1 + events.length;
          // Same layout as the Redis store: seq and ts first, then the event as given.
          const json = `{"seq":${seq},"ts":${ts},${body.slice(1)}`;
          q.insertEvent.run(incidentId, seq, ts, json);
          events.push(JSON.parse(json) as IncidentEvent);
          seqs.push(seq);
        }
        q.insertCommand.run(incidentId, commandId, JSON.stringify(seqs));
      }
      if (expectedSeq === 0) q.insertIncident.run(incidentId, ts);
      return { status: 'appended', events };
    },
  );
  const importTx = db.transaction((incidentId: string, encoded: EncodedImport, events: readonly IncidentEvent[]): ImportLogResult => {
    const headSeq = q.head.get(incidentId)?.seq ?? 0;
    if (headSeq > 0 || q.commandCount.get(incidentId)!.n > 0 || q.reviewHead.get(incidentId)) return { status: 'exists', headSeq };
    encoded.bodies.forEach((json, i) => q.insertEvent.run(incidentId, events[i].seq, events[i].ts, json));
    for (const [commandId, seqs] of encoded.commands) q.insertCommand.run(incidentId, commandId, seqs);
    for (const e of encoded.review) q.insertReview.run(incidentId, e.seq, e.id, e.ts, e.json);
    q.insertIncident.run(incidentId, encoded.firstTs);
    return { status: 'imported', headSeq: events.length, reviewHeadSeq: encoded.review.length };
  });
  const createFirstTx = db.transaction((account: StoredAccount): boolean => {
    if (q.accountCount.get()!.n > 0) return false;
    return insertAccount(account);
  });
  const deleteSessionsOfTx = db.transaction((accountId: string, exceptId: string | null): number => {
    const n = q.liveSessionsOf.get(accountId, Date.now(), exceptId as string)!.n;
    q.deleteSessionsOf.run(accountId, exceptId as string);
    return n;
  });
  const deleteSessionByIdTx = db.transaction((id: string): SessionRecord | null => {
    const session = q.sessionById.get(id, Date.now()) ?? null;
    if (session) q.deleteSession.run(session.tokenHash);
    return session;
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

  /**
   * Runs a synchronous DB call as a promise. Failures of the database's file or its locks (busy
   * past the busy timeout, disk full, I/O, read-only) become StoreUnavailableError: they pass, and
   * the command is retried safely with its id. Any other SQLite error (a constraint, no such table,
   * a corrupt file) is a bug or a broken store, not an outage: it is thrown as it is, answered
   * INTERNAL and logged as an error, not as a passing warning that retrying will fix.
   */
  function run<T>(fn: () => T): Promise<T> {
    if (closed) return Promise.reject(new StoreUnavailableError('The SQLite store is closed'));
    try {
      return Promise.resolve(fn());
    } catch (err) {
      if (err instanceof Database.SqliteError && SQLITE_UNAVAILABLE.test(err.code)) {
        return Promise.reject(new StoreUnavailableError(`SQLite: ${err.message}`, { cause: err }));
      }
      return Promise.reject(err);
    }
  }

  /**
   * `run`, on a later turn of the event loop, as a Redis read would be: a loop over a long
   * log's pages (a hub's load, the replay's checkpoints, an export) then lets sockets and
   * requests in between pages. Resolved at once, the 100 pages of a 100,000-event log ran as
   * one chain of microtasks and held the whole process for the second its load took.
   */
  function runLater<T>(fn: () => T): Promise<T> {
    return new Promise((resolve, reject) => setImmediate(() => run(fn).then(resolve, reject)));
  }

  /** The stored JSON of events ≥ fromSeq, at most `limit` (read, readJson). */
  const readJson = (incidentId: string, fromSeq: number, limit: number): string[] =>
    limit <= 0 ? [] : q.read.all(incidentId, Math.max(1, fromSeq), limit);

  const events: EventStore = {
    append(incidentId, expectedSeq, commandId, batch) {
      return events.appendBatch(incidentId, expectedSeq, [{ commandId, events: batch }]);
    },
    appendBatch(incidentId, expectedSeq, commands, options) {
      return run(() => {
        const encoded = checkBatch(incidentId, expectedSeq, commands, options?.ts);
        // .immediate(): take the write lock before reading the head, so another process
        // cannot commit between our check and our write (no SQLITE_BUSY_SNAPSHOT either).
        const result = appendTx.immediate(incidentId, expectedSeq, encoded, options?.ts);
        if (result.status === 'appended') notify(result.events);
        return result;
      });
    },
    importLog(incidentId, log, review) {
      return run(() => {
        const encoded = encodeImport(incidentId, log, review);
        const result = importTx.immediate(incidentId, encoded, log);
        if (result.status === 'imported') notify([JSON.parse(encoded.bodies[encoded.bodies.length - 1]) as IncidentEvent]);
        return result;
      });
    },
    read: (incidentId, fromSeq, limit) => runLater(() => readJson(incidentId, fromSeq, limit).map((json) => JSON.parse(json) as IncidentEvent)),
    readJson: (incidentId, fromSeq, limit) => runLater(() => readJson(incidentId, fromSeq, limit)),
    head: (incidentId) => run(() => q.head.get(incidentId)?.seq ?? 0),
    getSummary: (incidentId) => run(() => q.summary.get(incidentId) ?? null),
    putSummary: (incidentId, seq, json) =>
      run(() => {
        q.putSummary.run(incidentId, seq, json);
      }),
    putCheckpoints: (incidentId, rows) =>
      run(() => {
        // One transaction (one fsync) for a whole batch.
        db.transaction(() => {
          for (const r of rows) q.putCheckpoint.run(incidentId, r.seq, r.meta, r.state);
        })();
      }),
    checkpointMetas: (incidentId) => runLater(() => q.checkpointMetas.all(incidentId)),
    checkpointState: (incidentId, seq) => runLater(() => q.checkpointState.get(incidentId, seq) ?? null),
    command: (incidentId, commandId) =>
      run(() => {
        const row = q.command.get(incidentId, commandId);
        return row ? (JSON.parse(row.seqs) as number[]) : null;
      }),
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
    updateAccount: (account, expected) =>
      run(() => {
        const row = q.accountById.get(account.id);
        const existing = parseAccount(row);
        if (!existing || (expected && JSON.stringify(expected) !== row!.json)) return false;
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
    getSessionById: (id) => run(() => q.sessionById.get(id, Date.now()) ?? null),
    listSessionsOf: (accountId) => run(() => q.sessionsOf.all(accountId, Date.now())),
    touchSession: (tokenHash, lastSeenAt) =>
      run(() => {
        q.touchSession.run(lastSeenAt, tokenHash);
      }),
    deleteSession: (tokenHash) =>
      run(() => {
        q.deleteSession.run(tokenHash);
      }),
    deleteSessionById: (id) => run(() => deleteSessionByIdTx.immediate(id)),
    deleteSessionsOf: (accountId, exceptId) => run(() => deleteSessionsOfTx.immediate(accountId, exceptId ?? null)),
    listAgencies: () => run(() => q.agencies.all().map((r) => JSON.parse(r.json) as Agency)),
    createAgency: (agency) => run(() => q.insertAgency.run(agency.code, JSON.stringify(agency)).changes > 0),
    updateAgency: (agency) => run(() => q.updateAgency.run(JSON.stringify(agency), agency.code).changes > 0),
    seedAgencies: (agencies) => run(() => seedTx.immediate(agencies)),
  };

  const security = createSqliteSecurityStores(db, run, opts.auditMaxEntries ?? AUDIT_MAX_ENTRIES);

  return {
    kind: 'sqlite',
    events,
    review: createSqliteReviewStore(db, run),
    accounts,
    plans: createSqlitePlanStore(db, run),
    displays: security.displays,
    audit: security.audit,
    throttle: security.throttle,
    control: security.control,
    async health() {
      if (closed) return { ok: false, detail: 'SQLite store closed', reachable: false, subscribed: false };
      try {
        db.prepare('SELECT 1').get();
      } catch (err) {
        return { ok: false, detail: `SQLite unreadable: ${err instanceof Error ? err.message : String(err)}`, reachable: false, subscribed: true };
      }
      return { ok: true, detail: `SQLite ${db.name}`, reachable: true, subscribed: true };
    },
    startupWarnings: async () => [],
    async close() {
      if (closed) return;
      closed = true;
      listeners.clear();
      security.close();
      db.close();
    },
  };
}

/** Checks the batch and encodes each event once (the JSON is what gets stored). */

function assertSameUsername(existing: StoredAccount, account: StoredAccount): void {
  if (existing.username !== account.username.toLowerCase()) {
    throw new TypeError('updateAccount: the username of an account cannot change');
  }
}

const SESSION_COLUMNS = `SELECT id, token_hash AS tokenHash, account_id AS accountId, created_at AS createdAt,
  last_seen_at AS lastSeenAt, expires_at AS expiresAt, address, user_agent AS userAgent FROM sessions`;

/** Databases created before sessions had ids: add the columns (old sessions get a random id). */
function migrate(db: Database.Database): void {
  const columns = new Set((db.prepare('PRAGMA table_info(sessions)').all() as Array<{ name: string }>).map((c) => c.name));
  const tx = db.transaction(() => {
    if (!columns.has('id')) {
      db.exec('ALTER TABLE sessions ADD COLUMN id TEXT');
      db.exec("UPDATE sessions SET id = lower(hex(randomblob(16))) WHERE id IS NULL");
    }
    if (!columns.has('address')) db.exec('ALTER TABLE sessions ADD COLUMN address TEXT');
    if (!columns.has('user_agent')) db.exec('ALTER TABLE sessions ADD COLUMN user_agent TEXT');
    db.exec('CREATE UNIQUE INDEX IF NOT EXISTS sessions_by_id ON sessions (id)');
  });
  tx.immediate();
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
  token_hash TEXT PRIMARY KEY, id TEXT, account_id TEXT NOT NULL, created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, address TEXT, user_agent TEXT);
CREATE INDEX IF NOT EXISTS sessions_by_account ON sessions (account_id);
CREATE TABLE IF NOT EXISTS agencies (code TEXT PRIMARY KEY, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS displays (
  id TEXT PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE, created_at INTEGER NOT NULL, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS audit (id INTEGER PRIMARY KEY AUTOINCREMENT, json TEXT NOT NULL);
-- The after-action review logs (SPEC REV3; server/store/sqlite-review.ts). A database from
-- before the review log gets the table on its next start (CREATE ... IF NOT EXISTS).
CREATE TABLE IF NOT EXISTS review (
  incident_id TEXT NOT NULL, seq INTEGER NOT NULL, entry_id TEXT NOT NULL, ts INTEGER NOT NULL, json TEXT NOT NULL,
  PRIMARY KEY (incident_id, seq)) WITHOUT ROWID;
CREATE UNIQUE INDEX IF NOT EXISTS review_by_entry ON review (incident_id, entry_id);
-- Incident-list rows kept beside the logs (SPEC OPS5): derived, so they may be deleted at any time.
CREATE TABLE IF NOT EXISTS incident_summaries (incident_id TEXT PRIMARY KEY, seq INTEGER NOT NULL, json TEXT NOT NULL);
-- Replay checkpoints kept beside the logs (SPEC REV6): derived, so they may be deleted at any time.
CREATE TABLE IF NOT EXISTS replay_checkpoints (
  incident_id TEXT NOT NULL, seq INTEGER NOT NULL, meta TEXT NOT NULL, state TEXT NOT NULL,
  PRIMARY KEY (incident_id, seq));
-- The installation's emergency plans (SPEC PLAN2; server/store/sqlite-plans.ts): one row per
-- scenario saved, with its version. A database from before plans gets the table on its next start.
CREATE TABLE IF NOT EXISTS plans (scenario TEXT PRIMARY KEY, version INTEGER NOT NULL, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS throttle (
  key TEXT PRIMARY KEY, failures INTEGER NOT NULL, locked_until INTEGER NOT NULL, expires_at INTEGER NOT NULL);
`;
