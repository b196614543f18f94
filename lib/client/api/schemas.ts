import { z } from 'zod';
import { DisplayScope, Role } from '@/lib/domain/actor';
import { Agency } from '@/lib/domain/agencies';
import type { IncidentSummary } from '@/lib/domain/incident/summary';
import { AgencyStatus, IncidentKind, Phase, Scenario, Severity } from '@/lib/domain/incident/vocabulary';
import { AUDIT_ACTIONS, AUDIT_TARGET_KINDS, type AccountView, type AuditEntry, type DisplayView, type SessionView } from '@/lib/protocol/http';

/** Run-time checks of the HTTP response bodies (lib/protocol/http.ts types them). */

export const AccountViewSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: Role,
  agency: z.string().nullable(),
  disabled: z.boolean(),
  mustChangePassword: z.boolean(),
  createdAt: z.number(),
}) satisfies z.ZodType<AccountView>;

/** Agencies as stored: looser than the create schema so one odd row never breaks the UI. */
export const AgencySchema = z.object({
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  short: z.string(),
  color: z.string(),
}) satisfies z.ZodType<Agency>;

export const IncidentSummarySchema = z.object({
  id: z.string(),
  seq: z.number(),
  title: z.string(),
  kind: IncidentKind,
  scenario: Scenario,
  severity: Severity,
  phase: Phase,
  location: z.string(),
  agencies: z.array(z.string()),
  openedAt: z.number(),
  closedAt: z.number().nullable(),
  updatedAt: z.number(),
  tasks: z.object({ total: z.number(), open: z.number(), blocked: z.number(), done: z.number() }),
  byAgency: z.array(
    z.object({ agency: z.string(), status: AgencyStatus.nullable(), open: z.number(), blocked: z.number(), dueAt: z.array(z.number()) }),
  ),
  // toAgency: null from a server before it was sent (a rolling upgrade).
  latestAlert: z.object({ text: z.string(), ts: z.number(), agency: z.string().nullable(), toAgency: z.string().nullable().default(null) }).nullable(),
}) satisfies z.ZodType<IncidentSummary>;

export const OkSchema = z.object({ ok: z.literal(true) });

export const SessionViewSchema = z.object({
  id: z.string(),
  accountId: z.string(),
  createdAt: z.number(),
  lastSeenAt: z.number(),
  expiresAt: z.number(),
  address: z.string().nullable(),
  userAgent: z.string().nullable(),
  current: z.boolean(),
}) satisfies z.ZodType<SessionView>;

export const DisplayViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  scope: DisplayScope,
  createdAt: z.number(),
  createdBy: z.object({ accountId: z.string(), username: z.string() }),
  lastSeenAt: z.number().nullable(),
  revokedAt: z.number().nullable(),
}) satisfies z.ZodType<DisplayView>;

export const AuditEntrySchema = z.object({
  id: z.string(),
  at: z.number(),
  action: z.enum(AUDIT_ACTIONS),
  actor: z.object({ accountId: z.string().nullable(), username: z.string().nullable() }),
  target: z
    .object({ kind: z.enum(AUDIT_TARGET_KINDS), id: z.string(), label: z.string().nullable() })
    .nullable(),
  address: z.string().nullable(),
  userAgent: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
}) satisfies z.ZodType<AuditEntry>;
