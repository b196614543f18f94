/**
 * Error codes shared by the domain, the wire protocol and the HTTP routes.
 * A const object plus a type of the same name, so both `ErrorCode.CONFLICT`
 * and `code: ErrorCode` read naturally.
 */
export const ErrorCode = {
  /** The payload does not match the schema (wrong types, missing fields, too long). */
  BAD_REQUEST: 'BAD_REQUEST',
  /** The command type is not one the server knows. */
  UNKNOWN_COMMAND: 'UNKNOWN_COMMAND',
  /** The encoded payload is over the application's size limit. */
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  /** No valid session. */
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  /** Signed in, but this role/agency may not do this. */
  FORBIDDEN: 'FORBIDDEN',
  /** Unknown incident, task or account. */
  NOT_FOUND: 'NOT_FOUND',
  /** Something with this id already exists. */
  ALREADY_EXISTS: 'ALREADY_EXISTS',
  /** The expected version is stale: someone else changed it first. */
  CONFLICT: 'CONFLICT',
  /** The status or phase change is not allowed from the current state. */
  INVALID_TRANSITION: 'INVALID_TRANSITION',
  /** The incident is closed; its record is read-only. */
  INCIDENT_CLOSED: 'INCIDENT_CLOSED',
  /** The client speaks an older protocol version. */
  CLIENT_TOO_OLD: 'CLIENT_TOO_OLD',
  /** Too many requests; slow down. */
  RATE_LIMITED: 'RATE_LIMITED',
  /** The store (Redis or SQLite) cannot be reached; what was asked may not have been saved. Retry (a command with the same id). */
  STORE_UNAVAILABLE: 'STORE_UNAVAILABLE',
  /** Client side: no answer in time. Retrying with the same command id is safe (SPEC IDEM1). */
  TIMEOUT: 'TIMEOUT',
  /** A bug on our side; nothing was written. */
  INTERNAL: 'INTERNAL',
  /**
   * Client side: the server's answer did not have the shape of the protocol (a server of another
   * version, or a bug; SPEC SYNC10). Whether a command so answered was applied is not known:
   * the outbox sends it again with the same command id (SPEC IDEM1). A read so answered is not
   * tried again by itself.
   */
  BAD_RESPONSE: 'BAD_RESPONSE',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Failures that pass by themselves (the server busy or restarting, its store away): try again later (SPEC SYNC3). */
const TRANSIENT: ReadonlySet<string> = new Set([ErrorCode.TIMEOUT, ErrorCode.STORE_UNAVAILABLE, ErrorCode.RATE_LIMITED, ErrorCode.INTERNAL]);
export const isTransient = (code: string | undefined): boolean => code !== undefined && TRANSIENT.has(code);

export interface DomainError {
  code: ErrorCode;
  /** Human-readable, English; the UI translates by code and shows this as detail. */
  message: string;
  /** Optional structured detail (e.g. the current version on CONFLICT). */
  details?: Record<string, unknown>;
}

/**
 * Which limit a RATE_LIMITED answer met (`details.limit`): a socket's commands' bucket, its joins'
 * and fetches' bucket, or the number of incidents it has joined at once (SPEC AUTH10); or the
 * incident's own, too busy to decide the command now (SPEC CONC2, CONC3).
 */
export type RateLimit = 'commands' | 'reads' | 'joined' | 'incident';

/**
 * For a RATE_LIMITED answer (SPEC AUTH10): how long the server asked to wait before the next try
 * (`details.retryAfterMs`, else `fallbackMs`); null for any other error, and, with `limit`, for
 * one that met another limit.
 */
export function rateLimitWait(error: DomainError, { limit, fallbackMs = 1000 }: { limit?: RateLimit; fallbackMs?: number } = {}): number | null {
  if (error.code !== ErrorCode.RATE_LIMITED) return null;
  if (limit !== undefined && error.details?.limit !== limit) return null;
  const ms = Number(error.details?.retryAfterMs);
  return Number.isFinite(ms) && ms >= 0 ? ms : fallbackMs;
}

export function domainError(code: ErrorCode, message: string, details?: Record<string, unknown>): DomainError {
  return details ? { code, message, details } : { code, message };
}

/** SPEC AUTH10: RATE_LIMITED with how long to wait (`details.retryAfterMs`) and which limit it met (`details.limit`; `rateLimitWait` reads them). */
export function rateLimited(message: string, retryAfterMs: number, limit: RateLimit): DomainError {
  return domainError(ErrorCode.RATE_LIMITED, message, { retryAfterMs, limit });
}

export function assertNever(x: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(x)}`);
}
