import type { Scenario } from '../../lib/domain/incident/vocabulary';
import { builtInPlan, samePlan } from '../../lib/domain/plans';
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
 * A scenario's plan with the built-in name and actions (SPEC PLAN1), at whatever version it is
 * now: if a test before this one on the same server left it changed, the built-in plan is put
 * back first, by an ordinary save as an admin (`token`) from the version it is at.
 */
export async function builtInPlanOf(url: string, token: string, scenario: Scenario): Promise<PlanView> {
  const now = await planOf(url, token, scenario);
  const builtIn = builtInPlan(scenario);
  if (samePlan(now, builtIn)) return now;
  const res = await request<{ plan: PlanView }>(url, 'PUT', `/api/plans/${scenario}`, { token, body: { version: now.version, name: builtIn.name, actions: builtIn.actions } });
  if (res.status !== 200) throw new Error(`${scenario} not put back to the built-in plan: ${res.status}`);
  return res.json.plan;
}
