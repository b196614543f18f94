import { z } from 'zod';
import { SESSION_END_REASONS } from '../../lib/protocol/socket';

/**
 * Messages on the control bus (Store.control). They cross processes through
 * Redis, so they are parsed on receipt like any other input.
 */
export const ControlMessage = z.discriminatedUnion('type', [
  /** One session ended (signed out, revoked by an admin). */
  z.object({ type: z.literal('session-ended'), sessionId: z.string(), reason: z.enum(SESSION_END_REASONS) }),
  /**
   * Every session of an account ended, but `exceptSessionId` (a password change: the new
   * session it made). `renewedSessionId`: the session that changed the password; its
   * sockets are cut without `session:ended` (its browser reconnects with its new cookie).
   * A process that does not know the field ends them like the others.
   */
  z.object({
    type: z.literal('account-sessions-ended'),
    accountId: z.string(),
    exceptSessionId: z.string().nullable(),
    renewedSessionId: z.string().optional(),
    reason: z.enum(SESSION_END_REASONS),
  }),
  /** A display token was revoked. */
  z.object({ type: z.literal('display-revoked'), displayId: z.string() }),
  /** An admin changed agencies: drop cached lists. */
  z.object({ type: z.literal('agencies-changed') }),
  /** An admin saved an emergency plan (SPEC PLAN2): pages that may activate one read the plans again. */
  z.object({ type: z.literal('plans-changed') }),
]);
export type ControlMessage = z.infer<typeof ControlMessage>;

/** Parses a bus payload; null (and the caller logs) when it is not a control message. */
export function parseControlMessage(raw: string): ControlMessage | null {
  try {
    const r = ControlMessage.safeParse(JSON.parse(raw));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}
