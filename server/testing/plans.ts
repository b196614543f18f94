import type { Scenario } from '../../lib/domain/incident/vocabulary';
import { builtInPlan, samePlan, type EmergencyPlan } from '../../lib/domain/plans';
import type { PlanView } from '../../lib/protocol/plans';
import { request } from './client';

/** A scenario's emergency plan as the server gives it now (`GET /api/plans`, SPEC PLAN2). */
export async function planOf(url: string, token: string, scenario: string): Promise<PlanView> {
  const res = await request<{ plans: PlanView[] }>(url, 'GET', '/api/plans', { token });
  if (res.status !== 200) throw new Error(`GET /api/plans answered ${res.status}`);
  const plan = res.json.plans.find((p) => p.scenario === scenario);
  if (!plan) throw new Error(`no plan for ${scenario}`);
  return plan;
}

/**
 * A scenario's plan with `plan`'s name and actions, at whatever version it is now: if it has
 * others (a test, or one before it on the same server, changed it), they are put back first, by an
 * ordinary save as an admin (`token`) from the version it is at; nothing is saved when it has them.
 */
export async function putPlanBack(url: string, token: string, scenario: string, plan: Pick<EmergencyPlan, 'name' | 'actions'>, what = 'the plan it had'): Promise<PlanView> {
  const now = await planOf(url, token, scenario);
  if (samePlan(now, plan)) return now;
  const res = await request<{ plan: PlanView }>(url, 'PUT', `/api/plans/${scenario}`, { token, body: { version: now.version, name: plan.name, actions: plan.actions } });
  if (res.status !== 200) throw new Error(`${scenario} not put back to ${what}: ${res.status}`);
  return res.json.plan;
}

/**
 * A scenario's plan with the built-in name and actions (SPEC PLAN1), at whatever version it is
 * now: if a test before this one on the same server left it changed, the built-in plan is put
 * back first (putPlanBack).
 */
export async function builtInPlanOf(url: string, token: string, scenario: Scenario): Promise<PlanView> {
  return putPlanBack(url, token, scenario, builtInPlan(scenario), 'the built-in plan');
}
