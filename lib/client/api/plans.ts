import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { Priority, Scenario } from '@/lib/domain/incident/vocabulary';
import type { PlanView, SavePlanRequest } from '@/lib/protocol/plans';
import { queryKeys } from '../query-keys';
import { readAgainAudited } from './read-again';
import { ErrorCode } from '@/lib/domain/errors';
import { ApiError } from './api-error';
import { fetchJson } from './fetch-json';

const Words = z.object({ zh: z.string(), en: z.string() });

/** A plan as the server gives it (SPEC PLAN2): looser than the save schema, so one odd action never breaks a page. */
const PlanViewSchema = z.object({
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

/** Every scenario's plan, saved here or built in (the service worker keeps it too: ACCOUNT_READS in lib/client/offline/sw-routes.ts). */
const PLANS_PATH = '/api/plans';

const PLANS_FRESH_MS = 5 * 60_000;

/**
 * The installation's plans: read where a page needs them (a board whose person may activate one,
 * the admin page; not while `enabled` is false), again when older than 5 minutes.
 */
export function usePlans({ enabled = true, fresh = false }: { enabled?: boolean; fresh?: boolean } = {}) {
  return useQuery({
    queryKey: queryKeys.plans(),
    queryFn: async () => (await fetchJson(PLANS_PATH, { schema: PlansResponse })).plans,
    staleTime: PLANS_FRESH_MS,
    enabled,
    // `fresh` (the admin's editor): read again whenever it is shown, whatever the list's age.
    refetchOnMount: fresh ? 'always' : true,
  });
}

function savePlan({ scenario, ...body }: SavePlanRequest & { scenario: Scenario }) {
  return fetchJson(`${PLANS_PATH}/${encodeURIComponent(scenario)}`, { method: 'PUT', body, schema: PlanResponse });
}

/** The plan a CONFLICT carries (`details.plan`, another admin's save), or null. */
function conflictPlan(error: unknown): PlanView | null {
  if (!(error instanceof ApiError) || error.code !== ErrorCode.CONFLICT) return null;
  const parsed = PlanViewSchema.safeParse(error.details.plan);
  return parsed.success ? parsed.data : null;
}

/**
 * Saves a plan (admin). The list holds the saved plan at once, or on a CONFLICT the other admin's
 * that the refusal carries, and is read again after a refusal.
 */
export function useSavePlan() {
  const qc = useQueryClient();
  const put = (plan: PlanView) => qc.setQueryData<PlanView[]>(queryKeys.plans(), (list) => list?.map((p) => (p.scenario === plan.scenario && p.version < plan.version ? plan : p)));
  return useMutation({
    mutationFn: savePlan,
    onSuccess: ({ plan }) => {
      put(plan);
      readAgainAudited(qc);
    },
    // Read again after a refusal (not waited for: the save is done when the server says so); a save
    // that landed is in the list already, and the server's push (plans:changed) reads it again anyway.
    onError: (error) => {
      const theirs = conflictPlan(error);
      if (theirs) put(theirs);
      void qc.invalidateQueries({ queryKey: queryKeys.plans() });
    },
  });
}
