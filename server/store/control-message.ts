import { z } from 'zod';
import { SESSION_END_REASONS } from '../../lib/protocol/socket';

/**
 * Messages on the control bus (Store.control). They cross processes through
 * Redis, so they are parsed on receipt like any other input.
 */
export const ControlMessage = z.discriminatedUnion('type', [
  /** One session ended (signed out, revoked by an admin). */
  z.object({ type: z.literal('session-ended'), sessionId: z.string(), reason: z.enum(SESSION_END_REASONS) }),
  /** Every session of an account ended, except perhaps the one that asked (password change). */
  z.object({
    type: z.literal('account-sessions-ended'),
    accountId: z.string(),
    exceptSessionId: z.string().nullable(),
    reason: z.enum(SESSION_END_REASONS),
  }),
  /** A display token was revoked. */
  z.object({ type: z.literal('display-revoked'), displayId: z.string() }),
  /** An admin changed agencies: drop cached lists. */
  z.object({ type: z.literal('agencies-changed') }),
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
