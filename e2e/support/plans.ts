import { expect } from '@playwright/test';
import type { PlanView } from '../../lib/protocol/plans';
import { request } from '../../server/testing/client';

/** A scenario's emergency plan as the server gives it now (`GET /api/plans`, SPEC PLAN2). */
export async function planOf(url: string, token: string, scenario: string): Promise<PlanView> {
  const res = await request<{ plans: PlanView[] }>(url, 'GET', '/api/plans', { token });
  expect(res.status).toBe(200);
  return res.json.plans.find((p) => p.scenario === scenario)!;
}
