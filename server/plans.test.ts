import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { ROLES, type Role } from '../lib/domain/actor';
import { SCENARIOS, type Scenario } from '../lib/domain/incident/vocabulary';
import { LIMITS } from '../lib/domain/limits';
import { builtInPlan, DEFAULT_PLANS, type PlanAction } from '../lib/domain/plans';
import type { AccountView, AuditEntry } from '../lib/protocol/http';
import { PlansFile, type PlanView, type SavePlanRequest } from '../lib/protocol/plans';
import { connect, connectDisplay, createDisplay, createUser, request, signIn, until } from './testing/client';
import { pause } from './store/contract';
import { startServerProcess } from './testing/server-process';
import { builtInPlanOf, planOf as planAsServed } from './testing/plans';

/** A save request for a plan as it stands, changed by `edit`. */
const requestFrom = (plan: PlanView, edit: Partial<SavePlanRequest> = {}): SavePlanRequest => ({
  version: plan.version,
  name: { ...plan.name },
  actions: plan.actions.map((a) => ({ ...a, title: { ...a.title } })),
  ...edit,
});
const action = (key: string, agency: string, overrides: Partial<PlanAction> = {}): PlanAction => ({
  key,
  agency,
  title: { zh: `行动 ${key}`, en: `Action ${key}` },
  priority: 'high',
  dueMinutes: 15,
  ...overrides,
});

/**
 * A real server process with its admin signed in, an account of each of `roles` (a liaison and a
 * responder of the fire service), and the plan requests against it.
 */
async function installation(roles: readonly Role[] = ROLES) {
  const srv = await startServerProcess();
  try {
    const admin = await signIn(srv.url);
    const adminAccount = (await request<{ account: AccountView }>(srv.url, 'GET', '/api/me', { token: admin })).json.account;
    const tokens = {} as Record<Role, string>;
    for (const role of roles) {
      const agency = role === 'liaison' || role === 'responder' ? 'fire' : null;
      tokens[role] = (await createUser(srv.url, admin, `plan-${role}`, role, agency)).token;
    }
    const plans = async (token = admin) => {
      const r = await request<{ plans: PlanView[] }>(srv.url, 'GET', '/api/plans', { token });
      expect(r.status).toBe(200);
      return r.json.plans;
    };
    const planOf = (scenario: Scenario) => planAsServed(srv.url, admin, scenario);
    const save = (scenario: string, body: unknown, token = admin) =>
      request<{ plan: PlanView }>(srv.url, 'PUT', `/api/plans/${scenario}`, { token, body });
    const audit = async () => (await request<{ entries: AuditEntry[] }>(srv.url, 'GET', '/api/audit?limit=200', { token: admin })).json.entries;
    /** The audit entries written since `before` (ids of an earlier read). */
    const auditSince = async (before: AuditEntry[]) => {
      const seen = new Set(before.map((e) => e.id));
      return (await audit()).filter((e) => !seen.has(e.id));
    };
    /** The scenario's plan as built in (server/testing/plans.ts builtInPlanOf: put back first if a case before this one left it changed). */
    const asBuiltIn = (scenario: Scenario) => builtInPlanOf(srv.url, admin, scenario);
    return { srv, admin, adminAccount, tokens, plans, planOf, save, audit, auditSince, asBuiltIn };
  } catch (err) {
    await srv.stop();
    throw err;
  }
}
type Installation = Awaited<ReturnType<typeof installation>>;

/**
 * SPEC PLAN2 against a real server process: every signed-in account reads the installation's
 * plans, only an admin saves one, from the version it read; every refusal writes nothing.
 *
 * The cases share one server (starting one per case is slow): each reads the versions it begins
 * from and asserts relative to them, and puts the plans it needs as built in first, so that each
 * passes alone and in any order. The two that are about plans never saved (version 0) have an
 * installation of their own.
 */
describe('emergency plans over HTTP (SPEC PLAN2)', () => {
  let shared: Installation;
  /** An installation of this case's own, nothing saved on it yet; stopped when the case ends. */
  const fresh = async (roles?: readonly Role[]) => {
    const own = await installation(roles);
    onTestFinished(() => own.srv.stop());
    return own;
  };

  beforeAll(async () => {
    shared = await installation();
  }, 60_000);
  afterAll(async () => {
    await shared?.srv.stop();
  });

  it('PLAN2: GET /api/plans gives every role each scenario\'s built-in plan at version 0, in SCENARIOS order; without a session it is UNAUTHENTICATED, a wall screen FORBIDDEN', async () => {
    // An installation where no plan has been saved yet.
    const { srv, admin, tokens, plans } = await fresh();
    const expected = SCENARIOS.map((scenario) => ({ ...builtInPlan(scenario), version: 0, updatedAt: null, updatedBy: null }));
    for (const role of ROLES) {
      const got = await plans(tokens[role]);
      expect(got, role).toEqual(JSON.parse(JSON.stringify(expected)));
      expect(got.map((p) => p.scenario)).toEqual([...SCENARIOS]);
    }
    // `other` has no built-in actions, but a name an admin can start from.
    expect(expected.find((p) => p.scenario === 'other')!.actions).toEqual([]);
    const anonymous = await request(srv.url, 'GET', '/api/plans');
    expect(anonymous.status).toBe(401);
    expect(anonymous.json.error?.code).toBe('UNAUTHENTICATED');
    const wall = await createDisplay(srv.url, admin, 'Plans wall', { kind: 'active' });
    const asDisplay = await request(srv.url, 'GET', '/api/plans', { displayToken: wall.token });
    expect(asDisplay.status).toBe(403);
    expect(asDisplay.json.error?.code).toBe('FORBIDDEN');
  });

  it('PLAN2: an admin saves hazmat (an action for customs added, one removed, renamed): GET shows it at the next version with who saved it, to every role', async () => {
    const { adminAccount, tokens, plans, save, audit, auditSince, asBuiltIn } = shared;
    const before = await asBuiltIn('hazmat');
    const othersBefore = (await plans()).filter((p) => p.scenario !== 'hazmat').map((p) => p.version);
    const auditBefore = await audit();
    const actions = before.actions.filter((a) => a.key !== 'port-declaration');
    actions.splice(10, 0, action('customs-radiation', 'customs', { title: { zh: '辐射检测', en: 'Radiation check' }, priority: 'urgent', dueMinutes: null }));
    const name = { zh: '危险品泄漏应急预案（本港）', en: 'Dangerous-goods leak plan (this port)' };
    const t0 = Date.now();
    const r = await save('hazmat', requestFrom(before, { name, actions }));
    expect(r.status).toBe(200);
    const saved = r.json.plan;
    expect(saved).toMatchObject({ scenario: 'hazmat', name, actions, version: before.version + 1, updatedBy: { id: adminAccount.id, name: adminAccount.displayName } });
    expect(saved.updatedAt).toBeGreaterThanOrEqual(t0 - 1_000);
    for (const role of ROLES) {
      const got = await plans(tokens[role]);
      expect(got.find((p) => p.scenario === 'hazmat'), role).toEqual(saved);
      // The other scenarios keep their plans.
      expect(got.filter((p) => p.scenario !== 'hazmat').map((p) => p.version)).toEqual(othersBefore);
    }
    const written = await auditSince(auditBefore);
    expect(written).toHaveLength(1);
    expect(written[0]).toMatchObject({
      action: 'plan.updated',
      actor: { accountId: adminAccount.id, username: adminAccount.username },
      target: { kind: 'plan', id: 'hazmat', label: name.en },
      details: {
        version: before.version + 1,
        // Named by their titles: an action added in the editor has a generated key.
        actionsAdded: ['Radiation check / 辐射检测'],
        actionsRemoved: [`${DEFAULT_PLANS.hazmat!.actions.find((a) => a.key === 'port-declaration')!.title.en} / ${DEFAULT_PLANS.hazmat!.actions.find((a) => a.key === 'port-declaration')!.title.zh}`],
        actionsEdited: [],
        actionsBefore: 20,
        actionsAfter: 20,
        renamed: true,
        reordered: false,
      },
    });
  });

  it('PLAN2: a commander, observer, liaison or responder (or a wall screen) saving a plan is FORBIDDEN, and nothing changes', async () => {
    const { srv, admin, tokens, plans, save, audit, auditSince } = shared;
    const wall = await createDisplay(srv.url, admin, 'Saving wall', { kind: 'active' });
    const before = await plans();
    const auditBefore = await audit();
    const hazmat = before.find((p) => p.scenario === 'hazmat')!;
    const fire = before.find((p) => p.scenario === 'fire')!;
    for (const role of ROLES.filter((r) => r !== 'admin')) {
      for (const [scenario, body] of [
        ['hazmat', requestFrom(hazmat, { name: { zh: '改名', en: `Renamed by ${role}` } })],
        ['fire', requestFrom(fire, { actions: [] })],
      ] as const) {
        const r = await save(scenario, body, tokens[role]);
        expect(r.status, `${role} ${scenario}`).toBe(403);
        expect(r.json.error?.code, `${role} ${scenario}`).toBe('FORBIDDEN');
      }
    }
    const asDisplay = await request(srv.url, 'PUT', '/api/plans/fire', { displayToken: wall.token, body: requestFrom(fire, { actions: [] }) });
    expect(asDisplay.json.error?.code).toBe('FORBIDDEN');
    expect(await plans()).toEqual(before);
    expect(await auditSince(auditBefore)).toEqual([]);
  });

  it('PLAN2: bad payloads (unknown field, empty title, dueMinutes 0, 61 actions, duplicate keys, unknown agency, unknown scenario, too large) are typed errors, change nothing, and the server keeps answering', async () => {
    const { srv, plans, save, audit, auditSince, asBuiltIn } = shared;
    await asBuiltIn('fire');
    const before = await plans();
    const auditBefore = await audit();
    const fire = before.find((p) => p.scenario === 'fire')!;
    const good = requestFrom(fire, { name: { zh: '火灾预案（改）', en: 'Fire plan (changed)' } });
    const withAction = (i: number, patch: Record<string, unknown>) => ({ ...good, actions: good.actions.map((a, j) => (j === i ? { ...a, ...patch } : a)) });
    const many = Array.from({ length: LIMITS.planActions + 1 }, (_, i) => action(`a-${i}`, 'fire'));
    const cases: Array<{ name: string; scenario?: string; body: unknown; status: number; code: string; message?: RegExp }> = [
      { name: 'unknown top-level field', body: { ...good, notes: 'x' }, status: 400, code: 'BAD_REQUEST' },
      { name: 'unknown field in an action', body: withAction(0, { owner: 'x' }), status: 400, code: 'BAD_REQUEST' },
      { name: 'unknown field in a title', body: withAction(0, { title: { zh: '灭火', en: 'Fire attack', fr: 'Attaque' } }), status: 400, code: 'BAD_REQUEST' },
      { name: 'empty English title', body: withAction(1, { title: { zh: '保护相邻建筑', en: '' } }), status: 400, code: 'BAD_REQUEST' },
      { name: 'blank Chinese title', body: withAction(1, { title: { zh: '   ', en: 'Protect' } }), status: 400, code: 'BAD_REQUEST' },
      { name: 'empty name', body: { ...good, name: { zh: '', en: 'Fire plan' } }, status: 400, code: 'BAD_REQUEST' },
      { name: 'dueMinutes 0', body: withAction(2, { dueMinutes: 0 }), status: 400, code: 'BAD_REQUEST' },
      { name: 'dueMinutes past a day', body: withAction(2, { dueMinutes: 24 * 60 + 1 }), status: 400, code: 'BAD_REQUEST' },
      { name: 'dueMinutes not whole', body: withAction(2, { dueMinutes: 1.5 }), status: 400, code: 'BAD_REQUEST' },
      { name: 'unknown priority', body: withAction(2, { priority: 'critical' }), status: 400, code: 'BAD_REQUEST' },
      { name: 'a key not of the key pattern', body: withAction(2, { key: 'Fire Attack' }), status: 400, code: 'BAD_REQUEST' },
      { name: `${LIMITS.planActions + 1} actions`, body: { ...good, actions: many }, status: 400, code: 'BAD_REQUEST' },
      { name: 'duplicate keys', body: withAction(1, { key: good.actions[0].key }), status: 400, code: 'BAD_REQUEST' },
      { name: 'unknown agency', body: withAction(3, { agency: 'coastguard' }), status: 400, code: 'BAD_REQUEST', message: /coastguard/ },
      { name: 'no version', body: { name: good.name, actions: good.actions }, status: 400, code: 'BAD_REQUEST' },
      { name: 'negative version', body: { ...good, version: -1 }, status: 400, code: 'BAD_REQUEST' },
      { name: 'version as text', body: { ...good, version: '0' }, status: 400, code: 'BAD_REQUEST' },
      { name: 'actions not a list', body: { ...good, actions: {} }, status: 400, code: 'BAD_REQUEST' },
      { name: 'a hostile key', body: JSON.parse(`{"version":0,"name":{"zh":"a","en":"b"},"actions":[],"__proto__":{"admin":true}}`), status: 400, code: 'BAD_REQUEST' },
      { name: 'not JSON', body: '{"version":0,', status: 400, code: 'BAD_REQUEST' },
      { name: 'unknown scenario', scenario: 'flood', body: good, status: 400, code: 'BAD_REQUEST', message: /scenario/ },
      { name: 'a scenario in capitals', scenario: 'FIRE', body: good, status: 400, code: 'BAD_REQUEST' },
      { name: `a body over ${LIMITS.planBodyBytes} bytes`, body: { ...good, pad: 'x'.repeat(LIMITS.planBodyBytes) }, status: 413, code: 'PAYLOAD_TOO_LARGE' },
    ];
    for (const c of cases) {
      const r = await save(c.scenario ?? 'fire', c.body);
      expect(r.status, c.name).toBe(c.status);
      expect(r.json.ok, c.name).toBe(false);
      expect(r.json.error?.code, c.name).toBe(c.code);
      if (c.message) expect(r.json.error?.message, c.name).toMatch(c.message);
      // The server is still there after each.
      expect((await request(srv.url, 'GET', '/healthz')).status, c.name).toBe(200);
    }
    const unknownAgency = await save('fire', withAction(3, { agency: 'coastguard' }));
    expect(unknownAgency.json.error?.details).toEqual({ issues: [{ path: 'actions.3.agency', message: 'unknown agency' }] });
    // PUT with no known route.
    expect((await save('', good)).json.error?.code).toBe('NOT_FOUND');
    expect(await plans()).toEqual(before);
    expect(await auditSince(auditBefore)).toEqual([]);
    // The largest plan the limits allow fits in the body limit: 60 actions with 200-character titles in both languages.
    const largest = {
      ...good,
      name: { zh: '火'.repeat(LIMITS.name), en: '"'.repeat(LIMITS.name) },
      actions: Array.from({ length: LIMITS.planActions }, (_, i) =>
        action(`largest-${String(i).padStart(30, '0')}`, 'fire', { title: { zh: '灭'.repeat(LIMITS.title), en: '"'.repeat(LIMITS.title) } }),
      ),
    };
    const big = await save('fire', largest);
    expect(big.status).toBe(200);
    expect(big.json.plan.actions).toHaveLength(LIMITS.planActions);
  });

  it('PLAN2: a save from a stale version is CONFLICT with the current version and plan in the error, and nothing is written; of two saves from one version one wins', async () => {
    const { srv, admin, planOf, save, audit, auditSince, asBuiltIn } = shared;
    // Hazmat saved since `older` was read: a save from `older` is from a stale version.
    const older = await planOf('hazmat');
    expect((await save('hazmat', requestFrom(older, { name: { zh: '危险品泄漏应急预案（新）', en: `Saved over version ${older.version}` } }))).status).toBe(200);
    const hazmat = await planOf('hazmat');
    expect(hazmat.version).toBe(older.version + 1);
    const auditBefore = await audit();
    // An older version, and versions not reached yet.
    for (const version of [older.version, hazmat.version + 1, hazmat.version + 6]) {
      const r = await save('hazmat', requestFrom(hazmat, { version, name: { zh: '旧版本改名', en: `From version ${version}` } }));
      expect(r.status, `from ${version}`).toBe(409);
      expect(r.json.error?.code).toBe('CONFLICT');
      expect(r.json.error?.details?.currentVersion).toBe(hazmat.version);
      expect(r.json.error?.details?.plan).toEqual(hazmat);
    }
    expect(await planOf('hazmat')).toEqual(hazmat);
    expect(await auditSince(auditBefore)).toEqual([]);

    // Two admins save the same scenario from the same version at once.
    const second = (await createUser(srv.url, admin, `plan-admin-${Math.random().toString(36).slice(2, 8)}`, 'admin', null)).token;
    const epidemic = await asBuiltIn('epidemic');
    const auditBeforeRace = await audit();
    const mine = requestFrom(epidemic, { actions: epidemic.actions.slice(1) });
    const theirs = requestFrom(epidemic, { actions: epidemic.actions.slice(2) });
    const [a, b] = await Promise.all([save('epidemic', mine), save('epidemic', theirs, second)]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const winner = a.status === 200 ? a : b;
    const loser = a.status === 200 ? b : a;
    expect(loser.json.error?.details?.currentVersion).toBe(epidemic.version + 1);
    expect(await planOf('epidemic')).toEqual(winner.json.plan);
    expect(winner.json.plan.version).toBe(epidemic.version + 1);
    expect((await auditSince(auditBeforeRace)).map((e) => e.action)).toEqual(['plan.updated']);
  });

  it('PLAN2: a save equal to the plan as it stands writes nothing, no audit entry and no push; a real change writes exactly one plan.updated and pushes plans:changed to accounts, not walls', async () => {
    // An installation where no plan has been saved yet: the built-in plans are at version 0 there.
    const { srv, admin, tokens, planOf, save, audit, auditSince } = await fresh(['commander']);
    // Hazmat as this installation saved it (a stored plan); mass casualty never saved (built in).
    const stored = await planOf('hazmat');
    expect((await save('hazmat', requestFrom(stored, { name: { zh: '危险品泄漏应急预案（本港）', en: 'Dangerous-goods leak plan (this port)' } }))).status).toBe(200);
    // A commander's board open since before, and a wall screen.
    const board = await connect(srv.url, tokens.commander);
    const wall = await connectDisplay(srv.url, (await createDisplay(srv.url, admin, 'Push wall', { kind: 'active' })).token);
    const pushes = { board: 0, wall: 0 };
    board.on('plans:changed', () => void pushes.board++);
    wall.on('plans:changed', () => void pushes.wall++);
    const hazmat = await planOf('hazmat');
    expect(hazmat.version).toBe(stored.version + 1);
    const auditBefore = await audit();
    const same = await save('hazmat', requestFrom(hazmat));
    expect(same.status).toBe(200);
    expect(same.json.plan).toEqual(hazmat);
    // The built-in plan saved unchanged stays the built-in one: nothing stored.
    const mass = await planOf('mass_casualty');
    expect(mass.version).toBe(0);
    const builtIn = await save('mass_casualty', requestFrom(mass));
    expect(builtIn.status).toBe(200);
    expect(builtIn.json.plan).toEqual(mass);
    expect(await planOf('hazmat')).toEqual(hazmat);
    expect(await planOf('mass_casualty')).toEqual(mass);
    expect(await auditSince(auditBefore)).toEqual([]);
    await pause(300);
    expect(pushes).toEqual({ board: 0, wall: 0 });

    // One action's due time and two actions' order changed: a save, the next version, one entry.
    const actions = hazmat.actions.map((a) => (a.key === 'fire-detect' ? { ...a, dueMinutes: 8 } : a));
    [actions[0], actions[1]] = [actions[1], actions[0]];
    const changed = await save('hazmat', requestFrom(hazmat, { actions }));
    expect(changed.status).toBe(200);
    expect(changed.json.plan.version).toBe(hazmat.version + 1);
    expect(changed.json.plan.actions).toEqual(actions);
    const written = await auditSince(auditBefore);
    expect(written).toHaveLength(1);
    expect(written[0]).toMatchObject({
      action: 'plan.updated',
      target: { kind: 'plan', id: 'hazmat', label: hazmat.name.en },
      details: { version: hazmat.version + 1, actionsAdded: [], actionsRemoved: [], actionsEdited: ['Gas detection around the leak / 泄漏区域气体检测'], actionsBefore: 20, actionsAfter: 20, renamed: false, reordered: true },
    });
    await until(() => pushes.board === 1, 5_000, 'plans:changed on the board');
    await pause(300);
    expect(pushes).toEqual({ board: 1, wall: 0 });
    board.close();
    wall.close();
    // The built-in plan put back is a save like any other.
    const restored = await save('hazmat', { ...requestFrom(changed.json.plan), name: DEFAULT_PLANS.hazmat!.name, actions: DEFAULT_PLANS.hazmat!.actions });
    expect(restored.status).toBe(200);
    expect(restored.json.plan).toMatchObject({ ...JSON.parse(JSON.stringify(DEFAULT_PLANS.hazmat)), version: hazmat.version + 2 });
    expect(await auditSince(auditBefore)).toHaveLength(2);
  });

  it('PLAN2: a plan saved with no actions leaves its scenario with none; `other` can be given some', async () => {
    const { tokens, plans, planOf, save, audit, auditSince, asBuiltIn } = shared;
    const mass = await asBuiltIn('mass_casualty');
    const auditBefore = await audit();
    const r = await save('mass_casualty', requestFrom(mass, { actions: [] }));
    expect(r.status).toBe(200);
    expect(r.json.plan).toMatchObject({ scenario: 'mass_casualty', actions: [], version: mass.version + 1 });
    for (const role of ROLES) {
      const got = (await plans(tokens[role])).find((p) => p.scenario === 'mass_casualty')!;
      expect(got.actions, role).toEqual([]);
      expect(got.version, role).toBe(mass.version + 1);
    }
    const written = await auditSince(auditBefore);
    expect(written).toHaveLength(1);
    expect(written[0].details).toMatchObject({ actionsAdded: [], actionsRemoved: mass.actions.map((a) => `${a.title.en} / ${a.title.zh}`), actionsBefore: mass.actions.length, actionsAfter: 0 });

    const other = await planOf('other');
    const given = await save('other', requestFrom(other, { actions: [action('port-stop', 'port'), action('police-cordon', 'police', { dueMinutes: null })] }));
    expect(given.status).toBe(200);
    expect((await planOf('other')).actions.map((a) => a.key)).toEqual(['port-stop', 'police-cordon']);
  });

  it('PLAN3: GET /api/plans/export is every scenario\'s plan as it stands, as a file another installation reads in (each plan saved back gives the same plans); a wall screen FORBIDDEN', async () => {
    const { srv, admin, tokens, plans, planOf, save } = shared;
    const before = await plans();
    const r = await request<PlansFile>(srv.url, 'GET', '/api/plans/export', { token: tokens.observer });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(r.headers.get('content-disposition')).toMatch(/^attachment; filename="portline-plans-\d{4}-\d{2}-\d{2}\.json"/);
    const file = PlansFile.parse(r.json);
    expect(file.plans.map((p) => p.scenario)).toEqual([...SCENARIOS]);
    // Saved or built in, each as GET gives it, without this installation's versions and savers.
    expect(file.plans).toEqual(before.map(({ scenario, name, actions }) => ({ scenario, name, actions })));
    expect(Math.abs(file.exportedAt - Date.now())).toBeLessThan(60_000);
    const wall = await createDisplay(srv.url, admin, 'Export wall', { kind: 'active' });
    expect((await request(srv.url, 'GET', '/api/plans/export', { displayToken: wall.token })).status).toBe(403);

    // The plans changed here since (as another installation's would differ), then the file read
    // back in, a save per plan from the version now: the plans are the file's again.
    const hazmat = await planOf('hazmat');
    expect((await save('hazmat', requestFrom(hazmat, { name: { zh: '改过的预案', en: 'A changed plan' }, actions: hazmat.actions.slice(1) }))).status).toBe(200);
    for (const p of file.plans) {
      const now = await planOf(p.scenario);
      const back = await save(p.scenario, { version: now.version, name: p.name, actions: p.actions });
      expect(back.status, p.scenario).toBe(200);
    }
    const after = await plans();
    expect(after.map(({ scenario, name, actions }) => ({ scenario, name, actions }))).toEqual(file.plans);
    expect(after.find((p) => p.scenario === 'hazmat')!.version).toBe(hazmat.version + 2);
    // Unchanged plans were not saved again.
    expect(after.find((p) => p.scenario === 'fire')!.version).toBe(before.find((p) => p.scenario === 'fire')!.version);
  });
});
