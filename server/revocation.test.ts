import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../lib/client/new-id';
import { createSocket, type PortlineSocket } from '../lib/client/socket';
import type { AuditEntry, DisplayView, SessionView } from '../lib/protocol/http';
import { hashToken } from './auth/sessions';
import { connect, connectDisplay, createDisplay, createUser, hazmatIncident, request, signIn, submit } from './testing/client';
import { startRedisServer, type RedisServerHandle } from './testing/redis-server';
import { startServerProcess, type ServerProcess } from './testing/server-process';
import { refusedCode, watchCut, type Cut } from './testing/watch';

/**
 * SPEC AUTH8: ending a session (admin revoke, sign-out, disabling, password or
 * role change) or revoking a display token cuts the live sockets that use it
 * within about a second, on every server process, after telling them why; the
 * token works nowhere afterwards. Real servers, real socket.io-client.
 */
const BOUND_MS = 5_000;
const sockets: PortlineSocket[] = [];
const timings: string[] = [];

async function sock(url: string, token: string) {
  const s = await connect(url, token);
  sockets.push(s);
  return s;
}
async function displaySock(url: string, token: string) {
  const s = await connectDisplay(url, token);
  sockets.push(s);
  return s;
}
/** Runs `act` and waits for every socket to be cut; records the slowest. */
async function cutBy(label: string, targets: PortlineSocket[], act: () => Promise<unknown>): Promise<Cut[]> {
  const watches = targets.map((s) => watchCut(s, BOUND_MS));
  const t0 = Date.now();
  for (const w of watches) w.since(t0);
  await act();
  const cuts = await Promise.all(watches.map((w) => w.done));
  const slowest = Math.max(...cuts.map((c) => c.disconnectMs));
  timings.push(`${label}: ${cuts.map((c) => `${c.event} ${c.eventMs} ms, disconnected ${c.disconnectMs} ms`).join('; ')}`);
  expect(slowest).toBeLessThan(BOUND_MS);
  for (const c of cuts) expect(c.disconnectReason).toBe('io server disconnect');
  return cuts;
}
async function stillWorks(s: PortlineSocket, incidentId: string): Promise<boolean> {
  const ack = await submit(s, incidentId, { type: 'PostMessage', messageId: newId(), text: 'still here' });
  return ack.ok;
}
/**
 * Resolves once the server disconnects the socket, with the `session:ended` it was told
 * before, if any: the socket of a session renewed by its own password change is cut untold.
 */
function cutUntold(socket: PortlineSocket): Promise<{ told: string | null; reason: string }> {
  let told: string | null = null;
  socket.once('session:ended', (m) => (told = m.reason));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('not cut')), BOUND_MS);
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve({ told, reason });
    });
  });
}
/** The session token a Set-Cookie header carries. */
function cookieToken(headers: Headers): string {
  const m = /portline_session=([^;]*)/.exec(headers.get('set-cookie') ?? '');
  if (!m?.[1]) throw new Error(`no session cookie in ${headers.get('set-cookie')}`);
  return m[1];
}
async function refused(url: string, auth: { token?: string; displayToken?: string }): Promise<string | undefined> {
  const s = auth.displayToken
    ? ((await import('socket.io-client')).io(url, { auth: { protocolVersion: 1, displayToken: auth.displayToken }, transports: ['websocket'], reconnection: false }) as PortlineSocket)
    : createSocket({ url, token: auth.token, websocketOnly: true });
  sockets.push(s);
  const code = await refusedCode(s);
  s.close();
  return code;
}

afterAll(() => {
  console.log(['AUTH8 revocation timings (request sent → event, → disconnect):', ...timings.map((t) => `  ${t}`)].join('\n'));
  for (const s of sockets) s.close();
});

describe('one process (embedded store)', () => {
  let srv: ServerProcess;
  let admin: string;
  let incident: string;
  beforeAll(async () => {
    srv = await startServerProcess();
    admin = await signIn(srv.url);
    const a = await sock(srv.url, admin);
    incident = newId();
    await submit(a, incident, hazmatIncident());
  });
  afterAll(async () => {
    await srv?.stop();
  });

  it('AUTH8: an admin lists a person’s sessions and revokes one: that socket is told and cut, the other session stays', async () => {
    const { account, token: t1 } = await createUser(srv.url, admin, 'rv-fire', 'responder', 'fire');
    const t2 = await signIn(srv.url, 'rv-fire', 'rv-fire-password-ok');
    const [s1, s1b, s2] = [await sock(srv.url, t1), await sock(srv.url, t1), await sock(srv.url, t2)];
    const list = await request<{ sessions: SessionView[] }>(srv.url, 'GET', `/api/accounts/${account.id}/sessions`, { token: admin });
    expect(list.status).toBe(200);
    const sessions = list.json.sessions;
    expect(sessions.length).toBeGreaterThanOrEqual(2);
    for (const s of sessions) {
      expect(s).toMatchObject({ accountId: account.id, address: '127.0.0.1', current: false });
      expect(s.createdAt).toBeLessThanOrEqual(s.lastSeenAt);
      expect(s.userAgent).toBeTruthy();
      expect(JSON.stringify(s)).not.toContain(t1);
    }
    // The newest but one is t1's session (createUser signs in once more after its password change).
    const me = await request<{ account: { id: string } }>(srv.url, 'GET', '/api/me', { token: t1 });
    expect(me.status).toBe(200);
    const t1Session = sessions[sessions.length - 2];

    const cuts = await cutBy('admin revokes a session (2 sockets)', [s1, s1b], () =>
      request(srv.url, 'POST', `/api/sessions/${t1Session.id}/revoke`, { token: admin, body: {} }),
    );
    for (const c of cuts) expect(c.payload.reason).toBe('revoked');
    expect(await stillWorks(s2, incident)).toBe(true);
    expect(await refused(srv.url, { token: t1 })).toBe('UNAUTHENTICATED');
    expect((await request(srv.url, 'GET', '/api/me', { token: t1 })).status).toBe(401);
    const again = await request(srv.url, 'POST', `/api/sessions/${t1Session.id}/revoke`, { token: admin, body: {} });
    expect(again.json.error?.code).toBe('NOT_FOUND');
  });

  it('AUTH8: disabling an account cuts every socket of every session of it; its password no longer signs in', async () => {
    const { account, token: t1 } = await createUser(srv.url, admin, 'rv-off', 'liaison', 'customs');
    const t2 = await signIn(srv.url, 'rv-off', 'rv-off-password-ok');
    const targets = [await sock(srv.url, t1), await sock(srv.url, t2)];
    const cuts = await cutBy('admin disables an account (2 sessions)', targets, () =>
      request(srv.url, 'PATCH', `/api/accounts/${account.id}`, { token: admin, body: { disabled: true } }),
    );
    for (const c of cuts) expect(c.payload.reason).toBe('account-disabled');
    for (const t of [t1, t2]) expect(await refused(srv.url, { token: t })).toBe('UNAUTHENTICATED');
    const r = await request(srv.url, 'POST', '/api/auth/sign-in', { body: { username: 'rv-off', password: 'rv-off-password-ok' } });
    expect(r.status).toBe(401);
  });

  it('AUTH8: a password reset or a role/agency change by an admin ends the sessions; a name change does not', async () => {
    const { account, token } = await createUser(srv.url, admin, 'rv-chg', 'responder', 'fire');
    const s = await sock(srv.url, token);
    await request(srv.url, 'PATCH', `/api/accounts/${account.id}`, { token: admin, body: { displayName: 'Renamed' } });
    expect(await stillWorks(s, incident)).toBe(true);
    const [c1] = await cutBy('admin changes the agency', [s], () =>
      request(srv.url, 'PATCH', `/api/accounts/${account.id}`, { token: admin, body: { agency: 'customs' } }),
    );
    expect(c1.payload.reason).toBe('account-changed');
    const t2 = await signIn(srv.url, 'rv-chg', 'rv-chg-password-ok');
    const s2 = await sock(srv.url, t2);
    const [c2] = await cutBy('admin resets the password', [s2], () =>
      request(srv.url, 'PATCH', `/api/accounts/${account.id}`, { token: admin, body: { resetPassword: 'a-brand-new-password' } }),
    );
    expect(c2.payload.reason).toBe('password-reset');
  });

  it('AUTH8: signing out cuts the sockets of that session only; changing one’s password ends every session, its own too, and goes on with a new one', async () => {
    await createUser(srv.url, admin, 'rv-me', 'responder', 'fire');
    const [ta, tb] = [await signIn(srv.url, 'rv-me', 'rv-me-password-ok'), await signIn(srv.url, 'rv-me', 'rv-me-password-ok')];
    const [sa, sb] = [await sock(srv.url, ta), await sock(srv.url, tb)];
    const [c] = await cutBy('sign-out', [sa], () => request(srv.url, 'POST', '/api/auth/sign-out', { token: ta, body: {} }));
    expect(c.payload.reason).toBe('signed-out');
    expect(await stillWorks(sb, incident)).toBe(true);
    const tc = await signIn(srv.url, 'rv-me', 'rv-me-password-ok');
    const sc = await sock(srv.url, tc);
    // The socket of the session that changes the password is cut without session:ended (its page
    // reconnects with the new cookie, and is not sent to the sign-in page); the other session's is told.
    const own = cutUntold(sb);
    let changed: Awaited<ReturnType<typeof request<{ token: string }>>> | undefined;
    const [c2] = await cutBy('own password change (other session)', [sc], async () => {
      changed = await request<{ token: string }>(srv.url, 'POST', '/api/auth/password', {
        token: tb,
        body: { currentPassword: 'rv-me-password-ok', newPassword: 'rv-me-second-password' },
      });
    });
    expect(c2.payload.reason).toBe('password-changed');
    expect(await own).toEqual({ told: null, reason: 'io server disconnect' });
    expect(changed!.status).toBe(200);
    for (const t of [tb, tc]) expect(await refused(srv.url, { token: t })).toBe('UNAUTHENTICATED');
    expect(changed!.json.token).toBe(cookieToken(changed!.headers));
    expect(await stillWorks(await sock(srv.url, changed!.json.token), incident)).toBe(true);
  });

  it('AUTH8: an admin disables an account while its password is being changed: it stays disabled (the change is not made on a copy read before)', async () => {
    // The change hashes twice (the current password, the new one) before it writes: an admin's
    // disable sent a moment after it lands in between. Tried at several moments.
    const outcomes: string[] = [];
    for (const [i, after] of [5, 20, 40, 60, 80].entries()) {
      const name = `rv-race${i}`;
      const { account, token } = await createUser(srv.url, admin, name, 'responder', 'fire');
      const change = request<{ token: string }>(srv.url, 'POST', '/api/auth/password', { token, body: { currentPassword: `${name}-password-ok`, newPassword: `${name}-second-password` } });
      await new Promise((r) => setTimeout(r, after));
      const disable = await request(srv.url, 'PATCH', `/api/accounts/${account.id}`, { token: admin, body: { disabled: true } });
      expect(disable.status).toBe(200);
      const changed = await change;
      outcomes.push(`${after} ms: password change ${changed.status}`);
      const list = await request<{ accounts: { id: string; disabled: boolean }[] }>(srv.url, 'GET', '/api/accounts', { token: admin });
      expect(list.json.accounts.find((a) => a.id === account.id)?.disabled, `disable sent ${after} ms after the password change`).toBe(true);
      // Nor does the session the change went on with (if it was through first) work.
      const token2 = changed.status === 200 ? changed.json.token : token;
      expect(await refused(srv.url, { token: token2 })).toBe('UNAUTHENTICATED');
    }
    console.log(`AUTH8 disable during a password change: ${outcomes.join('; ')}`);
  });

  it('AUTH8: a sign-in with the old password that overlaps a password change gets no session that outlives the change', async () => {
    // The sign-in reads the account, hashes the password it was given, then makes its session:
    // a change written meanwhile must not leave that session valid. Tried at several moments.
    const outcomes: string[] = [];
    for (const [i, after] of [0, 30, 60, 90, 120, 150].entries()) {
      const name = `rv-overlap${i}`;
      const { token } = await createUser(srv.url, admin, name, 'responder', 'fire');
      const change = request(srv.url, 'POST', '/api/auth/password', { token, body: { currentPassword: `${name}-password-ok`, newPassword: `${name}-second-password` } });
      await new Promise((r) => setTimeout(r, after));
      const signedIn = await request<{ token: string }>(srv.url, 'POST', '/api/auth/sign-in', { body: { username: name, password: `${name}-password-ok` } });
      expect((await change).status).toBe(200);
      outcomes.push(`${after} ms: sign-in ${signedIn.status}`);
      if (signedIn.status === 200) expect(await refused(srv.url, { token: signedIn.json.token }), `sign-in sent ${after} ms after the password change`).toBe('UNAUTHENTICATED');
      else expect(signedIn.status).toBe(401);
    }
    console.log(`AUTH8 sign-in with the old password during its change: ${outcomes.join('; ')}`);
  });

  it('AUTH8: a password change ends the very session it was made with: a stolen copy of that cookie is out, the person goes on with the new cookie', async () => {
    await createUser(srv.url, admin, 'rv-stolen', 'responder', 'fire');
    const old = await signIn(srv.url, 'rv-stolen', 'rv-stolen-password-ok');
    const victim = { cookie: `portline_session=${old}`, origin: srv.url };
    // As the browser asks: the cookie and an Origin (no token in the answer, a new cookie).
    const changed = await request(srv.url, 'POST', '/api/auth/password', {
      headers: victim,
      body: { currentPassword: 'rv-stolen-password-ok', newPassword: 'rv-stolen-new-password' },
    });
    expect(changed.status).toBe(200);
    expect(changed.json).not.toHaveProperty('token');
    const fresh = cookieToken(changed.headers);
    expect(fresh).not.toBe(old);
    expect(changed.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Lax; Max-Age=\d+/);
    // The thief's copy of the old cookie, as cookie or bearer: nothing.
    expect((await request(srv.url, 'GET', '/api/me', { headers: { cookie: `portline_session=${old}` } })).status).toBe(401);
    expect((await request(srv.url, 'GET', '/api/me', { token: old })).status).toBe(401);
    expect(await refused(srv.url, { token: old })).toBe('UNAUTHENTICATED');
    const me = await request<{ account: { id: string; username: string } }>(srv.url, 'GET', '/api/me', { headers: { cookie: `portline_session=${fresh}` } });
    expect(me.status).toBe(200);
    expect(me.json.account.username).toBe('rv-stolen');
    // One live session: the new one.
    const sessions = await request<{ sessions: SessionView[] }>(srv.url, 'GET', `/api/accounts/${me.json.account.id}/sessions`, { token: admin });
    expect(sessions.json.sessions).toHaveLength(1);
  });

  it('AUTH7/AUTH8: a display token reads without a sign-in, is seen, and once revoked its screen is told and cut', async () => {
    const d = await createDisplay(srv.url, admin, '指挥中心 大屏 1', { kind: 'incident', incidentId: incident });
    const screen = await displaySock(srv.url, d.token);
    const joined = await screen.emitWithAck('incident:join', { incidentId: incident, sinceSeq: 0 });
    expect(joined.ok).toBe(true);
    const list = await request<{ incidents: Array<{ id: string }>; display: { name: string } }>(srv.url, 'GET', '/api/display/incidents', { displayToken: d.token });
    expect(list.json.incidents.map((i) => i.id)).toEqual([incident]);
    expect(list.json.display.name).toBe('指挥中心 大屏 1');
    const write = await submit(screen, incident, { type: 'PostMessage', messageId: newId(), text: 'from the wall' });
    expect(!write.ok && write.error.code).toBe('FORBIDDEN');
    const seen = await request<{ displays: DisplayView[] }>(srv.url, 'GET', '/api/displays', { token: admin });
    const view = seen.json.displays.find((x) => x.id === d.id)!;
    expect(view.lastSeenAt).not.toBeNull();
    expect(JSON.stringify(seen.json)).not.toContain(d.token);

    const [c] = await cutBy('admin revokes a display token', [screen], () =>
      request(srv.url, 'POST', `/api/displays/${d.id}/revoke`, { token: admin, body: {} }),
    );
    expect(c.event).toBe('display:revoked');
    expect(await refused(srv.url, { displayToken: d.token })).toBe('UNAUTHENTICATED');
    expect((await request(srv.url, 'GET', '/api/display/incidents', { displayToken: d.token })).status).toBe(401);
    const after = await request<{ displays: DisplayView[] }>(srv.url, 'GET', '/api/displays', { token: admin });
    expect(after.json.displays.find((x) => x.id === d.id)!.revokedAt).not.toBeNull();
  });

  it('AUTH12: all of it is in the audit log, newest first, with who, what, when and from where', async () => {
    const r = await request<{ entries: AuditEntry[]; next: string | null }>(srv.url, 'GET', '/api/audit?limit=200', { token: admin });
    const actions = new Set(r.json.entries.map((e) => e.action));
    for (const a of ['sign-in', 'sign-out', 'password.changed', 'account.created', 'account.updated', 'session.revoked', 'display.created', 'display.revoked'] as const)
      expect(actions, a).toContain(a);
    const revoked = r.json.entries.find((e) => e.action === 'display.revoked')!;
    expect(revoked).toMatchObject({ actor: { username: 'admin' }, target: { kind: 'display', label: '指挥中心 大屏 1' }, address: '127.0.0.1' });
    const ats = r.json.entries.map((e) => e.at);
    expect(ats).toEqual([...ats].sort((a, b) => b - a));
    expect(JSON.stringify(r.json)).not.toMatch(/password-ok|pld_/);
  });
});

describe('two processes on one redis-server', () => {
  let redis: RedisServerHandle;
  let A: ServerProcess;
  let B: ServerProcess;
  let admin: string;
  let incident: string;
  beforeAll(async () => {
    redis = await startRedisServer();
    [A, B] = await Promise.all([
      startServerProcess({ redisUrl: redis.url, serverId: 'A' }),
      startServerProcess({ redisUrl: redis.url, serverId: 'B' }),
    ]);
    admin = await signIn(A.url);
    incident = newId();
    await submit(await sock(A.url, admin), incident, hazmatIncident());
  });
  afterAll(async () => {
    await Promise.all([A?.stop(), B?.stop()]);
    await redis?.stop();
  });

  it('AUTH8: a session revoked through A cuts its socket on B', async () => {
    const { account, token } = await createUser(srv(), admin, 'mp-rv', 'responder', 'fire');
    const onB = await sock(B.url, token);
    const list = await request<{ sessions: SessionView[] }>(A.url, 'GET', `/api/accounts/${account.id}/sessions`, { token: admin });
    const target = list.json.sessions[list.json.sessions.length - 1];
    const [c] = await cutBy('revoke via A, socket on B', [onB], () =>
      request(A.url, 'POST', `/api/sessions/${target.id}/revoke`, { token: admin, body: {} }),
    );
    expect(c.payload.reason).toBe('revoked');
    expect(await refused(B.url, { token })).toBe('UNAUTHENTICATED');
  });

  it('AUTH8: an account disabled through A has its sockets on A and B cut', async () => {
    const { account, token } = await createUser(srv(), admin, 'mp-off', 'liaison', 'fire');
    const targets = [await sock(A.url, token), await sock(B.url, token)];
    await cutBy('disable via A, sockets on A and B', targets, () =>
      request(A.url, 'PATCH', `/api/accounts/${account.id}`, { token: admin, body: { disabled: true } }),
    );
    expect(await refused(B.url, { token })).toBe('UNAUTHENTICATED');
  });

  it('AUTH8: a session ended with no word on the bus (its key deleted straight from Redis) lets no command in, even one right after a command that passed: UNAUTHENTICATED, nothing written, the socket cut', async () => {
    const { token } = await createUser(srv(), admin, 'mp-quiet', 'responder', 'fire');
    const s = await sock(B.url, token);
    const client = createClient({ url: redis.url });
    await client.connect();
    try {
      // This command's session check is the one the next command may reuse (PRINCIPAL_REUSE_MS).
      expect((await submit(s, incident, { type: 'PostMessage', messageId: newId(), text: 'before' })).ok).toBe(true);
      const head = await client.lLen(`incident:${incident}:log`);
      const watch = watchCut(s, BOUND_MS);
      watch.since(Date.now());
      expect(await client.del(`session:${hashToken(token)}`)).toBe(1);
      const ack = await submit(s, incident, { type: 'PostMessage', messageId: newId(), text: 'after the session ended' });
      expect(!ack.ok && ack.error.code).toBe('UNAUTHENTICATED');
      expect(await client.lLen(`incident:${incident}:log`)).toBe(head);
      const cut = await watch.done;
      timings.push(`session key deleted with no bus message, command refused, socket cut: ${cut.disconnectMs} ms`);
      expect(cut.payload.reason).toBe('revoked');
    } finally {
      await client.close();
    }
  });

  it('AUTH8: a password changed through A: that session\'s socket on B is cut untold, another session\'s on B is told; the new token connects to B', async () => {
    const { token } = await createUser(srv(), admin, 'mp-pw', 'responder', 'fire');
    const other = await signIn(A.url, 'mp-pw', 'mp-pw-password-ok');
    const own = cutUntold(await sock(B.url, token));
    const [told] = await cutBy('own password change via A, the other session\'s socket on B', [await sock(B.url, other)], async () => {
      const r = await request<{ token: string }>(A.url, 'POST', '/api/auth/password', { token, body: { currentPassword: 'mp-pw-password-ok', newPassword: 'mp-pw-new-password' } });
      expect(r.status).toBe(200);
      expect(await stillWorks(await sock(B.url, r.json.token), incident)).toBe(true);
    });
    expect(told.payload.reason).toBe('password-changed');
    expect(await own).toEqual({ told: null, reason: 'io server disconnect' });
    expect(await refused(B.url, { token })).toBe('UNAUTHENTICATED');
  });

  it('AUTH8: a display token revoked through A drops its screen on B', async () => {
    const d = await createDisplay(A.url, admin, 'Wall on B', { kind: 'active' });
    const screen = await displaySock(B.url, d.token);
    expect((await screen.emitWithAck('incident:join', { incidentId: incident, sinceSeq: 0 })).ok).toBe(true);
    const [c] = await cutBy('display revoke via A, screen on B', [screen], () =>
      request(A.url, 'POST', `/api/displays/${d.id}/revoke`, { token: admin, body: {} }),
    );
    expect(c.event).toBe('display:revoked');
    expect(await refused(B.url, { displayToken: d.token })).toBe('UNAUTHENTICATED');
  });

  function srv() {
    return A.url;
  }
});
