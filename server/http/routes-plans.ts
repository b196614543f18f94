import { ErrorCode } from '../../lib/domain/errors';
import { Scenario, SCENARIOS } from '../../lib/domain/incident/vocabulary';
import { LIMITS } from '../../lib/domain/limits';
import { builtInPlan, sameAction, samePlan, type EmergencyPlan, type PlanAction } from '../../lib/domain/plans';
import { PLANS_FILE_FORMAT, PLANS_FILE_VERSION, SavePlanRequest, type PlansFile, type PlanView } from '../../lib/protocol/plans';
import type { Services } from '../services';
import type { StoredPlan } from '../store/types';
import { parseOrThrow } from './parse';
import { HttpError } from './respond';
import { requireAdmin } from './routes-admin';
import type { Route } from './router';

/**
 * Emergency plans as this installation keeps them (SPEC PLAN2): every signed-in account reads
 * them, an admin saves one scenario's at a time from the version read (the store's
 * compare-and-set: a save over another admin's since is CONFLICT, nothing written).
 */

/** The plans stored, by scenario. */
async function storedPlans(services: Services): Promise<Map<Scenario, StoredPlan>> {
  return new Map((await services.store.plans.listPlans()).map((p) => [p.scenario, p]));
}

/** The display names of these accounts; an account that is gone is named by its id. */
async function accountNames(services: Services, ids: Iterable<string>): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  const accounts = await Promise.all(unique.map((id) => services.store.accounts.getAccount(id)));
  return new Map(unique.map((id, i) => [id, accounts[i]?.displayName ?? id]));
}

/** A scenario's plan as the routes answer it: the stored one, else the built-in one at version 0. */
function planView(scenario: Scenario, stored: StoredPlan | undefined, names: ReadonlyMap<string, string>): PlanView {
  if (!stored) return { ...builtInPlan(scenario), version: 0, updatedAt: null, updatedBy: null };
  const { name, actions, version, updatedAt, updatedBy } = stored;
  return { scenario, name, actions, version, updatedAt, updatedBy: { id: updatedBy, name: names.get(updatedBy) ?? updatedBy } };
}

async function viewOf(services: Services, scenario: Scenario, stored: StoredPlan | undefined): Promise<PlanView> {
  return planView(scenario, stored, await accountNames(services, stored ? [stored.updatedBy] : []));
}

/** An action as the audit log names it: by its titles (an action added in the editor has a generated key). */
const named = (a: PlanAction): string => `${a.title.en} / ${a.title.zh}`;

/**
 * What a save changed, for the audit log (SPEC PLAN2: actions added and removed): the actions
 * added, removed and edited in place (by their titles), the number before and after, whether the name changed
 * and whether the actions kept were put in another order.
 */
function planChanges(before: Pick<EmergencyPlan, 'name' | 'actions'>, after: Pick<EmergencyPlan, 'name' | 'actions'>) {
  const was = new Map(before.actions.map((a) => [a.key, a]));
  const is = new Set(after.actions.map((a) => a.key));
  const kept = (actions: readonly PlanAction[], other: { has(key: string): boolean }) =>
    actions.filter((a) => other.has(a.key)).map((a) => a.key).join('\n');
  return {
    actionsAdded: after.actions.filter((a) => !was.has(a.key)).map(named),
    actionsRemoved: before.actions.filter((a) => !is.has(a.key)).map(named),
    actionsEdited: after.actions.filter((a) => was.has(a.key) && !sameAction(a, was.get(a.key)!)).map(named),
    actionsBefore: before.actions.length,
    actionsAfter: after.actions.length,
    renamed: before.name.zh !== after.name.zh || before.name.en !== after.name.en,
    reordered: kept(before.actions, is) !== kept(after.actions, was),
  };
}

/** Every action's agency is in the directory (BAD_REQUEST naming the unknown codes, with the actions' paths). */
async function requireAgencies(services: Services, actions: readonly PlanAction[]): Promise<void> {
  const unknown = await services.agencies.unknown(actions.map((a) => a.agency));
  const missing = actions.map((a, i) => ({ code: a.agency, i })).filter((a) => unknown.has(a.code));
  if (missing.length === 0) return;
  throw HttpError.of(ErrorCode.BAD_REQUEST, `Unknown agency: ${[...unknown].join(', ')}.`, {
    issues: missing.slice(0, 5).map((a) => ({ path: `actions.${a.i}.agency`, message: 'unknown agency' })),
  });
}

export const planRoutes: Route[] = [
  {
    method: 'GET',
    path: '/api/plans',
    // Accounts only: a wall screen activates nothing.
    async handle({ services }) {
      const stored = await storedPlans(services);
      const names = await accountNames(services, [...stored.values()].map((p) => p.updatedBy));
      return { body: { plans: SCENARIOS.map((scenario) => planView(scenario, stored.get(scenario), names)) } };
    },
  },
  {
    method: 'GET',
    path: '/api/plans/export',
    // SPEC PLAN3: every scenario's plan as it stands here, for another installation's admin page
    // to read in. Who may read the plans may take them away; only an admin saves them there.
    async handle({ services }) {
      const stored = await storedPlans(services);
      const exportedAt = Date.now();
      const file: PlansFile = {
        format: PLANS_FILE_FORMAT,
        version: PLANS_FILE_VERSION,
        exportedAt,
        plans: SCENARIOS.map((scenario) => {
          const { name, actions } = stored.get(scenario) ?? builtInPlan(scenario);
          return { scenario, name, actions: [...actions] };
        }),
      };
      const day = new Date(exportedAt).toISOString().slice(0, 10);
      return { file: { contentType: 'application/json; charset=utf-8', filename: `portline-plans-${day}.json`, content: JSON.stringify(file, null, 2) + '\n' } };
    },
  },
  {
    method: 'PUT',
    path: '/api/plans/:scenario',
    bodyLimit: LIMITS.planBodyBytes,
    async handle({ req, services, auth, principal, body, params }) {
      requireAdmin(principal, 'ManagePlans');
      const parsed = Scenario.safeParse(params.scenario);
      if (!parsed.success)
        throw HttpError.of(ErrorCode.BAD_REQUEST, `Unknown scenario: ${params.scenario.slice(0, 40)}.`, {
          issues: [{ path: 'scenario', message: `one of ${SCENARIOS.join(', ')}` }],
        });
      const scenario = parsed.data;
      const input = parseOrThrow(SavePlanRequest, await body());
      await requireAgencies(services, input.actions);
      // Strict schemas: exactly the plan's fields, nothing else to drop.
      const { name, actions } = input;
      const stored = (await storedPlans(services)).get(scenario);
      const current: EmergencyPlan = stored ?? builtInPlan(scenario);
      const currentVersion = stored?.version ?? 0;
      // Saved as it is (the editor saved unchanged, or a save whose answer was lost sent again):
      // nothing written or audited, whatever version it began from; the plan as it stands.
      if (samePlan(current, { name, actions })) return { body: { plan: await viewOf(services, scenario, stored) } };
      // `now`: the plan as stored; read again only after the store refused the write.
      const conflict = async (now: StoredPlan | undefined): Promise<HttpError> => {
        const version = now?.version ?? 0;
        return HttpError.of(ErrorCode.CONFLICT, `Another admin saved this plan since version ${input.version}; it is at version ${version}.`, {
          currentVersion: version,
          plan: await viewOf(services, scenario, now),
        });
      };
      if (input.version !== currentVersion) throw await conflict(stored);
      const next: StoredPlan = { scenario, name, actions, version: currentVersion + 1, updatedAt: Date.now(), updatedBy: auth.account.id };
      // Another admin's save between the read above and this write: the store refuses it.
      if (!(await services.store.plans.savePlan(next))) throw await conflict((await storedPlans(services)).get(scenario));
      await services.audit.record({
        action: 'plan.updated',
        actor: auth.account,
        req,
        target: { kind: 'plan', id: scenario, label: name.en },
        details: { version: next.version, ...planChanges(current, next) },
      });
      // Every process tells its pages (a board open since before reads the plans again); a bus
      // that is away loses only the push: the pages read them again on reconnect.
      await services.store.control.publish({ type: 'plans-changed' }).catch(() => undefined);
      return { body: { plan: planView(scenario, next, new Map([[auth.account.id, auth.account.displayName]])) } };
    },
  },
];
