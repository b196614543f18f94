import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { Priority, Scenario } from '@/lib/domain/incident/vocabulary';
import type { PlanView, SavePlanRequest } from '@/lib/protocol/plans';
import { queryKeys } from '../query-keys';
import { fetchJson } from './fetch-json';

const Words = z.object({ zh: z.string(), en: z.string() });

/** A plan as the server gives it (SPEC PLAN2): looser than the save schema, so one odd action never breaks a page. */
export const PlanViewSchema = z.object({
  scenario: Scenario,
  name: Words,
  actions: z.array(
    z.object({ key: z.string(), agency: z.string(), title: Words, priority: Priority, dueMinutes: z.number().nullable() }),
  ),
  version: z.number(),
  updatedAt: z.number().nullable(),
  updatedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
}) satisfies z.ZodType<PlanView>;

const PlansResponse = z.object({ ok: z.literal(true), plans: z.array(PlanViewSchema) });
const PlanResponse = z.object({ ok: z.literal(true), plan: PlanViewSchema });

/** Every scenario's plan, saved here or built in; also kept for an offline reload (lib/client/offline/sw-routes.ts). */
export const PLANS_PATH = '/api/plans';

const PLANS_FRESH_MS = 5 * 60_000;

/**
 * The installation's plans: read where a page needs them (a board whose person may activate one,
 * the admin page; not while `enabled` is false), again when older than 5 minutes.
 */
export function usePlans({ enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: queryKeys.plans(),
    queryFn: async () => (await fetchJson(PLANS_PATH, { schema: PlansResponse })).plans,
    staleTime: PLANS_FRESH_MS,
    enabled,
  });
}

export function savePlan({ scenario, ...body }: SavePlanRequest & { scenario: Scenario }) {
  return fetchJson(`${PLANS_PATH}/${encodeURIComponent(scenario)}`, { method: 'PUT', body, schema: PlanResponse });
}

/** Saves a plan (admin); the plans are read again either way (a CONFLICT: another admin's is shown). */
export function useSavePlan() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: savePlan,
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.plans() }),
  });
}
