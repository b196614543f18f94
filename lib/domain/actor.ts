import { z } from 'zod';

/** Roles of a signed-in account (one per account). */
export const ROLES = ['admin', 'commander', 'liaison', 'responder', 'observer'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** Liaisons and responders belong to an agency (an account of either without one is refused). */
export function needsAgency(role: Role): boolean {
  return role === 'liaison' || role === 'responder';
}

/** Who did something. Copied into every event so the record stands on its own. */
export interface Actor {
  userId: string;
  name: string;
  /** Agency code; null for accounts not tied to an agency (e.g. an admin). */
  agency: string | null;
  role: Role;
}

/**
 * What a wall-screen token covers (SPEC AUTH7): one incident, whatever its
 * phase, or every incident that is not closed.
 */
export const DisplayScope = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('incident'), incidentId: z.uuid() }),
  z.strictObject({ kind: z.literal('active') }),
]);
export type DisplayScope = z.infer<typeof DisplayScope>;

/**
 * A wall screen authenticated by a display token. It never writes, so it never
 * appears in an event; it has no user, no agency and no session.
 */
export interface DisplayPrincipal {
  role: 'display';
  displayId: string;
  name: string;
  scope: DisplayScope;
}

/**
 * Whoever is on the other end of a request: a signed-in account (an Actor) or a
 * wall screen. Discriminated on `role`, so `authorize` and `canReadIncident`
 * take either and an Actor is a Principal as it is.
 */
export type Principal = Actor | DisplayPrincipal;
export const PRINCIPAL_ROLES = [...ROLES, 'display'] as const;
export type PrincipalRole = Principal['role'];

export function isDisplay(p: Principal): p is DisplayPrincipal {
  return p.role === 'display';
}

/** The principal's own agency: an account's, or none for a wall screen. */
export function agencyOf(p: Principal): string | null {
  return isDisplay(p) ? null : p.agency;
}
