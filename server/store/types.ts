import type { Role } from '../../lib/domain/actor';
import type { Agency } from '../../lib/domain/agencies';
import type { IncidentEvent, UnsequencedEvent } from '../../lib/domain/incident/events';

/**
 * The storage contract (server/store/contract.ts runs one suite against every
 * implementation). Two implementations: SQLite (embedded, default) and Redis.
 */

export type AppendResult =
  /** Written durably and published; events carry their seq and ts. */
  | { status: 'appended'; events: IncidentEvent[] }
  /** This command id was appended before (SPEC IDEM1): nothing written; its original seqs. */
  | { status: 'duplicate'; seqs: number[] }
  /** The incident is no longer at expectedSeq (SPEC CONC2): nothing written. */
  | { status: 'stale'; headSeq: number };

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
  /** Events with seq ≥ fromSeq, in order, at most `limit`. */
  read(incidentId: string, fromSeq: number, limit: number): Promise<IncidentEvent[]>;
  /** The latest seq of an incident; 0 if it has no events. */
  head(incidentId: string): Promise<number>;
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
}

export interface SessionRecord {
  /** sha256 of the token; the token itself is never stored. */
  tokenHash: string;
  accountId: string;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
}

export interface AccountStore {
  /** Creates it unless the username is taken; false when taken. */
  createAccount(account: StoredAccount): Promise<boolean>;
  /** Creates the account only if there are no accounts at all (first run, race-free across processes). */
  createFirstAccount(account: StoredAccount): Promise<boolean>;
  getAccount(id: string): Promise<StoredAccount | null>;
  getAccountByUsername(username: string): Promise<StoredAccount | null>;
  listAccounts(): Promise<StoredAccount[]>;
  /** Replaces the account record (same id and username); false if it does not exist. */
  updateAccount(account: StoredAccount): Promise<boolean>;

  createSession(session: SessionRecord): Promise<void>;
  getSession(tokenHash: string): Promise<SessionRecord | null>;
  touchSession(tokenHash: string, lastSeenAt: number): Promise<void>;
  deleteSession(tokenHash: string): Promise<void>;
  /** Returns how many were deleted. */
  deleteSessionsOf(accountId: string): Promise<number>;

  listAgencies(): Promise<Agency[]>;
  /** Adds it unless the code exists; false when it exists. */
  createAgency(agency: Agency): Promise<boolean>;
  /** Replaces an existing agency; false if there is none with that code. */
  updateAgency(agency: Agency): Promise<boolean>;
  /** Adds these agencies only when there are none yet (first run). */
  seedAgencies(agencies: readonly Agency[]): Promise<void>;
}

export interface StoreHealth {
  ok: boolean;
  detail: string;
}

export interface Store {
  kind: 'sqlite' | 'redis';
  events: EventStore;
  accounts: AccountStore;
  /** Store reachable and (Redis) subscriptions live. */
  health(): Promise<StoreHealth>;
  /** Warnings to print at start-up (e.g. Redis without appendfsync always). */
  startupWarnings(): Promise<string[]>;
  close(): Promise<void>;
}

/** Thrown (rejected) when the store cannot be reached; maps to STORE_UNAVAILABLE. */
export class StoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}
