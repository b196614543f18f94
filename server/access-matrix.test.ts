import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRINCIPAL_ROLES, ROLES, type PrincipalRole, type Role } from '../lib/domain/actor';
import { COMMAND_TYPES, type CommandType, type IncidentCommandInput } from '../lib/domain/incident/commands';
import { applyEvents } from '../lib/domain/incident/evolve';
import type { IncidentState } from '../lib/domain/incident/state';
import { newId } from '../lib/client/new-id';
import type { PortlineSocket } from '../lib/client/socket';
import {
  MATRIX_AGENCIES,
  permissionMatrix,
  readMatrix,
  RELATIONS,
  sampleCommand,
  type MatrixTarget,
  type Relation,
} from '../lib/domain/permission-matrix';
import { connect, connectDisplay, createDisplay, createUser, request, signIn, submit } from './testing/client';
import { startServerProcess, type ServerProcess } from './testing/server-process';

/**
 * SPEC AUTH1–AUTH7 end to end: every command × every role × agency relation ×
 * incident state over Socket.IO against a real server, and every
 * state-changing (and admin) HTTP route × role. The expected outcome of each
 * cell is lib/domain/permission-matrix.ts, the same data docs/security.md is
 * generated from; lib/domain/permissions.test.ts checks that data against the
 * issue's matrix written out by hand.
 */
const { own: OWN, other: OTHER, third: THIRD } = MATRIX_AGENCIES;

let srv: ServerProcess;
let rootAdmin: string;
let fixtures: PortlineSocket;
const sockets: PortlineSocket[] = [];
/** Main session token and socket of each account role (all of agency OWN). */
const tokens = {} as Record<Role, string>;
const roleSocket = {} as Record<PrincipalRole, Record<Relation, Record<'open' | 'closed', PortlineSocket>>>;
let activeDisplayToken: string;
/** Display tokens by relation (scope) and state, as the display sockets. */
const displayTokens = {} as Record<Relation, Record<'open' | 'closed', string>>;

/** Incidents: P (OWN and OTHER take part), N (OWN does not), X (unrelated); and their closed twins. */
const incidents = { P: '', N: '', X: '', Pc: '', Nc: '' };
const tracked = new Map<string, IncidentState>();

async function open(agencies: string[]): Promise<string> {
  const id = newId();
  const ack = await submit(fixtures, id, { type: 'OpenIncident', title: `Matrix ${agencies.join('+')}`, kind: 'drill', scenario: 'hazmat', severity: 'III', agencies });
  expect(ack.ok).toBe(true);
  return id;
}
async function state(id: string): Promise<IncidentState> {
  let s = tracked.get(id) ?? null;
  for (;;) {
    const page = await fixtures.emitWithAck('incident:fetch', { incidentId: id, fromSeq: (s?.seq ?? 0) + 1, limit: 1000 });
    if (!page.ok) throw new Error(`fetch ${id}: ${page.error.code}`);
    if (page.events.length) s = applyEvents(s, page.events);
    if (page.events.length < 1000) break;
  }
  tracked.set(id, s!);
  return s!;
}
async function freshTask(incidentId: string, agency: string): Promise<{ id: string; version: number }> {
  const id = newId();
  const ack = await submit(fixtures, incidentId, { type: 'CreateTask', taskId: id, title: 'Fixture task', agency });
  if (!ack.ok) throw new Error(`fixture task: ${ack.error.code} ${ack.error.message}`);
  return { id, version: ack.seqs[0] };
}
const TASK_COMMANDS: ReadonlySet<CommandType> = new Set(['EditTask', 'ReassignTask', 'ChangeTaskStatus']);

beforeAll(async () => {
  srv = await startServerProcess({
    // The matrix sends hundreds of commands per second from a few sockets; the limits are tested elsewhere.
    env: { SOCKET_COMMANDS_PER_SECOND: '100000', SOCKET_COMMAND_BURST: '100000', SOCKET_READS_PER_SECOND: '100000', SOCKET_READ_BURST: '100000' },
  });
  rootAdmin = await signIn(srv.url);
  fixtures = await connect(srv.url, rootAdmin);
  sockets.push(fixtures);
  for (const role of ROLES) tokens[role] = (await createUser(srv.url, rootAdmin, `m-${role}`, role, OWN)).token;

  incidents.P = await open([OWN, OTHER]);
  incidents.N = await open([OTHER, THIRD]);
  incidents.X = await open([THIRD]);
  incidents.Pc = await open([OWN, OTHER]);
  incidents.Nc = await open([OTHER, THIRD]);
  // Closed twins get their tasks first: afterwards nothing can change them.
  for (const [id, agencies] of [[incidents.Pc, [OWN, OTHER]], [incidents.Nc, [OTHER]]] as const)
    for (const agency of agencies) await freshTask(id, agency);
  for (const id of [incidents.Pc, incidents.Nc]) {
    const s = await state(id);
    const ack = await submit(fixtures, id, { type: 'ChangePhase', expectedVersion: s.version, phase: 'closed' });
    expect(ack.ok).toBe(true);
  }

  // One socket per account role, reused by every case; displays get one per scope.
  const accountSockets = Object.fromEntries(await Promise.all(ROLES.map(async (r) => [r, await connect(srv.url, tokens[r])]))) as Record<Role, PortlineSocket>;
  sockets.push(...Object.values(accountSockets));
  const dP = await createDisplay(srv.url, rootAdmin, 'Wall P', { kind: 'incident', incidentId: incidents.P });
  const dPc = await createDisplay(srv.url, rootAdmin, 'Wall Pc', { kind: 'incident', incidentId: incidents.Pc });
  const dA = await createDisplay(srv.url, rootAdmin, 'Wall active', { kind: 'active' });
  const dX = await createDisplay(srv.url, rootAdmin, 'Wall X', { kind: 'incident', incidentId: incidents.X });
  activeDisplayToken = dA.token;
  Object.assign(displayTokens, {
    own: { open: dP.token, closed: dPc.token },
    other: { open: dA.token, closed: dA.token },
    none: { open: dX.token, closed: dX.token },
  });
  const [sP, sPc, sA, sX] = await Promise.all([dP, dPc, dA, dX].map((d) => connectDisplay(srv.url, d.token)));
  sockets.push(sP, sPc, sA, sX);
  for (const role of PRINCIPAL_ROLES) {
    if (role === 'display') {
      // The relation of a display is its token's scope: the target incident (own), all active (other), another incident (none).
      roleSocket.display = { own: { open: sP, closed: sPc }, other: { open: sA, closed: sA }, none: { open: sX, closed: sX } };
    } else {
      const s = accountSockets[role];
      roleSocket[role] = { own: { open: s, closed: s }, other: { open: s, closed: s }, none: { open: s, closed: s } };
    }
  }
}, 120_000);

afterAll(async () => {
  for (const s of sockets) s.close();
  await srv?.stop();
});

const counts = { socket: 0, socketReads: 0, http: 0 };

describe('the permission matrix against a real server', () => {
  it('AUTH1–AUTH7/AUTH13: every command × role × relation × incident state over Socket.IO: allowed → applied, denied → FORBIDDEN (before INCIDENT_CLOSED), closed → INCIDENT_CLOSED; nothing else appended', async () => {
    const expected = new Map(permissionMatrix().map((c) => [`${c.type}/${c.relation}/${c.role}`, c.allowed]));
    const failures: string[] = [];
    for (const closed of [false, true]) {
      for (const type of COMMAND_TYPES) {
        for (const relation of RELATIONS) {
          for (const role of PRINCIPAL_ROLES) {
            const targetId = relation === 'none' ? (closed ? incidents.Nc : incidents.N) : closed ? incidents.Pc : incidents.P;
            const agency = relation === 'own' ? OWN : OTHER;
            let s = await state(targetId);
            let task = Object.values(s.tasks).find((t) => t.agency === agency) ?? { id: newId(), version: 1 };
            if (!closed && TASK_COMMANDS.has(type)) {
              task = await freshTask(targetId, agency);
              s = await state(targetId);
            }
            const target: MatrixTarget = {
              incidentAgencies: relation === 'none' ? [OTHER] : [OWN, OTHER],
              agency,
              task: { id: task.id, version: task.version },
              incidentVersion: s.version,
              phase: s.phase,
              severity: s.severity,
              agencyStatus: s.agencyStatus[agency]?.status ?? null,
              newId,
            };
            const command: IncidentCommandInput = sampleCommand(type, target);
            // OpenIncident opens a new id; on a closed incident it tries to re-open that id.
            const incidentId = type === 'OpenIncident' && !closed ? newId() : targetId;
            const before = type === 'OpenIncident' && !closed ? 0 : s.seq;
            const ack = await submit(roleSocket[role][relation][closed ? 'closed' : 'open'], incidentId, command);
            const allowed = expected.get(`${type}/${relation}/${role}`)!;
            const want = !allowed ? 'FORBIDDEN' : !closed ? 'ok' : type === 'OpenIncident' ? 'ALREADY_EXISTS' : 'INCIDENT_CLOSED';
            const got = ack.ok ? 'ok' : ack.error.code;
            const after = type === 'OpenIncident' && !closed ? (got === 'ok' ? (await state(incidentId)).seq : await headOrZero(incidentId)) : (await state(targetId)).seq;
            const grew = after - before;
            if (got !== want || grew !== (want === 'ok' ? 1 : 0))
              failures.push(`${closed ? 'closed' : 'open'} ${type} ${relation} ${role}: want ${want}, got ${got} (${ack.ok ? '' : ack.error.message}); log +${grew}`);
            counts.socket++;
          }
        }
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it('AUTH5–AUTH7: joining: every role × relation × incident state, as canReadIncident says', async () => {
    const failures: string[] = [];
    for (const cell of readMatrix()) {
      const targetId = cell.relation === 'none' ? (cell.closed ? incidents.Nc : incidents.N) : cell.closed ? incidents.Pc : incidents.P;
      const socket = roleSocket[cell.role][cell.relation][cell.closed ? 'closed' : 'open'];
      const r = await socket.emitWithAck('incident:join', { incidentId: targetId, sinceSeq: 0 });
      const got = r.ok ? 'ok' : r.error.code;
      if (got !== (cell.allowed ? 'ok' : 'FORBIDDEN')) failures.push(`${cell.closed ? 'closed' : 'open'} ${cell.relation} ${cell.role}: got ${got}`);
      if (r.ok) await socket.emitWithAck('incident:leave', { incidentId: targetId });
      counts.socketReads++;
    }
    expect(failures).toEqual([]);
  });

  it('AUTH2/AUTH7: every state-changing and admin HTTP route × role: admin → done, others → FORBIDDEN and nothing changed', async () => {
    const failures: string[] = [];
    const cred = (role: PrincipalRole) => (role === 'display' ? { displayToken: activeDisplayToken } : { token: tokens[role] });
    const asRoot = (method: string, route: string, body?: unknown) => request(srv.url, method, route, { token: rootAdmin, body });
    const snapshot = async (route: string) => JSON.stringify((await asRoot('GET', route)).json);

    // Throwaway targets the admin routes act on.
    const victim = await createUser(srv.url, rootAdmin, 'm-victim', 'responder', OWN);
    const victimSession = async () => {
      await signIn(srv.url, 'm-victim', 'm-victim-password-ok');
      const list = await asRoot('GET', `/api/accounts/${victim.account.id}/sessions`);
      return (list.json as unknown as { sessions: Array<{ id: string }> }).sessions.at(-1)!.id;
    };
    let n = 0;
    const uniq = () => `${Date.now().toString(36)}${++n}`;
    const agencyCode = async () => {
      const code = `m${uniq()}`.slice(0, 16);
      await asRoot('POST', '/api/agencies', { code, nameZh: '测试', nameEn: 'Test', short: 'T', color: '#123456' });
      return code;
    };

    /** A save of the fire plan from the version it is at, renamed (so each allowed one changes it). */
    const planSave = async () => {
      const plans = (await asRoot('GET', '/api/plans')).json as unknown as { plans: Array<{ scenario: string; version: number; name: object; actions: object[] }> };
      const fire = plans.plans.find((p) => p.scenario === 'fire')!;
      return { version: fire.version, name: { zh: `火灾预案 ${uniq()}`, en: `Fire plan ${uniq()}` }, actions: fire.actions };
    };

    interface HttpCase {
      name: string;
      /** Only admins may; everyone else gets FORBIDDEN (displays too: they only read). */
      adminOnly: boolean;
      /** Sets up a target if needed, then calls `send` with the request. */
      run: (role: PrincipalRole) => Promise<Outcome>;
    }
    interface Outcome {
      status: number;
      code: string | null;
      /** Whether the watched admin list changed across the request itself. */
      changed: boolean | null;
    }
    const send = async (role: PrincipalRole, method: string, route: string, body?: unknown, watch?: string): Promise<Outcome> => {
      const before = watch ? await snapshot(watch) : null;
      const r = await request(srv.url, method, route, { ...cred(role), body });
      const changed = watch ? (await snapshot(watch)) !== before : null;
      return { status: r.status, code: r.json.ok ? null : r.json.error!.code, changed };
    };
    const cases: HttpCase[] = [
      { name: 'POST /api/agencies', adminOnly: true, run: (role) => send(role, 'POST', '/api/agencies', { code: `m${uniq()}`.slice(0, 16), nameZh: '新', nameEn: 'New', short: 'N', color: '#abcdef' }, '/api/agencies') },
      { name: 'PATCH /api/agencies/:code', adminOnly: true, run: async (role) => send(role, 'PATCH', `/api/agencies/${await agencyCode()}`, { nameEn: `Renamed ${uniq()}` }, '/api/agencies') },
      { name: 'PUT /api/plans/:scenario', adminOnly: true, run: async (role) => send(role, 'PUT', '/api/plans/fire', await planSave(), '/api/plans') },
      { name: 'POST /api/accounts', adminOnly: true, run: (role) => send(role, 'POST', '/api/accounts', { username: `u${uniq()}`, displayName: 'New', role: 'observer', agency: null, password: 'a-long-password' }, '/api/accounts') },
      { name: 'PATCH /api/accounts/:id', adminOnly: true, run: (role) => send(role, 'PATCH', `/api/accounts/${victim.account.id}`, { displayName: `Victim ${uniq()}` }, '/api/accounts') },
      { name: 'POST /api/displays', adminOnly: true, run: (role) => send(role, 'POST', '/api/displays', { name: `Wall ${uniq()}`, scope: { kind: 'active' } }, '/api/displays') },
      {
        name: 'POST /api/displays/:id/revoke',
        adminOnly: true,
        run: async (role) => send(role, 'POST', `/api/displays/${(await createDisplay(srv.url, rootAdmin, `Doomed ${uniq()}`, { kind: 'active' })).id}/revoke`, {}, '/api/displays'),
      },
      { name: 'POST /api/sessions/:id/revoke', adminOnly: true, run: async (role) => send(role, 'POST', `/api/sessions/${await victimSession()}/revoke`, {}, `/api/accounts/${victim.account.id}/sessions`) },
      { name: 'GET /api/accounts', adminOnly: true, run: (role) => send(role, 'GET', '/api/accounts') },
      { name: 'GET /api/accounts/:id/sessions', adminOnly: true, run: (role) => send(role, 'GET', `/api/accounts/${victim.account.id}/sessions`) },
      { name: 'GET /api/displays', adminOnly: true, run: (role) => send(role, 'GET', '/api/displays') },
      { name: 'GET /api/audit', adminOnly: true, run: (role) => send(role, 'GET', '/api/audit?limit=5') },
    ];
    for (const c of cases) {
      for (const role of PRINCIPAL_ROLES) {
        const r = await c.run(role);
        const allowed = !c.adminOnly || role === 'admin';
        if (allowed ? r.code !== null : r.code !== 'FORBIDDEN' || r.status !== 403) failures.push(`${c.name} as ${role}: ${r.status} ${r.code}`);
        // Applied writes change what they target; refused ones change nothing.
        if (r.changed !== null && r.changed !== allowed) failures.push(`${c.name} as ${role}: changed=${r.changed}`);
        counts.http++;
      }
    }

    // Self-service routes: every account may sign out and change its own password; a display may not.
    for (const role of PRINCIPAL_ROLES) {
      if (role === 'display') {
        const r = await request(srv.url, 'POST', '/api/auth/password', { displayToken: activeDisplayToken, body: { currentPassword: 'x', newPassword: 'yyyyyyyyyyyy' } });
        if (r.json.error?.code !== 'FORBIDDEN') failures.push(`password as display: ${r.status}`);
        const out = await request(srv.url, 'POST', '/api/auth/sign-out', { displayToken: activeDisplayToken, body: {} });
        const still = await request(srv.url, 'GET', '/api/display/incidents', { displayToken: activeDisplayToken });
        if (!out.json.ok || !still.json.ok) failures.push('sign-out as display must not end the display token');
        counts.http += 2;
        continue;
      }
      const self = await createUser(srv.url, rootAdmin, `m-self-${role}`, role, OWN);
      const pw = await request<{ token?: string }>(srv.url, 'POST', '/api/auth/password', { token: self.token, body: { currentPassword: `m-self-${role}-password-ok`, newPassword: `m-self-${role}-new-password` } });
      if (!pw.json.ok || !pw.json.token) failures.push(`password as ${role}: ${pw.status} ${pw.json.error?.code}`);
      // The change ended the session it was made in (AUTH8) and gave a new one: sign-out ends that.
      const renewed = pw.json.token ?? self.token;
      const out = await request(srv.url, 'POST', '/api/auth/sign-out', { token: renewed, body: {} });
      const me = await request(srv.url, 'GET', '/api/me', { token: renewed });
      if (!out.json.ok || me.status !== 401) failures.push(`sign-out as ${role}: ${out.status}, then /api/me ${me.status}`);
      counts.http += 2;
    }

    // Reads over HTTP follow canReadIncident; /api/display/incidents is for displays only.
    for (const cell of readMatrix()) {
      const id = cell.relation === 'none' ? (cell.closed ? incidents.Nc : incidents.N) : cell.closed ? incidents.Pc : incidents.P;
      const as = cell.role === 'display' ? { displayToken: displayTokens[cell.relation][cell.closed ? 'closed' : 'open'] } : { token: tokens[cell.role] };
      const r = await request(srv.url, 'GET', `/api/incidents/${id}`, as);
      if ((r.json.ok ? 'ok' : r.json.error!.code) !== (cell.allowed ? 'ok' : 'FORBIDDEN')) failures.push(`GET incident ${cell.relation} ${cell.closed} as ${cell.role}: ${r.status}`);
      counts.http++;
    }
    // The emergency plans (SPEC PLAN2): every account reads them; a wall screen activates nothing, so does not.
    // Nor their file (SPEC PLAN3), which is the plans themselves.
    for (const path of ['/api/plans', '/api/plans/export'])
      for (const role of PRINCIPAL_ROLES) {
        const r = await request(srv.url, 'GET', path, cred(role));
        if ((r.status === 200 ? 'ok' : r.json.error?.code) !== (role === 'display' ? 'FORBIDDEN' : 'ok')) failures.push(`GET ${path} as ${role}: ${r.status}`);
        counts.http++;
      }
    for (const role of PRINCIPAL_ROLES) {
      const r = await request(srv.url, 'GET', '/api/display/incidents', cred(role));
      if ((r.json.ok ? 'ok' : r.json.error!.code) !== (role === 'display' ? 'ok' : 'FORBIDDEN')) failures.push(`GET /api/display/incidents as ${role}: ${r.status}`);
      counts.http++;
    }
    expect(failures).toEqual([]);
  }, 120_000);

  afterAll(() => {
    const socket = counts.socket + counts.socketReads;
    console.log(`matrix: ${socket + counts.http} cases (${socket} socket: ${counts.socket} commands + ${counts.socketReads} joins; ${counts.http} http)`);
  });
});

async function headOrZero(incidentId: string): Promise<number> {
  const page = await fixtures.emitWithAck('incident:fetch', { incidentId, fromSeq: 1, limit: 1 });
  return page.ok ? page.headSeq : 0;
}
