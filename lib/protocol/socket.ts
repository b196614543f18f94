import { z } from 'zod';
import type { IncidentEvent } from '../domain/incident/events';
import { LIMITS } from '../domain/limits';
import type { AckFn } from './ack';

/**
 * The Socket.IO protocol, typed once (SPEC PROTO1). The same interfaces type the
 * server (`Server<ClientToServerEvents, ServerToClientEvents>`) and every client.
 * Payload schemas below are what the server parses; types are not validation.
 */

export const SOCKET_PATH = '/socket.io';

/** Handshake `auth` object. Browsers authenticate with the session cookie instead of `token`. */
export const HandshakeAuth = z.object({
  protocolVersion: z.number().int(),
  token: z.string().max(200).optional(),
});
export type HandshakeAuth = z.infer<typeof HandshakeAuth>;

export const JoinRequest = z.strictObject({
  incidentId: z.uuid(),
  /** The last sequence number this client applied; 0 for none (SPEC SYNC1). */
  sinceSeq: z.number().int().min(0),
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

export interface ClientToServerEvents {
  /** Join an incident's room; the ack carries what was missed since `sinceSeq` (first page). */
  'incident:join': (req: JoinRequest, ack: AckFn<EventsPage>) => void;
  'incident:leave': (req: LeaveRequest, ack: AckFn) => void;
  /** Read a page of the log (gap fill, catch-up past the first page). */
  'incident:fetch': (req: FetchRequest, ack: AckFn<EventsPage>) => void;
  /** Validate → authorise → decide → append → ack (SPEC CMD1). */
  'command:submit': (req: CommandEnvelope, ack: AckFn<CommandResult>) => void;
}

export interface ServerToClientEvents {
  /** Sent once after connecting. */
  'server:hello': (msg: { protocolVersion: number; serverId: string }) => void;
  /** Live events of a joined incident, in sequence order. */
  'incident:events': (msg: { incidentId: string; events: IncidentEvent[] }) => void;
  /** Some incident changed: lists refetch. Carries no content (readers are filtered over HTTP). */
  'incidents:changed': (msg: { incidentId: string; seq: number }) => void;
  /** The session ended (signed out, revoked, disabled); the socket is closed after this. */
  'session:ended': (msg: { reason: string }) => void;
}

/** Sent as `err.data` of a refused connection (connect_error). */
export interface ConnectErrorData {
  code: string;
  message: string;
}
