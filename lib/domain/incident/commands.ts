import { z } from 'zod';
import { LIMITS } from '../limits';
import { AgencyCode } from '../agencies';
import { cleanText } from '../text';
import { AgencyStatus, IncidentKind, Phase, Priority, Scenario, Severity, TaskStatus } from './vocabulary';

const id = z.uuid();
// Free text is clean (SPEC LIM2): no lone surrogates, no control characters but tab and newlines.
const title = cleanText(z.string().trim().min(1).max(LIMITS.title));
const details = cleanText(z.string().max(LIMITS.details));
const location = cleanText(z.string().trim().max(LIMITS.location));
const reason = cleanText(z.string().trim().min(1).max(LIMITS.reason));
const assignee = cleanText(z.string().trim().max(LIMITS.assignee));
const version = z.number().int().min(1);
/** Epoch milliseconds between 2000-01-01 and 2100-01-01. */
const instant = z.number().int().min(946684800000).max(4102444800000);
const agencies = z.array(AgencyCode).min(1).max(LIMITS.agenciesPerIncident);

export const OpenIncident = z.strictObject({
  type: z.literal('OpenIncident'),
  title,
  description: details.default(''),
  kind: IncidentKind,
  scenario: Scenario,
  severity: Severity,
  location: location.default(''),
  agencies,
  /** A drill may be opened in standby, before the alarm; a real incident usually starts in response. */
  phase: z.enum(['standby', 'response']).default('response'),
});

export const UpdateIncident = z.strictObject({
  type: z.literal('UpdateIncident'),
  expectedVersion: version,
  title: title.optional(),
  description: details.optional(),
  location: location.optional(),
  agencies: agencies.optional(),
});

export const ChangePhase = z.strictObject({
  type: z.literal('ChangePhase'),
  expectedVersion: version,
  phase: Phase,
});

export const ChangeSeverity = z.strictObject({
  type: z.literal('ChangeSeverity'),
  expectedVersion: version,
  severity: Severity,
  reason: reason.optional(),
});

export const CreateTask = z.strictObject({
  type: z.literal('CreateTask'),
  taskId: id,
  title,
  details: details.default(''),
  agency: AgencyCode,
  assignee: assignee.nullable().default(null),
  priority: Priority.default('normal'),
  dueAt: instant.nullable().default(null),
  location: location.default(''),
});

export const EditTask = z.strictObject({
  type: z.literal('EditTask'),
  taskId: id,
  expectedVersion: version,
  title: title.optional(),
  details: details.optional(),
  priority: Priority.optional(),
  dueAt: instant.nullable().optional(),
  location: location.optional(),
});

export const ReassignTask = z.strictObject({
  type: z.literal('ReassignTask'),
  taskId: id,
  expectedVersion: version,
  agency: AgencyCode,
  assignee: assignee.nullable(),
});

export const ChangeTaskStatus = z.strictObject({
  type: z.literal('ChangeTaskStatus'),
  taskId: id,
  expectedVersion: version,
  to: TaskStatus,
  reason: reason.optional(),
});

export const PostMessage = z.strictObject({
  type: z.literal('PostMessage'),
  messageId: id,
  text: cleanText(z.string().trim().min(1).max(LIMITS.message)),
  /** null = the whole incident; otherwise one participating agency. */
  toAgency: AgencyCode.nullable().default(null),
  alert: z.boolean().default(false),
});

export const SetAgencyStatus = z.strictObject({
  type: z.literal('SetAgencyStatus'),
  agency: AgencyCode,
  status: AgencyStatus,
});

/** Every command, keyed on `type` (SPEC CMD1). */
export const IncidentCommand = z.discriminatedUnion('type', [
  OpenIncident,
  UpdateIncident,
  ChangePhase,
  ChangeSeverity,
  CreateTask,
  EditTask,
  ReassignTask,
  ChangeTaskStatus,
  PostMessage,
  SetAgencyStatus,
]);
export type IncidentCommand = z.infer<typeof IncidentCommand>;
/** What a client writes before defaults are applied. */
export type IncidentCommandInput = z.input<typeof IncidentCommand>;
export type CommandType = IncidentCommand['type'];
export const COMMAND_TYPES = IncidentCommand.options.map((o) => o.shape.type.value) as CommandType[];

export type OpenIncident = z.infer<typeof OpenIncident>;
export type UpdateIncident = z.infer<typeof UpdateIncident>;
export type ChangePhase = z.infer<typeof ChangePhase>;
export type ChangeSeverity = z.infer<typeof ChangeSeverity>;
export type CreateTask = z.infer<typeof CreateTask>;
export type EditTask = z.infer<typeof EditTask>;
export type ReassignTask = z.infer<typeof ReassignTask>;
export type ChangeTaskStatus = z.infer<typeof ChangeTaskStatus>;
export type PostMessage = z.infer<typeof PostMessage>;
export type SetAgencyStatus = z.infer<typeof SetAgencyStatus>;
