import { z } from 'zod';
import { DisplayScope, Role } from '../domain/actor';
import { Agency, AgencyCode } from '../domain/agencies';
import type { IncidentSummary } from '../domain/incident/summary';
import { LIMITS } from '../domain/limits';
import { cleanText } from '../domain/text';
import { queryInt } from './query';

/**
 * HTTP routes (docs/protocol.md). Request bodies are JSON and parsed with these
 * schemas; responses are `{ ok: true, ... }` or `{ ok: false, error }`.
 * Exactly the routes the server answers (the API router's, and /healthz, /sw.js, /readyz, /metrics
 * outside it) and docs/protocol.md's route reference lists, each with the query parameters the doc
 * writes in its path: server/http/routes-table.test.ts checks it.
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
  accountSessions: 'GET /api/accounts/:id/sessions',
  revokeSession: 'POST /api/sessions/:id/revoke',
  displays: 'GET /api/displays',
  createDisplay: 'POST /api/displays',
  revokeDisplay: 'POST /api/displays/:id/revoke',
  /** For a wall screen: `Authorization: Display <token>`. */
  displayIncidents: 'GET /api/display/incidents',
  audit: 'GET /api/audit?before=&limit=',
  /** Accounts and (for incidents they cover) displays. */
  incidents: 'GET /api/incidents',
  incident: 'GET /api/incidents/:id',
  events: 'GET /api/incidents/:id/events?from=&limit=',
  /** The after-action review log (SPEC REV3): findings and the improvement plan (lib/protocol/review.ts). */
  review: 'GET /api/incidents/:id/review',
  addFinding: 'POST /api/incidents/:id/review/findings',
  amendFinding: 'POST /api/incidents/:id/review/findings/:findingId/amend',
  withdrawFinding: 'POST /api/incidents/:id/review/findings/:findingId/withdraw',
  reinstateFinding: 'POST /api/incidents/:id/review/findings/:findingId/reinstate',
  addImprovement: 'POST /api/incidents/:id/review/improvements',
  changeImprovementStatus: 'POST /api/incidents/:id/review/improvements/:itemId/status',
  /** Observers, commanders, admins (SPEC REV5). */
  exportLog: 'GET /api/incidents/:id/export/log.jsonl',
  exportTimeline: 'GET /api/incidents/:id/export/timeline.csv?lang=&tz=',
  /** Admins: `{ jsonl }`. */
  importLog: 'POST /api/incidents/import',
  /** Accounts that may read the incident (not wall screens): { metrics: IncidentMetrics } (SPEC REV2). */
  metrics: 'GET /api/incidents/:id/metrics',
  /** Observers, commanders, admins (authorizeReview 'Export'): tasks with their metrics, UTF-8 CSV with BOM. */
  tasksCsv: 'GET /api/incidents/:id/export/tasks.csv?lang=&tz=',
  /** Observers, commanders, admins (authorizeReview 'Export'): the review log's findings, and its improvement plan, UTF-8 CSV with BOM. */
  findingsCsv: 'GET /api/incidents/:id/export/findings.csv?lang=&tz=',
  planCsv: 'GET /api/incidents/:id/export/improvement-plan.csv?lang=&tz=',
  /** Every signed-in account (not wall screens): { plans: PlanView[] }, one per scenario (SPEC PLAN2; lib/protocol/plans.ts). */
  plans: 'GET /api/plans',
  /** The same accounts: every scenario's plan as a PlansFile, a JSON attachment (SPEC PLAN3), for another installation's admin to import. */
  exportPlans: 'GET /api/plans/export',
  /** Admins: SavePlanRequest → { plan: PlanView }; CONFLICT when another admin saved since `version`. */
  savePlan: 'PUT /api/plans/:scenario',
  /** Replay (SPEC REV1): head, span and columnar ticks of every event; accounts only. */
  replayIndex: 'GET /api/incidents/:id/replay',
  /** Replay: the state at checkpoint C (a multiple of K) and events C+1..C+K; accounts only. */
  replayChunk: 'GET /api/incidents/:id/replay/chunk?at=&base=',
  /** Replay: the state after event `seq`, folded by the server, and the newest events up to it; accounts only. */
  replayMoment: 'GET /api/incidents/:id/replay/moment?seq=&base=',
  health: 'GET /healthz',
  /** The production build's service worker, outside the API router (SPEC SYNC12); `HEAD` too. */
  serviceWorker: 'GET /sw.js',
  ready: 'GET /readyz',
  /** Prometheus text; `Authorization: Bearer <METRICS_TOKEN>` when that is set (SPEC OPS1). */
  prometheus: 'GET /metrics',
} as const;

/** GET /readyz answers this with 200 when `ok`, else 503 (SPEC OPS1). */
export interface ReadyReport {
  ok: boolean;
  /** SERVER_ID of the process that answered. */
  server: string;
  store: 'sqlite' | 'redis';
  /**
   * reachable: the store answers; subscribed: the bus delivers other processes' events here;
   * writable: no append was refused as unavailable lately with none written since (Redis full,
   * a full disk).
   */
  checks: { reachable: boolean; subscribed: boolean; writable: boolean };
  /** Why not ready, in English, for people reading logs. */
  detail: string;
}

/** `Authorization: Display <token>` authenticates a wall screen on the read routes. */
export const DISPLAY_AUTH_SCHEME = 'Display';

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

const personName = cleanText(z.string().trim().min(1).max(LIMITS.name));

export const CreateAccountRequest = z.strictObject({
  username,
  displayName: personName,
  role: Role,
  agency: AgencyCode.nullable(),
  password,
});
export type CreateAccountRequest = z.infer<typeof CreateAccountRequest>;

export const UpdateAccountRequest = z.strictObject({
  displayName: personName.optional(),
  role: Role.optional(),
  agency: AgencyCode.nullable().optional(),
  disabled: z.boolean().optional(),
  /** Sets a new password that the person must change at next sign-in. */
  resetPassword: password.optional(),
  /**
   * The values the admin's dialog started from, for the fields it sends (SPEC AUTH8): a field
   * another admin changed meanwhile (to anything but what this one asks) is refused CONFLICT with
   * the account as it is now, not overwritten. Without it, the last save wins (scripts).
   */
  expected: z.strictObject({ displayName: personName.optional(), role: Role.optional(), agency: AgencyCode.nullable().optional() }).optional(),
});
export type UpdateAccountRequest = z.infer<typeof UpdateAccountRequest>;

/** The body of a route that takes none (sign-out, revokes): empty, `{}`, or nothing; anything in it is refused. */
export const NoBody = z.strictObject({});

export const CreateAgencyRequest = Agency;
const AgencyFields = Agency.omit({ code: true }).partial();
export const UpdateAgencyRequest = AgencyFields.extend({
  /**
   * The values the admin's dialog started from, for the fields it sends (SPEC AUTH8, as for an
   * account): one another admin changed meanwhile is refused CONFLICT, not overwritten.
   */
  expected: AgencyFields.optional(),
});
export type UpdateAgencyRequest = z.infer<typeof UpdateAgencyRequest>;

export const EventsQuery = z.strictObject({
  from: queryInt(1).default(1),
  limit: queryInt(1, LIMITS.eventsPage).default(LIMITS.eventsPage),
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
/**
 * The session cookie's name over HTTPS (SPEC AUTH11): a `__Host-` cookie is set only by this host,
 * Secure, for the whole site, so another site of the same domain (a sibling subdomain) cannot plant
 * one beside it, as it can a plain cookie with a narrower path, which the browser would send first.
 */
export const SECURE_SESSION_COOKIE = '__Host-portline_session';

/** A session as the admin sees it (GET /api/accounts/:id/sessions). Never the token. */
export interface SessionView {
  /** Non-secret id: POST /api/sessions/:id/revoke. */
  id: string;
  accountId: string;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
  address: string | null;
  userAgent: string | null;
  /** The session this request was made with. */
  current: boolean;
}

export const CreateDisplayRequest = z.strictObject({
  /** Where the screen is, e.g. "指挥中心 大屏 1 / Command centre wall 1". */
  name: personName,
  scope: DisplayScope,
});
export type CreateDisplayRequest = z.infer<typeof CreateDisplayRequest>;

/** A display screen as the admin sees it. Never the token. */
export interface DisplayView {
  id: string;
  name: string;
  scope: DisplayScope;
  createdAt: number;
  createdBy: { accountId: string; username: string };
  /** Updated at most once a minute while the screen is connected or reads. */
  lastSeenAt: number | null;
  revokedAt: number | null;
}

export interface CreateDisplayResponse {
  display: DisplayView;
  /** Shown once; only its sha256 is stored. Put it in the screen's link (docs/security.md). */
  token: string;
}

export interface DisplayIncidentsResponse {
  display: Pick<DisplayView, 'id' | 'name' | 'scope'>;
  /** The incidents this screen covers, newest first. */
  incidents: IncidentSummary[];
}

/** What the audit log records (SPEC AUTH12). */
export const AUDIT_ACTIONS = [
  'sign-in',
  'sign-in.failed',
  'sign-in.locked',
  'sign-out',
  'password.changed',
  'account.created',
  'account.updated',
  'agency.created',
  'agency.updated',
  'session.revoked',
  'display.created',
  'display.revoked',
  'incident.imported',
  'plan.updated',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** What an audit entry's target is (`AuditEntry.target.kind`); a plan's id is its scenario (SPEC PLAN2). */
export const AUDIT_TARGET_KINDS = ['account', 'agency', 'session', 'display', 'incident', 'plan'] as const;
export type AuditTargetKind = (typeof AUDIT_TARGET_KINDS)[number];

/**
 * What the logs and the audit log name for a username that is no account's (what was typed may be
 * a password). No account can have it: usernames are letters, digits, dot, dash and underscore.
 * The admin screen shows it in the reader's language.
 */
export const UNKNOWN_USERNAME = '(unknown)';

export interface AuditEntry {
  /** Opaque, ordered: pass it as `before` to read older entries. */
  id: string;
  at: number;
  action: AuditAction;
  /** Who did it: the signed-in account, or for sign-in failures the username tried. */
  actor: { accountId: string | null; username: string | null };
  target: { kind: AuditTargetKind; id: string; label: string | null } | null;
  /** Client address (X-Forwarded-For's first hop only with TRUST_PROXY) and user agent. */
  address: string | null;
  userAgent: string | null;
  /** What changed (field names and new values; never passwords or tokens). */
  details: Record<string, unknown>;
}

export interface AuditPage {
  /** Newest first. */
  entries: AuditEntry[];
  /** Cursor for the next (older) page; null at the end. */
  next: string | null;
}

/** An unsigned 64-bit part of a cursor (a Redis stream id's, a SQLite row id's). */
const U64_MAX = 18446744073709551615n;
export const AuditQuery = z.strictObject({
  before: z
    .string()
    .regex(/^\d{1,20}(-\d{1,20})?$/, 'a cursor from a previous page')
    // One the stores can page from: each part within 64 bits, and past the first entry id there is
    // (Redis refused "before 0" and "before 2^64" as ranges, which answered 500, not 400).
    // (zod runs this after a failed regex too: only digits reach BigInt.)
    .refine((c) => {
      const parts = c.split('-');
      return parts.every((p) => /^\d{1,20}$/.test(p)) && parts.every((p) => BigInt(p) <= U64_MAX) && parts.some((p) => BigInt(p) > 0n);
    }, 'a cursor from a previous page')
    .optional(),
  limit: queryInt(1, 200).default(50),
});
