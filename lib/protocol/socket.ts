import { z } from 'zod';
import type { IncidentEvent } from '../domain/incident/events';
import { LIMITS } from '../domain/limits';
import type { AckFn } from './ack';

/**
 * The Socket.IO protocol, typed once. The same interfaces type the
 * server (`Server<ClientToServerEvents, ServerToClientEvents>`) and every client.
 * Payload schemas below are what the server parses; types are not validation.
 */

export const SOCKET_PATH = '/socket.io';

/**
 * Handshake `auth` object. An account sends its session `token` (browsers send
 * the session cookie instead); a wall screen sends its `displayToken` (SPEC AUTH7).
 * Never both.
 */
export const HandshakeAuth = z.object({
  protocolVersion: z.number().int(),
  token: z.string().max(200).optional(),
  displayToken: z.string().max(200).optional(),
});
export type HandshakeAuth = z.infer<typeof HandshakeAuth>;

export const JoinRequest = z.strictObject({
  incidentId: z.uuid(),
  /** The last sequence number this client applied; 0 for none (SPEC SYNC1). */
  sinceSeq: z.number().int().min(0),
  /** At most this many events in the answer (SPEC SYNC9: a page sized to a slow link). @default LIMITS.eventsPage */
  limit: z.number().int().min(1).max(LIMITS.eventsPage).optional(),
});
export type JoinRequest = z.infer<typeof JoinRequest>;

export const LeaveRequest = z.strictObject({ incidentId: z.uuid() });
export type LeaveRequest = z.infer<typeof LeaveRequest>;

export const FetchRequest = z.strictObject({
  incidentId: z.uuid(),
  /** First sequence number wanted (inclusive). */
  fromSeq: z.number().int().min(1),
  limit: z.number().int().min(1).max(LIMITS.eventsPage).default(LIMITS.eventsPage),
});
export type FetchRequest = z.infer<typeof FetchRequest>;

/**
 * The outer shape of a command. `command` is parsed in a second step so that an
 * unknown `type` gets UNKNOWN_COMMAND and a bad field gets BAD_REQUEST.
 */
export const CommandEnvelope = z.strictObject({
  /** Client-generated uuid; a retry with the same id appends nothing new (SPEC IDEM1). */
  commandId: z.uuid(),
  incidentId: z.uuid(),
  command: z.looseObject({ type: z.string().max(64) }),
});
export type CommandEnvelope = z.infer<typeof CommandEnvelope>;

/** Why a session ended (`session:ended`). */
export const SESSION_END_REASONS = [
  /** Signed out (in this or another tab). */
  'signed-out',
  /** An admin revoked this session. */
  'revoked',
  /** An admin disabled the account. */
  'account-disabled',
  /** An admin changed the account's role or agency. */
  'account-changed',
  /** An admin set a new password. */
  'password-reset',
  /** The person changed their password in another session. */
  'password-changed',
  /** Absolute or idle expiry passed. */
  'expired',
] as const;
export type SessionEndReason = (typeof SESSION_END_REASONS)[number];

export interface EventsPage {
  /** Events in sequence order. */
  events: IncidentEvent[];
  /** The incident's latest sequence number when the page was read. */
  headSeq: number;
}

export interface CommandResult {
  /** Sequence numbers of the events the command appended. */
  seqs: number[];
  /** True when this command id had been applied before: nothing new was appended. */
  duplicate: boolean;
}

/**
 * Every request is answered by its ack. Besides the codes of each step, any of them may be
 * refused with RATE_LIMITED `details: { retryAfterMs }` (SPEC AUTH10: commands, and joins +
 * fetches, have a token bucket per socket) or UNAUTHENTICATED (the session or display token
 * ended; `session:ended` / `display:revoked` follows). A schema failure is BAD_REQUEST with
 * `details.issues: [{ path, message }]`; a prototype-pollution key is BAD_REQUEST with
 * `details.key`.
 */
export interface ClientToServerEvents {
  /**
   * Join an incident's room; the ack carries what was missed since `sinceSeq` (first page).
   * FORBIDDEN when the principal may not read it (SPEC AUTH5–AUTH7); RATE_LIMITED past
   * SOCKET_MAX_JOINED incidents at once.
   */
  'incident:join': (req: JoinRequest, ack: AckFn<EventsPage>) => void;
  'incident:leave': (req: LeaveRequest, ack: AckFn) => void;
  /** Read a page of the log (gap fill, catch-up past the first page). */
  'incident:fetch': (req: FetchRequest, ack: AckFn<EventsPage>) => void;
  /** Validate → authorise → decide → append → ack (SPEC CMD1). A display is always FORBIDDEN. */
  'command:submit': (req: CommandEnvelope, ack: AckFn<CommandResult>) => void;
}

/**
 * `server:hello`: the process reached, and who this connection is, as its handshake found it:
 * an account's socket (`accountId`) or a wall screen's (`displayId`). A browser's socket is
 * whoever's session cookie the browser holds at each (re)connection, so a page checks the
 * account against its own before it sends anything from its outbox (SPEC SYNC11).
 */
export type ServerHello = { protocolVersion: number; serverId: string } & (
  | { kind: 'account'; accountId: string }
  | { kind: 'display'; displayId: string }
);

export interface ServerToClientEvents {
  /** Sent once after every connection, before anything else. */
  'server:hello': (msg: ServerHello) => void;
  /** Live events of a joined incident, in sequence order. */
  'incident:events': (msg: { incidentId: string; events: IncidentEvent[] }) => void;
  /**
   * An admin created or changed an agency (or an import added some): pages and wall screens read
   * the agency list again (GET /api/agencies), so a column of a new agency is named and coloured
   * without a reload. Carries no content. To every socket.
   */
  'agencies:changed': (msg: Record<string, never>) => void;
  /** An admin saved an emergency plan (SPEC PLAN2): read `GET /api/plans` again. To every account's socket. */
  'plans:changed': (msg: Record<string, never>) => void;
  /** Some incident changed: lists refetch. Carries no content (readers are filtered over HTTP). */
  'incidents:changed': (msg: { incidentId: string; seq: number }) => void;
  /**
   * The session ended (signed out, revoked, account disabled or changed); the
   * server disconnects the socket right after this (SPEC AUTH8). Sign in again.
   */
  'session:ended': (msg: { reason: SessionEndReason; message: string }) => void;
  /**
   * This wall screen's display token was revoked; the server disconnects the
   * socket right after this. Show "this display link does not work" and do not reconnect.
   */
  'display:revoked': (msg: { displayId: string; message: string }) => void;
}

/**
 * Sent as `err.data` of a refused connection (connect_error): BAD_REQUEST,
 * CLIENT_TOO_OLD, UNAUTHENTICATED (no or dead session/display token),
 * FORBIDDEN (foreign Origin, or a one-time password to change first),
 * STORE_UNAVAILABLE.
 */
export interface ConnectErrorData {
  code: string;
  message: string;
}
