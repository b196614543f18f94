import { z } from 'zod';
import { Role, type Actor } from '../actor';
import { AgencyCode } from '../agencies';
import { LIMITS } from '../limits';
import { cleanText } from '../text';
import type { EventBody, IncidentEvent } from './events';
import { AgencyStatus, IncidentKind, Phase, Priority, Scenario, Severity, TaskStatus } from './vocabulary';

/**
 * Run-time check of a stored event (IncidentEvent), for logs that come from
 * outside this process: an imported incident log (SPEC REV5). It checks shape
 * and limits only; whether the log folds is replay()'s job. It never transforms
 * (no trim, no defaults), so a checked event is exactly the event that came in.
 */

/** Ids as stored: uuids from this server, but kept loose (fixtures use short ids). */
const id = z.string().min(1).max(100).regex(/^[\w.:-]+$/, 'letters, digits and . _ : -');
const text = (max: number) => cleanText(z.string().max(max));
const change = <T extends z.ZodType>(t: T) => z.strictObject({ from: t, to: t });
const instant = z.number().int().min(0).max(4102444800000);
const agencyList = z.array(AgencyCode).max(LIMITS.agenciesPerIncident);

export const ActorSchema = z.strictObject({
  userId: id,
  name: text(LIMITS.name),
  agency: AgencyCode.nullable(),
  role: Role,
}) satisfies z.ZodType<Actor>;

const taskFields = {
  title: text(LIMITS.title),
  details: text(LIMITS.details),
  agency: AgencyCode,
  assignee: text(LIMITS.assignee).nullable(),
  priority: Priority,
  dueAt: instant.nullable(),
  location: text(LIMITS.location),
};

export const EventBodySchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('IncidentOpened'),
    payload: z.strictObject({
      title: text(LIMITS.title),
      description: text(LIMITS.details),
      kind: IncidentKind,
      scenario: Scenario,
      severity: Severity,
      location: text(LIMITS.location),
      agencies: agencyList,
      phase: z.enum(['standby', 'response']),
    }),
  }),
  z.strictObject({
    type: z.literal('IncidentUpdated'),
    payload: z.strictObject({
      title: change(text(LIMITS.title)).optional(),
      description: change(text(LIMITS.details)).optional(),
      location: change(text(LIMITS.location)).optional(),
      agencies: change(agencyList).optional(),
    }),
  }),
  z.strictObject({ type: z.literal('PhaseChanged'), payload: change(Phase) }),
  z.strictObject({
    type: z.literal('SeverityChanged'),
    payload: z.strictObject({ from: Severity, to: Severity, reason: text(LIMITS.reason).nullable() }),
  }),
  z.strictObject({ type: z.literal('TaskCreated'), payload: z.strictObject({ taskId: id, ...taskFields }) }),
  z.strictObject({
    type: z.literal('TaskEdited'),
    payload: z.strictObject({
      taskId: id,
      title: change(text(LIMITS.title)).optional(),
      details: change(text(LIMITS.details)).optional(),
      priority: change(Priority).optional(),
      dueAt: change(instant.nullable()).optional(),
      location: change(text(LIMITS.location)).optional(),
    }),
  }),
  z.strictObject({
    type: z.literal('TaskReassigned'),
    payload: z.strictObject({ taskId: id, agency: change(AgencyCode), assignee: change(text(LIMITS.assignee).nullable()) }),
  }),
  z.strictObject({
    type: z.literal('TaskStatusChanged'),
    payload: z.strictObject({ taskId: id, reason: text(LIMITS.reason).nullable(), from: TaskStatus, to: TaskStatus }),
  }),
  z.strictObject({
    type: z.literal('MessagePosted'),
    payload: z.strictObject({ messageId: id, text: text(LIMITS.message), toAgency: AgencyCode.nullable(), alert: z.boolean() }),
  }),
  z.strictObject({
    type: z.literal('AgencyStatusChanged'),
    payload: z.strictObject({ agency: AgencyCode, from: AgencyStatus.nullable(), to: AgencyStatus.nullable() }),
  }),
]);

const envelope = {
  seq: z.number().int().min(1),
  ts: instant,
  incidentId: id,
  id,
  actor: ActorSchema,
  commandId: id,
};

/** A stored event: envelope + body, nothing else. */
export const IncidentEventSchema = z.discriminatedUnion(
  'type',
  EventBodySchema.options.map((o) => o.extend(envelope)) as unknown as [
    z.ZodObject<typeof envelope & { type: z.ZodLiteral<EventBody['type']> }>,
  ],
) as unknown as z.ZodType<IncidentEvent>;
