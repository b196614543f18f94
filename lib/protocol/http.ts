import { z } from 'zod';
import { Role } from '../domain/actor';
import { Agency, AgencyCode } from '../domain/agencies';
import { LIMITS } from '../domain/limits';

/**
 * HTTP routes (docs/protocol.md). Request bodies are JSON and parsed with these
 * schemas; responses are `{ ok: true, ... }` or `{ ok: false, error }`.
 */
export const ROUTES = {
  signIn: 'POST /api/auth/sign-in',
  signOut: 'POST /api/auth/sign-out',
  changePassword: 'POST /api/auth/password',
  me: 'GET /api/me',
  agencies: 'GET /api/agencies',
  createAgency: 'POST /api/agencies',
  updateAgency: 'PATCH /api/agencies/:code',
  accounts: 'GET /api/accounts',
  createAccount: 'POST /api/accounts',
  updateAccount: 'PATCH /api/accounts/:id',
  incidents: 'GET /api/incidents',
  incident: 'GET /api/incidents/:id',
  events: 'GET /api/incidents/:id/events?from=&limit=',
  health: 'GET /healthz',
} as const;

const username = z
  .string()
  .trim()
  .min(2)
  .max(LIMITS.username)
  .regex(/^[\p{L}\p{N}._-]+$/u, 'letters, digits, dot, dash, underscore');
const password = z.string().min(LIMITS.passwordMin).max(LIMITS.passwordMax);

export const SignInRequest = z.strictObject({
  username: z.string().trim().min(1).max(LIMITS.username),
  password: z.string().min(1).max(LIMITS.passwordMax),
});
export type SignInRequest = z.infer<typeof SignInRequest>;

export const ChangePasswordRequest = z.strictObject({
  currentPassword: z.string().min(1).max(LIMITS.passwordMax),
  newPassword: password,
});
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequest>;

export const CreateAccountRequest = z.strictObject({
  username,
  displayName: z.string().trim().min(1).max(LIMITS.name),
  role: Role,
  agency: AgencyCode.nullable(),
  password,
});
export type CreateAccountRequest = z.infer<typeof CreateAccountRequest>;

export const UpdateAccountRequest = z.strictObject({
  displayName: z.string().trim().min(1).max(LIMITS.name).optional(),
  role: Role.optional(),
  agency: AgencyCode.nullable().optional(),
  disabled: z.boolean().optional(),
  /** Sets a new password that the person must change at next sign-in. */
  resetPassword: password.optional(),
});
export type UpdateAccountRequest = z.infer<typeof UpdateAccountRequest>;

export const CreateAgencyRequest = Agency;
export const UpdateAgencyRequest = Agency.omit({ code: true }).partial();
export type UpdateAgencyRequest = z.infer<typeof UpdateAgencyRequest>;

export const EventsQuery = z.object({
  from: z.coerce.number().int().min(1).default(1),
  limit: z.coerce.number().int().min(1).max(LIMITS.eventsPage).default(LIMITS.eventsPage),
});

/** An account as the API shows it (never the password hash). */
export interface AccountView {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  agency: string | null;
  disabled: boolean;
  mustChangePassword: boolean;
  createdAt: number;
}

export interface SignInResponse {
  /** Also set as the httpOnly `portline_session` cookie; scripts send it as handshake `auth.token`. */
  token: string;
  account: AccountView;
}

export const SESSION_COOKIE = 'portline_session';
