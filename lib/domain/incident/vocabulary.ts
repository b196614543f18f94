import { z } from 'zod';

export const INCIDENT_KINDS = ['drill', 'real'] as const;
export const IncidentKind = z.enum(INCIDENT_KINDS);
export type IncidentKind = z.infer<typeof IncidentKind>;

export const SCENARIOS = ['epidemic', 'hazmat', 'fire', 'mass_casualty', 'other'] as const;
export const Scenario = z.enum(SCENARIOS);
export type Scenario = z.infer<typeof Scenario>;

/** I 特别重大 (most severe) … IV 一般. */
export const SEVERITIES = ['I', 'II', 'III', 'IV'] as const;
export const Severity = z.enum(SEVERITIES);
export type Severity = z.infer<typeof Severity>;

export const PHASES = ['standby', 'response', 'containment', 'recovery', 'closed'] as const;
export const Phase = z.enum(PHASES);
export type Phase = z.infer<typeof Phase>;

export const TASK_STATUSES = ['open', 'acknowledged', 'in_progress', 'blocked', 'done', 'cancelled'] as const;
export const TaskStatus = z.enum(TASK_STATUSES);
export type TaskStatus = z.infer<typeof TaskStatus>;

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const Priority = z.enum(PRIORITIES);
export type Priority = z.infer<typeof Priority>;

export const AGENCY_STATUSES = ['notified', 'en_route', 'on_scene', 'standing_down'] as const;
export const AgencyStatus = z.enum(AGENCY_STATUSES);
export type AgencyStatus = z.infer<typeof AgencyStatus>;
