import type { DisplayScope, Role } from '../../lib/domain/actor';
import type { Agency } from '../../lib/domain/agencies';
import type { IncidentEvent, UnsequencedEvent } from '../../lib/domain/incident/events';
import type { EmergencyPlan } from '../../lib/domain/plans';
import type { AuditEntry, AuditPage } from '../../lib/protocol/http';
import type { ReviewEntry, UnsequencedReviewEntry } from '../../lib/protocol/review';
import type { ControlMessage } from './control-message';
import type { ImportLogResult } from './import-log';

export type { ImportLogResult } from './import-log';

/**
 * The storage contract (server/store/contract.ts runs one suite against every
 * implementation). Two implementations: SQLite (embedded, default) and Redis.
 */

export type AppendResult =
  /** Written durably and published; events carry their seq and ts. */
  | { status: 'appended'; events: IncidentEvent[] }
  /** This command id was appended before (SPEC IDEM1): nothing written; its original seqs. */
  | { status: 'duplicate'; seqs: number[] }
  /**
   * The incident is no longer at expectedSeq (SPEC CONC2): nothing written.
   * `missed` holds the events after expectedSeq (at most STALE_MISSED_MAX), so
   * the caller can catch up and decide again without another round trip.
   */
  | { status: 'stale'; headSeq: number; missed: IncidentEvent[] }
  /**
   * SPEC AUTH8: these commands' sessions (`AppendCommand.session`) have ended or
   * expired: nothing of the batch was written.
   */
  | { status: 'unauthenticated'; commandIds: string[] };

/** One command of an appendBatch. */
export interface AppendCommand {
  commandId: string;
  events: readonly UnsequencedEvent[];
  /**
   * The token hash of the session that sent it (SPEC AUTH8): the batch is written
   * only if every such session is still stored and not past its expiry, checked in the
   * same atomic step as the write, so no command lands after its session ended.
   */
  session?: string;
}

/** How many events a stale append answer carries back at most. */
export const STALE_MISSED_MAX = 100;

export interface AppendOptions {
  /** Epoch ms to stamp instead of the clock: clamped to [last event's ts, now]. */
  ts?: number;
}

/** A replay checkpoint as stored (EventStore.putCheckpoints). */
export interface StoredCheckpoint {
  seq: number;
  meta: string;
  state: string;
}

export interface EventStore {
  /**
   * Atomically: if commandId was appended to this incident before → duplicate;
   * else if the incident's head is not expectedSeq → stale; else assign
   * seq = expectedSeq + 1 …, ts (never decreasing along seq), write, publish.
   * Resolves only once the write is durable (SPEC DUR1).
   * Rejects with StoreUnavailableError when the store cannot be reached.
   */
  append(
    incidentId: string,
    expectedSeq: number,
    commandId: string,
    events: readonly UnsequencedEvent[],
  ): Promise<AppendResult>;
  /**
   * Group commit: several commands in one atomic append (one fsync), their
   * events in the given order. Same answers as append; a batch with a command
   * id that was appended before answers stale (the caller is behind), never
   * duplicate. A command with a `session` that has ended answers unauthenticated
   * before anything else is looked at.
   *
   * `options.ts` backdates the events (only the demo seed, server/demo, does this:
   * a running drill whose history spans the last hour, and drills closed days ago).
   * The store still never lets
   * ts go below the incident's last event or above its own clock (SPEC SEQ1).
   */
  appendBatch(
    incidentId: string,
    expectedSeq: number,
    commands: ReadonlyArray<AppendCommand>,
    options?: AppendOptions,
  ): Promise<AppendResult>;
  /**
   * Writes a whole incident log verbatim (an import, SPEC REV5): the same event
   * ids, seq, ts, command ids and actors. Atomically: if the incident has any
   * event or command id here → exists, nothing written; else every event, the
   * command-id entries (a command replayed later is a duplicate, SPEC IDEM1) and
   * the incident's entry in listIncidentIds and its review log (`review`, as
   * given: entries, seqs, ts; nothing when empty), then the last event is
   * published so other processes learn of the incident (hubs fill the rest from
   * read()). An incident with a review log here is an existing one too.
   * The events must be seq 1..n of this incident with ts never decreasing, and
   * so must the review entries along their review seq 1..m.
   */
  importLog(incidentId: string, events: readonly IncidentEvent[], review: readonly ReviewEntry[]): Promise<ImportLogResult>;
  /** Events with seq ≥ fromSeq, in order, at most `limit`. */
  read(incidentId: string, fromSeq: number, limit: number): Promise<IncidentEvent[]>;
  /**
   * The same events as `read`, as the JSON text they were stored as (JSON.stringify of
   * each): the events and replay routes send them as they are, with no parse and no
   * stringify of 1,000 events per page.
   */
  readJson(incidentId: string, fromSeq: number, limit: number): Promise<string[]>;
  /** The latest seq of an incident; 0 if it has no events. */
  head(incidentId: string): Promise<number>;
  /**
   * The incident-list row kept beside the incident's log (SPEC OPS5): `json` as made at `seq`.
   * Derived from the log, so any may be missing or old: a reader compares `seq` with `head`.
   */
  getSummary(incidentId: string): Promise<{ seq: number; json: string } | null>;
  /** Keeps the row made at `seq` (the last write wins; a reader checks its seq). */
  putSummary(incidentId: string, seq: number, json: string): Promise<void>;
  /**
   * Replay checkpoints kept beside the log (SPEC REV6): at seq, a small `meta` (its
   * ticks, read all at once when a replay opens) and a large `state` (read when a chunk
   * needs it). Derived from the log, so any may be missing or of an old version: a
   * reader checks. The last write of a seq wins (the same seq always holds the same state).
   */
  putCheckpoints(incidentId: string, rows: ReadonlyArray<StoredCheckpoint>): Promise<void>;
  /** The metas of every stored checkpoint of an incident, seq ascending. */
  checkpointMetas(incidentId: string): Promise<Array<{ seq: number; meta: string }>>;
  /** The state stored with the checkpoint at seq, or null. */
  checkpointState(incidentId: string, seq: number): Promise<string | null>;
  /**
   * The seqs a command id appended to this incident, or null if it appended
   * nothing there (SPEC IDEM1: a hub keeps only its newest ids in memory and
   * asks here about older ones).
   */
  command(incidentId: string, commandId: string): Promise<number[] | null>;
  /** All incident ids, oldest first. */
  listIncidentIds(): Promise<string[]>;
  /**
   * Every appended event of every incident, from any process, in seq order per
   * incident as published (SPEC BUS1). Listeners must tolerate duplicates and
   * gaps (they fill gaps from read()).
   */
  subscribe(listener: (event: IncidentEvent) => void): () => void;
  /** Called when the bus reconnected after a break: events may have been missed. */
  onResync(listener: () => void): () => void;
}

export interface StoredAccount {
  id: string;
  /** Unique, compared case-insensitively (stored lower-case). */
  username: string;
  displayName: string;
  role: Role;
  agency: string | null;
  disabled: boolean;
  mustChangePassword: boolean;
  /** scrypt$N$r$p$salt$hash (server/auth/password.ts). */
  passwordHash: string;
  createdAt: number;
  updatedAt: number;
  /**
   * Sessions made before this (epoch ms) are no longer valid (SPEC AUTH8): written in the same
   * update as the change that ends them (a new password, role or agency), so that a store failure
   * between that update and ending the sessions (an answer of 503, and a retry that finds nothing
   * left to change) leaves none of them valid. Absent: every session of the account is.
   */
  sessionsFrom?: number;
}

export interface SessionRecord {
  /** Non-secret id (uuid): what admins see and revoke by. */
  id: string;
  /** sha256 of the token; the token itself is never stored. */
  tokenHash: string;
  accountId: string;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
  /** Where it signed in from (server/http/client-address.ts) and with what, for the admin's list. */
  address: string | null;
  userAgent: string | null;
}

export interface AccountStore {
  /** Creates it unless the username is taken; false when taken. */
  createAccount(account: StoredAccount): Promise<boolean>;
  /** Creates the account only if there are no accounts at all (first run, race-free across processes). */
  createFirstAccount(account: StoredAccount): Promise<boolean>;
  getAccount(id: string): Promise<StoredAccount | null>;
  getAccountByUsername(username: string): Promise<StoredAccount | null>;
  listAccounts(): Promise<StoredAccount[]>;
  /**
   * Replaces the account record (same id and username); false if it does not exist, or, with
   * `expected` (the record the change was made from, as read from this store), if the record is no
   * longer that one: someone changed the account meanwhile, and nothing is written (the caller
   * reads it again and makes its change on that; SPEC AUTH8: a change must not undo another's).
   */
  updateAccount(account: StoredAccount, expected?: StoredAccount): Promise<boolean>;

  createSession(session: SessionRecord): Promise<void>;
  getSession(tokenHash: string): Promise<SessionRecord | null>;
  getSessionById(id: string): Promise<SessionRecord | null>;
  /** The account's live (not expired) sessions, oldest first. */
  listSessionsOf(accountId: string): Promise<SessionRecord[]>;
  touchSession(tokenHash: string, lastSeenAt: number): Promise<void>;
  deleteSession(tokenHash: string): Promise<void>;
  /** Deletes by the non-secret id; returns what was deleted (null when there was none). */
  deleteSessionById(id: string): Promise<SessionRecord | null>;
  /** Deletes every session of the account but `exceptId`; returns how many live ones were deleted. */
  deleteSessionsOf(accountId: string, exceptId?: string): Promise<number>;

  listAgencies(): Promise<Agency[]>;
  /** Adds it unless the code exists; false when it exists. */
  createAgency(agency: Agency): Promise<boolean>;
  /** Replaces an existing agency; false if there is none with that code. */
  updateAgency(agency: Agency): Promise<boolean>;
  /** Adds these agencies only when there are none yet (first run). */
  seedAgencies(agencies: readonly Agency[]): Promise<void>;
}

/** A wall-screen token (SPEC AUTH7). The token itself is never stored. */
export interface DisplayRecord {
  id: string;
  name: string;
  scope: DisplayScope;
  /** sha256 of the token, like sessions. */
  tokenHash: string;
  createdAt: number;
  createdBy: { accountId: string; username: string };
  lastSeenAt: number | null;
  revokedAt: number | null;
}

export interface DisplayStore {
  createDisplay(display: DisplayRecord): Promise<void>;
  getDisplay(id: string): Promise<DisplayRecord | null>;
  getDisplayByTokenHash(tokenHash: string): Promise<DisplayRecord | null>;
  /** Newest first, revoked ones included. */
  listDisplays(): Promise<DisplayRecord[]>;
  touchDisplay(id: string, lastSeenAt: number): Promise<void>;
  /**
   * Marks it revoked (once: a second call keeps the first time) and returns the
   * record; null when there is no such display.
   */
  revokeDisplay(id: string, at: number): Promise<DisplayRecord | null>;
}

/** Append-only, capped at the newest N entries (SPEC AUTH12). */
export interface AuditStore {
  append(entry: Omit<AuditEntry, 'id'>): Promise<AuditEntry>;
  /** Newest first, strictly older than the `before` cursor; `next` is the cursor of the following page. */
  page(before: string | null, limit: number): Promise<AuditPage>;
}

export interface ThrottleRecord {
  failures: number;
  /** Epoch ms; 0 when not locked. */
  lockedUntil: number;
}

/**
 * How failures lock a key (SPEC AUTH9): the `free`-th failure and every later one lock it for
 * baseDelayMs · 2^(failures − free), at most maxDelayMs. A record is forgotten `forgetMs` after
 * the last failure (or after its lock ends, whichever is later).
 */
export interface ThrottleRule {
  free: number;
  baseDelayMs: number;
  maxDelayMs: number;
  forgetMs: number;
}

/** The answer of ThrottleStore.reserve. */
export type ThrottleReservation =
  /** The key is locked until `lockedUntil`: nothing was counted. */
  | { granted: false; lockedUntil: number }
  | {
      granted: true;
      /** The failures counted, this attempt's included. */
      failures: number;
      /** The lock this attempt started (epoch ms), 0 when it started none. */
      lockedUntil: number;
      /** The key's lock before (in the past, or 0): what release puts back. */
      previousLockedUntil: number;
    };

/** Sign-in failure counters (SPEC AUTH9), shared by every process. */
export interface ThrottleStore {
  get(key: string): Promise<ThrottleRecord | null>;
  /**
   * One attempt, in one atomic step, before its password is checked: while the key is locked
   * it is refused and nothing is counted; otherwise it is counted as a failure at once, and
   * locks the key as `rule` says. So attempts that run at the same time (on any process)
   * cannot all pass one check before any failure is counted.
   */
  reserve(key: string, now: number, rule: ThrottleRule): Promise<ThrottleReservation>;
  /**
   * Takes a granted reservation back (its attempt succeeded): one failure less, and the lock
   * it started lifted unless a later one has replaced it. Gone when nothing is left.
   */
  release(key: string, reservation: { lockedUntil: number; previousLockedUntil: number }, now: number): Promise<void>;
  reset(key: string): Promise<void>;
}

/**
 * A small bus between server processes for things that are not incident events:
 * "end these sessions", "this display was revoked" (SPEC AUTH8). SQLite: in
 * process. Redis: the `control` channel on the subscriber connection. At most
 * once, like any pub/sub: onResync tells when messages may have been lost.
 */
export interface ControlBus {
  publish(message: ControlMessage): Promise<void>;
  subscribe(listener: (message: ControlMessage) => void): () => void;
  onResync(listener: () => void): () => void;
}

export type ReviewAppendResult =
  /** Written durably, with the review log's next seq and the store's time. */
  | { status: 'appended'; entry: ReviewEntry }
  /** An entry with this id is in this incident's review log already: nothing written; that entry. */
  | { status: 'duplicate'; entry: ReviewEntry }
  /** The review log is no longer at expectedSeq: nothing written. */
  | { status: 'stale'; headSeq: number }
  /** The review log holds LIMITS.reviewEntries entries already: nothing written. */
  | { status: 'full'; headSeq: number };

/**
 * The after-action review log of each incident (SPEC REV3): findings and the
 * improvement plan. Separate from the incident's event log, which it never
 * touches; append-only, with its own seq (1, 2, … per incident, no gaps) and
 * times (the store's clock, never decreasing along seq).
 */
export interface ReviewStore {
  /**
   * Atomically: if an entry with entry.id is in this incident's review log →
   * duplicate (the stored one); else if expectedSeq is given and the head is
   * not it → stale; else if the log holds `maxEntries` → full; else write it at
   * head + 1. Resolves once durable.
   */
  append(
    incidentId: string,
    entry: UnsequencedReviewEntry,
    opts: { expectedSeq?: number; maxEntries: number },
  ): Promise<ReviewAppendResult>;
  /** Entries with seq ≥ fromSeq, in order, at most `limit`. */
  read(incidentId: string, fromSeq: number, limit: number): Promise<ReviewEntry[]>;
  /** The review log's latest seq; 0 when empty. */
  head(incidentId: string): Promise<number>;
}

/** An emergency plan as an installation saved it (SPEC PLAN2). A scenario with none stored has the built-in one. */
export interface StoredPlan extends EmergencyPlan {
  /** 1 for the first save, one more for each save after it (0 stands for "none stored"). */
  version: number;
  /** Epoch ms of the save. */
  updatedAt: number;
  /** The account id of the admin who saved it. */
  updatedBy: string;
}

/** The installation's emergency plans (SPEC PLAN2): one per scenario at most, each with its version. */
export interface PlanStore {
  /** Every stored plan, by scenario (code-point order). */
  listPlans(): Promise<StoredPlan[]>;
  /**
   * Atomic compare-and-set: writes `plan` (replacing its scenario's) only if the version stored for
   * that scenario is the one before `plan.version` (0: none stored); otherwise false, and nothing
   * is written. Of two saves from the same version, one wins.
   */
  savePlan(plan: StoredPlan): Promise<boolean>;
}

/** GET /readyz (SPEC OPS1): ok = reachable and subscribed. */
export interface StoreHealth {
  ok: boolean;
  detail: string;
  /** The store answers a command now. */
  reachable: boolean;
  /** The bus delivers to this process: always with SQLite (in-process); with Redis, the subscriber is ready and holds both subscriptions. */
  subscribed: boolean;
}

export interface Store {
  kind: 'sqlite' | 'redis';
  events: EventStore;
  /** After-action review logs (SPEC REV3), one per incident. */
  review: ReviewStore;
  accounts: AccountStore;
  /** The installation's emergency plans (SPEC PLAN2). */
  plans: PlanStore;
  displays: DisplayStore;
  audit: AuditStore;
  throttle: ThrottleStore;
  control: ControlBus;
  /** Store reachable and (Redis) subscriptions (incident pattern and control channel) live. */
  health(): Promise<StoreHealth>;
  /** Warnings to print at start-up (e.g. Redis without appendfsync always). */
  startupWarnings(): Promise<string[]>;
  close(): Promise<void>;
}

/**
 * Redis replies that mean it cannot serve now ("not now"), not that the command was wrong: OOM
 * at maxmemory under noeviction (docs/operations.md), also from inside a script.
 */
export const REDIS_UNAVAILABLE_REPLY = /^(LOADING|BUSY|MASTERDOWN|READONLY|TRYAGAIN|CLUSTERDOWN|MISCONF|OOM)\b|\bOOM command not allowed\b/;

/** Thrown (rejected) when the store cannot be reached; maps to STORE_UNAVAILABLE. */
export class StoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}

/** How a part of the SQLite store (plans, review, security) runs its statements: with the store's typed errors (server/store/sqlite.ts `run`). */
export type SqliteRun = <T>(fn: () => T) => Promise<T>;
