import { z } from 'zod';
import { AgencyCode } from '../domain/agencies';
import { CreateTask } from '../domain/incident/commands';
import { Priority, Scenario, SCENARIOS } from '../domain/incident/vocabulary';
import { LIMITS } from '../domain/limits';
import type { EmergencyPlan } from '../domain/plans';
import { cleanText } from '../domain/text';

/**
 * Emergency plans as an installation keeps them (SPEC PLAN2): `GET /api/plans` and
 * `PUT /api/plans/:scenario` (docs/protocol.md). A scenario whose plan was never saved has the
 * built-in one (lib/domain/plans.ts DEFAULT_PLANS) at version 0; a plan saved with no actions is
 * none (the board offers nothing to activate).
 */

const words = (max: number) => cleanText(z.string().trim().min(1).max(max));

/** An action's key: unique within its plan, kept across edits (the dialog's checkbox, a test's handle). */
const PlanActionKey = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes');

const PlanActionInput = z.strictObject({
  key: PlanActionKey,
  agency: AgencyCode,
  /** Each a title a CreateTask accepts (what activating the plan sends: SPEC PLAN1). */
  title: z.strictObject({ zh: CreateTask.shape.title, en: CreateTask.shape.title }),
  priority: Priority,
  /** Due this many minutes after activation (1 minute to 24 hours); null: no due time. */
  dueMinutes: z.number().int().min(1).max(24 * 60).nullable(),
});

/** The body of `PUT /api/plans/:scenario`: the whole plan, and the version the edit began from. */
export const SavePlanRequest = z.strictObject({
  /** The version read (0: the built-in plan); another admin's save since is CONFLICT. */
  version: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  name: z.strictObject({ zh: words(LIMITS.name), en: words(LIMITS.name) }),
  actions: z
    .array(PlanActionInput)
    .max(LIMITS.planActions)
    .refine((actions) => new Set(actions.map((a) => a.key)).size === actions.length, 'each action key once'),
});
export type SavePlanRequest = z.infer<typeof SavePlanRequest>;

/** A plan as `GET /api/plans` gives it: every scenario, saved or built in. */
export interface PlanView extends EmergencyPlan {
  /** 0: the built-in plan (never saved here). */
  version: number;
  /** When and by whom it was last saved; null for the built-in plan. */
  updatedAt: number | null;
  updatedBy: { id: string; name: string } | null;
}


/**
 * A file of plans, moved from one installation to another (SPEC PLAN3): `GET /api/plans/export`
 * writes every scenario's plan as it stands there; the admin page reads such a file and saves
 * each plan that differs, one `PUT /api/plans/:scenario` each. Versions, times and savers are the
 * other installation's and stay there.
 */
export const PLANS_FILE_FORMAT = 'portline-plans';
export const PLANS_FILE_VERSION = 1;

export const PlansFile = z.strictObject({
  format: z.literal(PLANS_FILE_FORMAT),
  version: z.literal(PLANS_FILE_VERSION),
  /** When it was written (ms since epoch; at most the last time a Date holds). */
  exportedAt: z.number().int().min(0).max(8.64e15),
  plans: z
    .array(SavePlanRequest.omit({ version: true }).extend({ scenario: Scenario }))
    .min(1)
    .max(SCENARIOS.length)
    .refine((plans) => new Set(plans.map((p) => p.scenario)).size === plans.length, 'each scenario once'),
});
export type PlansFile = z.infer<typeof PlansFile>;
