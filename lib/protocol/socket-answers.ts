import { z } from 'zod';
import { domainError, ErrorCode, type DomainError } from '../domain/errors';
import { IncidentEventSchema } from '../domain/incident/event-schema';
import type { Ack } from './ack';
import { SESSION_END_REASONS, type CommandResult, type EventsPage, type ServerToClientEvents } from './socket';

/**
 * Run-time checks of what the server sends over the socket (SPEC SYNC10): its pushes and its
 * acks, as lib/protocol/socket.ts types them. Types are not validation: a page reads an answer
 * only once it has the shape, as it reads the same events over HTTP (fetchJson's schema), so
 * a server of another version, or a bug, shows a typed BAD_RESPONSE instead of reaching the
 * reducers as something they were never written for.
 */

const AckFailure = z.object({
  ok: z.literal(false),
  error: z.object({
    code: z.enum(Object.values(ErrorCode) as [ErrorCode, ...ErrorCode[]]),
    message: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
});

const seq = z.number().int().min(0);

export const EventsPageAnswer = z.object({ events: z.array(IncidentEventSchema), headSeq: seq }) satisfies z.ZodType<EventsPage>;
export const CommandResultAnswer = z.object({ seqs: z.array(seq.min(1)), duplicate: z.boolean() }) satisfies z.ZodType<CommandResult>;

type Message<E extends keyof ServerToClientEvents> = Parameters<ServerToClientEvents[E]>[0];

/** Every push of the server, by event name. */
export const ServerMessages: { [E in keyof ServerToClientEvents]: z.ZodType<Message<E>> } = {
  'server:hello': z.discriminatedUnion('kind', [
    z.object({ protocolVersion: z.number().int(), serverId: z.string(), kind: z.literal('account'), accountId: z.string().min(1) }),
    z.object({ protocolVersion: z.number().int(), serverId: z.string(), kind: z.literal('display'), displayId: z.string().min(1) }),
  ]),
  'incident:events': z.object({ incidentId: z.string(), events: z.array(IncidentEventSchema) }),
  'incidents:changed': z.object({ incidentId: z.string(), seq }),
  'agencies:changed': z.object({}).strict() as z.ZodType<Record<string, never>>,
  'plans:changed': z.object({}).strict() as z.ZodType<Record<string, never>>,
  'session:ended': z.object({ reason: z.enum(SESSION_END_REASONS), message: z.string() }),
  'display:revoked': z.object({ displayId: z.string(), message: z.string() }),
};

/** The answer `raw` as an ack of `result`'s shape; one of another shape is a BAD_RESPONSE failure. */
export function checkAck<T extends object>(result: z.ZodType<T>, raw: unknown): Ack<T> {
  if (typeof raw === 'object' && raw !== null && (raw as { ok?: unknown }).ok === false) {
    const failure = AckFailure.safeParse(raw);
    return failure.success ? { ok: false, error: failure.data.error as DomainError } : badResponse(failure.error);
  }
  const ok = z.object({ ok: z.literal(true) }).safeParse(raw);
  if (!ok.success) return badResponse(ok.error);
  const parsed = result.safeParse(raw);
  return parsed.success ? { ...parsed.data, ok: true } : badResponse(parsed.error);
}

/** The push `raw` of `event` if it has the shape, else null (with the reason on the console). */
export function checkMessage<E extends keyof ServerToClientEvents>(event: E, raw: unknown): Message<E> | null {
  const parsed = (ServerMessages[event] as z.ZodType<Message<E>>).safeParse(raw);
  if (parsed.success) return parsed.data;
  console.warn(`Portline: the server's ${event} did not have the expected shape; ignored.`, z.prettifyError(parsed.error));
  return null;
}

function badResponse(error: z.ZodError): { ok: false; error: DomainError } {
  return { ok: false, error: domainError(ErrorCode.BAD_RESPONSE, `The server's answer did not have the expected shape: ${z.prettifyError(error)}`) };
}
