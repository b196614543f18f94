import type Database from 'better-sqlite3';
import type { ReviewEntry, UnsequencedReviewEntry } from '../../lib/protocol/review';
import type { ReviewAppendResult, ReviewStore, SqliteRun as Run } from './types';

/** The review table's head and insert, also prepared by an import (sqlite.ts importLog), which writes a review log with its events. */
export const REVIEW_SQL = {
  head: 'SELECT seq, ts FROM review WHERE incident_id = ? ORDER BY seq DESC LIMIT 1',
  insert: 'INSERT INTO review (incident_id, seq, entry_id, ts, json) VALUES (?, ?, ?, ?, ?)',
} as const;

/**
 * The SQLite review logs (SPEC REV3): table `review` of server/store/sqlite.ts
 * SCHEMA, one row per entry, unique per (incident, seq) and (incident, entry id).
 * Each append is one IMMEDIATE transaction, so two processes on one file cannot
 * take the same seq. The `events` table is never touched.
 */
export function createSqliteReviewStore(db: Database.Database, run: Run): ReviewStore {
  const q = {
    head: db.prepare<[string], { seq: number; ts: number }>(REVIEW_SQL.head),
    byId: db.prepare<[string, string], { json: string }>('SELECT json FROM review WHERE incident_id = ? AND entry_id = ?'),
    insert: db.prepare(REVIEW_SQL.insert),
    read: db.prepare<[string, number, number], { json: string }>(
      'SELECT json FROM review WHERE incident_id = ? AND seq >= ? ORDER BY seq LIMIT ?',
    ),
  };
  const parse = (json: string) => JSON.parse(json) as ReviewEntry;

  const appendTx = db.transaction(
    (incidentId: string, entryId: string, body: string, expectedSeq: number | undefined, max: number): ReviewAppendResult => {
      const dup = q.byId.get(incidentId, entryId);
      if (dup) return { status: 'duplicate', entry: parse(dup.json) };
      const head = q.head.get(incidentId);
      const headSeq = head?.seq ?? 0;
      if (expectedSeq !== undefined && expectedSeq !== headSeq) return { status: 'stale', headSeq };
      if (headSeq >= max) return { status: 'full', headSeq };
      const seq = headSeq + 1;
      const ts = Math.max(Date.now(), head?.ts ?? 0);
      // Same layout as the Redis store: seq and ts first, then the entry as given.
      const json = `{"seq":${seq},"ts":${ts},${body.slice(1)}`;
      q.insert.run(incidentId, seq, entryId, ts, json);
      return { status: 'appended', entry: parse(json) };
    },
  );

  return {
    append: (incidentId, entry: UnsequencedReviewEntry, opts) =>
      run(() => {
        if (entry.incidentId !== incidentId) throw new TypeError('review append: entry of another incident');
        return appendTx.immediate(incidentId, entry.id, JSON.stringify(entry), opts.expectedSeq, opts.maxEntries);
      }),
    read: (incidentId, fromSeq, limit) =>
      run(() => (limit <= 0 ? [] : q.read.all(incidentId, Math.max(1, fromSeq), limit).map((r) => parse(r.json)))),
    head: (incidentId) => run(() => q.head.get(incidentId)?.seq ?? 0),
  };
}
