import { z } from 'zod';

export const ROLES = ['admin', 'commander', 'liaison', 'responder', 'observer'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** Who did something. Copied into every event so the record stands on its own. */
export interface Actor {
  userId: string;
  name: string;
  /** Agency code; null for accounts not tied to an agency (e.g. an admin). */
  agency: string | null;
  role: Role;
}
