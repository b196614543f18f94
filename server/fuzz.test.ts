import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../lib/domain/errors';
import { COMMAND_TYPES, type CommandType } from '../lib/domain/incident/commands';
import type { IncidentEvent } from '../lib/domain/incident/events';
import { newId } from '../lib/client/new-id';
import type { PortlineSocket } from '../lib/client/socket';
import { connect, connectDisplay, createDisplay, createUser, request, signIn, submit } from './testing/client';
import { FAILING_STRINGS, hostileString, layerOf, PASSING_STRINGS, prng, TOO_LARGE, withHostileKey, wrongValue, type Layer, type Rng } from './testing/fuzz';
import { startServerProcess, type ServerProcess } from './testing/server-process';

/**
 * SPEC CMD2, AUTH1–AUTH7, LIM2: at least 1,000 generated malformed or hostile
 * payloads across every command and every HTTP route. Most are well-formed
 * envelopes whose values are hostile (script tags, SQL, bidi overrides,
 * zero-width, emoji, prototype keys as values …) built so that they pass the
 * schema and must be stopped by authorisation or by the decision. Expected: no
 * write (logs, incidents, accounts, agencies, displays, sessions unchanged), no
 * crash (the process stays healthy and logs no uncaught error), every reply a
 * typed error. Reproduce a run with FUZZ_SEED=<seed>.
 */
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const SOCKET_PAYLOADS = 1_100;
const HTTP_PAYLOADS = 450;
const CODES = new Set<string>(Object.values(ErrorCode));

let srv: ServerProcess;
let admin: string;
let observerToken: string;
let outsiderToken: string;
let displayToken: string;
const sockets: Record<'admin' | 'observer' | 'outsider' | 'display', PortlineSocket> = {} as never;
/** P: open, fire + port, one fire task T and one message M. C: closed. */
const fx = { P: '', C: '', T: '', M: '', version: 0, taskVersion: 0 };

beforeAll(async () => {
  srv = await startServerProcess({
    env: {
      SOCKET_COMMANDS_PER_SECOND: '100000',
      SOCKET_COMMAND_BURST: '100000',
      SOCKET_READS_PER_SECOND: '100000',
      SOCKET_READ_BURST: '100000',
      // Sign-in guesses must reach the password check, not the lock, to count as "auth".
      SIGNIN_FREE_FAILURES: '100000',
      SIGNIN_FREE_FAILURES_PER_ADDRESS: '100000',
    },
  });
  admin = await signIn(srv.url);
  observerToken = (await createUser(srv.url, admin, 'fz-observer', 'observer', null)).token;
  outsiderToken = (await createUser(srv.url, admin, 'fz-outsider', 'responder', 'customs')).token;
  sockets.admin = await connect(srv.url, admin);
  sockets.observer = await connect(srv.url, observerToken);
  sockets.outsider = await connect(srv.url, outsiderToken);
  fx.P = newId();
  fx.C = newId();
  fx.T = newId();
  fx.M = newId();
  const a = sockets.admin;
  const open = (id: string) => submit(a, id, { type: 'OpenIncident', title: 'Fuzz target', kind: 'drill', scenario: 'other', severity: 'III', agencies: ['fire', 'port'] });
  expect((await open(fx.P)).ok).toBe(true);
  expect((await open(fx.C)).ok).toBe(true);
  const task = await submit(a, fx.P, { type: 'CreateTask', taskId: fx.T, title: 'Gas detection', agency: 'fire' });
  expect((await submit(a, fx.P, { type: 'PostMessage', messageId: fx.M, text: 'Wind NE 4 m/s' })).ok).toBe(true);
  expect((await submit(a, fx.P, { type: 'SetAgencyStatus', agency: 'fire', status: 'on_scene' })).ok).toBe(true);
  expect((await submit(a, fx.C, { type: 'ChangePhase', expectedVersion: 1, phase: 'closed' })).ok).toBe(true);
  fx.version = 1;
  fx.taskVersion = task.ok ? task.seqs[0] : 0;
  displayToken = (await createDisplay(srv.url, admin, 'Fuzz wall', { kind: 'active' })).token;
  sockets.display = await connectDisplay(srv.url, displayToken);
}, 60_000);

afterAll(async () => {
  for (const s of Object.values(sockets)) s?.close();
  await srv?.stop();
});

/** Everything a payload could have written. */
async function snapshot(): Promise<string> {
  const get = async (route: string) => (await request(srv.url, 'GET', route, { token: admin })).json;
  const events = async (id: string) => (await get(`/api/incidents/${id}/events?from=1`)) as unknown as { events: IncidentEvent[] };
  const me = (await get('/api/me')) as unknown as { account: { id: string } };
  return JSON.stringify({
    P: (await events(fx.P)).events,
    C: (await events(fx.C)).events,
    incidents: await get('/api/incidents'),
    accounts: await get('/api/accounts'),
    agencies: await get('/api/agencies'),
    displays: await get('/api/displays'),
    sessions: await get(`/api/accounts/${me.account.id}/sessions`),
    plans: await get('/api/plans'),
  });
}

type Who = keyof typeof sockets;

/** A well-formed command whose values are hostile and which the decision (admin) or authorisation (others) refuses. */
function wellFormed(r: Rng, who: Who): { incidentId: string; command: Record<string, unknown> } {
  const type: CommandType = r.pick(COMMAND_TYPES);
  // Mostly strings the schema accepts, so the payload reaches authorisation and the decision.
  const text = () => hostileString(r, 0.95);
  const stale = fx.version + 1 + r.int(1000);
  const staleTask = fx.taskVersion + 1 + r.int(1000);
  // Somewhere every command fails for everyone: a closed incident, or one that does not exist.
  const elsewhere = r.chance(0.25) ? (r.chance(0.5) ? fx.C : r.uuid()) : null;
  const incidentId = elsewhere ?? fx.P;
  const commands: Record<CommandType, () => Record<string, unknown>> = {
    OpenIncident: () => ({
      type, title: text(), description: text(), kind: 'real', scenario: 'hazmat', severity: 'I', location: text(),
      // An existing id, or an agency nobody configured: never a new incident.
      agencies: r.chance(0.5) ? ['fire', 'zz-unknown'] : ['fire'],
    }),
    UpdateIncident: () => ({ type, expectedVersion: stale, title: text(), description: text(), location: text() }),
    ChangePhase: () => ({ type, expectedVersion: stale, phase: r.pick(['response', 'containment', 'closed']) }),
    ChangeSeverity: () => ({ type, expectedVersion: stale, severity: 'I', reason: text() }),
    CreateTask: () => ({ type, taskId: fx.T, title: text(), details: text(), agency: r.pick(['fire', 'police']), assignee: text(), location: text() }),
    EditTask: () => ({ type, taskId: r.chance(0.5) ? fx.T : r.uuid(), expectedVersion: staleTask, title: text(), details: text(), location: text() }),
    ReassignTask: () => ({ type, taskId: fx.T, expectedVersion: staleTask, agency: 'port', assignee: text() }),
    ChangeTaskStatus: () =>
      r.chance(0.5)
        ? { type, taskId: fx.T, expectedVersion: fx.taskVersion, to: 'done' } // open → done: not a transition
        : { type, taskId: fx.T, expectedVersion: staleTask, to: 'blocked', reason: text() },
    PostMessage: () =>
      r.chance(0.5)
        ? { type, messageId: fx.M, text: text(), alert: true }
        : { type, messageId: r.uuid(), text: text(), toAgency: 'police' },
    SetAgencyStatus: () => (r.chance(0.5) ? { type, agency: 'police', status: 'en_route' } : { type, agency: 'fire', status: 'on_scene' }),
  };
  let command = commands[type]();
  // OpenIncident at a fresh id must name an unknown agency to be refused by an admin.
  let target = type === 'OpenIncident' ? (r.chance(0.5) ? fx.P : r.uuid()) : incidentId;
  if (type === 'OpenIncident' && target !== fx.P) command = { ...command, agencies: ['zz-unknown'] };
  if (who === 'admin' && type === 'OpenIncident' && target === fx.C) target = fx.P;
  return { incidentId: target, command };
}

function malformed(r: Rng): unknown {
  return r.pick<() => unknown>([
    () => wrongValue(r),
    // One wrong field each; the rest would still be refused (a taken message id) should the wrong value happen to be valid.
    () => ({ commandId: wrongValue(r), incidentId: fx.P, command: { type: 'PostMessage', messageId: fx.M, text: 'x' } }),
    () => ({ commandId: r.uuid(), incidentId: wrongValue(r), command: { type: 'PostMessage', messageId: fx.M, text: 'x' } }),
    () => ({ commandId: r.uuid(), incidentId: fx.P, command: wrongValue(r) }),
    () => ({ commandId: r.uuid(), incidentId: fx.P, command: { type: hostileString(r, 0.5) } }),
    () => ({ commandId: r.uuid(), incidentId: fx.P, command: { type: r.pick(COMMAND_TYPES), title: wrongValue(r), taskId: wrongValue(r), expectedVersion: wrongValue(r), agency: wrongValue(r), text: wrongValue(r) } }),
    () => ({ commandId: r.uuid(), incidentId: fx.P, command: { type: 'PostMessage', messageId: r.uuid(), text: r.pick(FAILING_STRINGS) } }),
    () => ({ commandId: r.uuid(), incidentId: fx.P, command: { type: 'PostMessage', messageId: r.uuid(), text: 'x', extra: wrongValue(r) } }),
    () => ({ commandId: r.uuid(), incidentId: fx.P, command: { type: 'PostMessage', messageId: r.uuid(), text: 'x' }, isAdmin: true }),
  ])();
}

interface Tally {
  total: number;
  layers: Record<Layer, number>;
  codes: Record<string, number>;
  bad: string[];
}
const tally = (): Tally => ({ total: 0, layers: { schema: 0, 'hostile-key': 0, auth: 0, rate: 0, domain: 0 }, codes: {}, bad: [] });
function record(t: Tally, label: string, reply: { ok: boolean; error?: { code: string; message: string; details?: Record<string, unknown> } } | null, status?: number) {
  t.total++;
  if (!reply || reply.ok || !reply.error || !CODES.has(reply.error.code) || typeof reply.error.message !== 'string' || (status !== undefined && status < 400)) {
    t.bad.push(`${label}: ${JSON.stringify(reply).slice(0, 200)} (${status ?? 'socket'})`);
    return;
  }
  t.layers[layerOf(reply.error)]++;
  t.codes[reply.error.code] = (t.codes[reply.error.code] ?? 0) + 1;
}

describe('hostile payloads', () => {
  it('CMD2/AUTH/LIM2: ≥1,000 generated hostile payloads across every command and route: 0 writes, 0 crashes, every reply a typed error', async () => {
    const r = prng(SEED);
    const before = await snapshot();
    const auditBefore = (await request<{ entries: Array<{ action: string; id: string }> }>(srv.url, 'GET', '/api/audit?limit=1', { token: admin })).json.entries;
    const sock = tally();
    const http = tally();
    const whos: Who[] = ['admin', 'admin', 'observer', 'outsider', 'display'];

    for (let i = 0; i < SOCKET_PAYLOADS; i++) {
      const who = r.pick(whos);
      const s = sockets[who];
      const roll = r.next();
      let event: 'command:submit' | 'incident:join' | 'incident:fetch' = 'command:submit';
      let payload: unknown;
      if (roll < 0.62) {
        const { incidentId, command } = wellFormed(r, who);
        payload = { commandId: r.uuid(), incidentId, command };
      } else if (roll < 0.72) {
        const { incidentId, command } = wellFormed(r, who);
        payload = withHostileKey(r, { commandId: r.uuid(), incidentId, command });
      } else if (roll < 0.86) {
        payload = malformed(r);
      } else if (roll < 0.9) {
        payload = { commandId: r.uuid(), incidentId: fx.P, command: { type: 'PostMessage', messageId: r.uuid(), text: TOO_LARGE } };
      } else {
        event = r.chance(0.5) ? 'incident:join' : 'incident:fetch';
        const readable = who === 'outsider' ? fx.P : r.uuid(); // FORBIDDEN, or NOT_FOUND
        payload = r.pick<() => unknown>([
          () => ({ incidentId: readable, sinceSeq: 0, fromSeq: 1 }),
          () => (event === 'incident:join' ? { incidentId: readable, sinceSeq: 0 } : { incidentId: readable, fromSeq: 1 }),
          () => ({ incidentId: wrongValue(r), sinceSeq: wrongValue(r), fromSeq: wrongValue(r) }),
          () => withHostileKey(r, { incidentId: fx.P, sinceSeq: 0 }),
          () => wrongValue(r),
        ])();
      }
      let reply: Parameters<typeof record>[2];
      try {
        reply = (await s.timeout(10_000).emitWithAck(event as 'command:submit', payload as never)) as never;
      } catch (err) {
        reply = null;
        sock.bad.push(`${event} as ${who}: no ack (${(err as Error).message})`);
      }
      record(sock, `${event} as ${who} ${JSON.stringify(payload)?.slice(0, 120)}`, reply);
    }

    const principals = {
      admin: { token: admin },
      observer: { token: observerToken },
      display: { displayToken },
      none: {},
    };
    type HttpCase = { method: string; route: string; as: keyof typeof principals; body?: unknown; headers?: Record<string, string> };
    /** URL-encodes; what cannot be encoded (a lone surrogate) goes as the broken UTF-8 a hostile client would send. */
    const enc = (v: unknown) => {
      try {
        return encodeURIComponent(String(v));
      } catch {
        return '%ED%A0%80';
      }
    };
    // Short enough for Node's 16 KiB header limit (past it Node answers 431 before any of our code runs).
    const pathPart = () =>
      r.pick<() => string>([
        () => enc(r.pick(PASSING_STRINGS)),
        () => r.uuid(),
        () => r.uuid(),
        () => enc(r.pick(FAILING_STRINGS.filter((x) => x.length < 1000))),
        () => '%E0%A4%A',
        () => '%ED%A0%80',
      ])();
    const anyBody = (good: () => Record<string, unknown>) =>
      r.pick<() => unknown>([() => good(), () => good(), () => good(), () => withHostileKey(r, good()), () => wrongValue(r), () => ({ ...good(), extra: wrongValue(r) })])();
    const agency = () => ({ code: r.chance(0.7) ? 'fire' : hostileString(r, 0.5), nameZh: hostileString(r), nameEn: hostileString(r), short: 'X', color: r.chance(0.8) ? '#123456' : hostileString(r, 0.5) });
    // An emergency plan (SPEC PLAN2) always refused: from a version never saved (CONFLICT), or naming an unknown agency.
    const plan = () => ({
      version: r.chance(0.8) ? 1 + r.int(1000) : 0,
      // Mostly what the schema accepts, so the payload reaches the version and agency checks.
      name: { zh: hostileString(r, 0.95), en: hostileString(r, 0.95) },
      actions: Array.from({ length: r.int(3) + 1 }, (_, i) => ({
        key: r.chance(0.95) ? `k-${i}` : hostileString(r, 0.5),
        agency: r.chance(0.8) ? 'fire' : 'zz-unknown',
        title: { zh: hostileString(r, 0.95), en: hostileString(r, 0.95) },
        priority: r.chance(0.95) ? r.pick(['high', 'urgent']) : 'critical',
        dueMinutes: r.chance(0.9) ? r.pick([null, 10]) : r.pick([0, -1, 1e9, wrongValue(r)]),
      })),
    });
    const refusedPlan = () => {
      const p = plan();
      return p.version === 0 ? { ...p, actions: [...p.actions, { ...p.actions[0], key: 'k-unknown', agency: 'zz-unknown' }] } : p;
    };
    const cases: Array<() => HttpCase> = [
      () => ({ method: 'PUT', route: `/api/plans/${r.chance(0.8) ? r.pick(['hazmat', 'other']) : pathPart()}`, as: r.pick(['admin', 'observer', 'display', 'none'] as const), body: anyBody(refusedPlan) }),
      () => ({ method: 'POST', route: '/api/auth/sign-in', as: 'none', body: anyBody(() => ({ username: hostileString(r), password: hostileString(r) })) }),
      () => ({ method: 'POST', route: '/api/auth/password', as: 'observer', body: anyBody(() => ({ currentPassword: hostileString(r), newPassword: `${hostileString(r)}-long-enough` })) }),
      () => ({ method: 'POST', route: '/api/agencies', as: r.pick(['admin', 'observer', 'display'] as const), body: anyBody(agency) }),
      () => ({ method: 'PATCH', route: `/api/agencies/${pathPart()}`, as: r.pick(['admin', 'observer'] as const), body: anyBody(() => ({ nameEn: hostileString(r), color: '#000000' })) }),
      () => ({ method: 'PATCH', route: `/api/accounts/${pathPart()}`, as: r.pick(['admin', 'observer', 'display'] as const), body: anyBody(() => ({ displayName: hostileString(r), role: r.pick(['admin', 'observer', 'root']), disabled: false })) }),
      () => ({ method: 'POST', route: '/api/displays', as: r.pick(['admin', 'observer', 'display'] as const), body: anyBody(() => ({ name: hostileString(r), scope: r.chance(0.8) ? { kind: 'incident', incidentId: r.uuid() } : { kind: hostileString(r) } })) }),
      () => ({ method: 'POST', route: `/api/displays/${pathPart()}/revoke`, as: r.pick(['admin', 'observer', 'display'] as const), body: {} }),
      () => ({ method: 'POST', route: `/api/sessions/${pathPart()}/revoke`, as: r.pick(['admin', 'observer'] as const), body: {} }),
      () => ({ method: 'GET', route: `/api/accounts/${pathPart()}/sessions`, as: r.pick(['admin', 'observer', 'display'] as const) }),
      () => ({ method: 'GET', route: `/api/audit?before=${pathPart()}&limit=${enc(wrongValue(r))}`, as: r.pick(['admin', 'observer'] as const) }),
      () => ({ method: 'GET', route: `/api/incidents/${pathPart()}`, as: r.pick(['admin', 'observer', 'display'] as const) }),
      () => ({ method: 'GET', route: `/api/incidents/${fx.P}/events?from=${encodeURIComponent(r.pick(['-1', '0', 'x', '1e999', '__proto__', '1.5']))}`, as: 'admin' }),
      () => ({ method: 'GET', route: `/api/incidents/${fx.P}`, as: 'none', headers: { authorization: `${r.pick(['Bearer', 'Display', 'Basic', 'bearer'])} ${r.pick(['', 'x', 'pld_' + 'a'.repeat(43), 'a'.repeat(500), '../../etc'])}` } }),
      () => ({ method: 'GET', route: '/api/display/incidents', as: 'none', headers: { authorization: `Display pld_${r.uuid()}` } }),
      () => ({ method: 'POST', route: r.pick(['/api/agencies', '/api/accounts', '/api/displays', '/api/auth/sign-in']), as: 'admin', body: '{"name":', headers: { 'content-type': 'application/json' } }),
      () => ({ method: 'POST', route: r.pick(['/api/agencies', '/api/accounts', '/api/displays']), as: 'admin', body: 'name=x', headers: { 'content-type': r.pick(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data']) } }),
      () => ({ method: 'POST', route: r.pick(['/api/agencies', '/api/accounts', '/api/sessions/x/revoke']), as: 'admin', body: {}, headers: { origin: r.pick(['https://evil.example', 'null', 'http://127.0.0.1.evil.example']) } }),
    ];
    // Admin-only writes that hash a password first are slow (scrypt): fewer of them.
    const slow = (): HttpCase => ({ method: 'POST', route: '/api/accounts', as: r.pick(['admin', 'observer'] as const), body: anyBody(() => ({ username: r.chance(0.7) ? 'admin' : r.pick(FAILING_STRINGS), displayName: hostileString(r), role: r.pick(['responder', 'observer', 'superuser']), agency: r.pick(['fire', 'zz-unknown', null]), password: 'long-enough-password' })) });

    for (let i = 0; i < HTTP_PAYLOADS; i++) {
      const c = i % 15 === 0 ? slow() : r.pick(cases)();
      const res = await request(srv.url, c.method, c.route, { ...principals[c.as], body: c.body, headers: c.headers });
      record(http, `${c.method} ${c.route} as ${c.as}`, res.json as never, res.status);
    }

    const after = await snapshot();
    const audit = await request<{ entries: Array<{ action: string; id: string }> }>(srv.url, 'GET', '/api/audit?limit=200', { token: admin });
    const newAudit = audit.json.entries.filter((e) => !auditBefore.length || Number(e.id) > Number(auditBefore[0].id));
    const health = await fetch(`${srv.url}/readyz`);
    const output = srv.output();

    const show = (name: string, t: Tally) =>
      `  ${name}: ${t.total} payloads → ${Object.entries(t.layers).map(([k, v]) => `${k} ${v}`).join(', ')}; codes ${JSON.stringify(t.codes)}`;
    console.log(
      [
        `FUZZ seed ${SEED} (FUZZ_SEED=${SEED} reproduces it): ${sock.total + http.total} payloads, stopped at each layer:`,
        show('socket', sock),
        show('http', http),
        `  audit entries written meanwhile: ${newAudit.length} (${[...new Set(newAudit.map((e) => e.action))].join(', ')}), nothing else`,
      ].join('\n'),
    );
    expect(sock.bad).toEqual([]);
    expect(http.bad).toEqual([]);
    expect(sock.total + http.total).toBeGreaterThanOrEqual(1_000);
    // Most socket payloads were well-formed enough to reach authorisation or the decision.
    expect(sock.layers.auth + sock.layers.domain).toBeGreaterThan(sock.total / 2);
    expect(sock.layers.domain).toBeGreaterThan(100);
    expect(sock.layers.auth).toBeGreaterThan(100);
    expect(sock.layers['hostile-key'] + http.layers['hostile-key']).toBeGreaterThan(50);
    expect(after).toEqual(before);
    expect(newAudit.every((e) => e.action === 'sign-in.failed' || e.action === 'sign-in.locked')).toBe(true);
    expect(health.status).toBe(200);
    expect(output).not.toMatch(/uncaught exception|unhandled rejection|api route failed|socket handler failed/);
    for (const s of Object.values(sockets)) expect(s.connected).toBe(true);
  }, 120_000);
});
