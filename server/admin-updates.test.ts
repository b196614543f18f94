import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PortlineSocket } from '../lib/client/socket';
import type { AccountView, AuditEntry } from '../lib/protocol/http';
import { connect, createUser, request, signIn } from './testing/client';
import { startServerProcess, type ServerProcess } from './testing/server-process';

/** SPEC AUTH12: an admin update that changes nothing writes, audits and pushes nothing. Real server process. */
describe('AUTH12: admin updates that change nothing', () => {
  let srv: ServerProcess;
  let admin: string;
  let socket: PortlineSocket;
  let pushes = 0;
  let account: AccountView;
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const auditIds = async () =>
    (await request<{ entries: AuditEntry[] }>(srv.url, 'GET', '/api/audit?limit=200', { token: admin })).json.entries.map((e) => e.id);

  beforeAll(async () => {
    srv = await startServerProcess();
    admin = await signIn(srv.url);
    account = (await createUser(srv.url, admin, 'nc-user', 'responder', 'fire')).account;
    socket = await connect(srv.url, admin);
    socket.on('agencies:changed', () => pushes++);
  }, 60_000);
  afterAll(async () => {
    socket?.close();
    await srv?.stop();
  });

  it('AUTH12: PATCH /api/agencies/:code and /api/accounts/:id with {} are 400 BAD_REQUEST "Nothing to change": no write, no audit row, no push', async () => {
    const agenciesBefore = (await request(srv.url, 'GET', '/api/agencies', { token: admin })).json;
    const auditBefore = await auditIds();
    for (const route of ['/api/agencies/port', `/api/accounts/${account.id}`]) {
      const r = await request(srv.url, 'PATCH', route, { token: admin, body: {} });
      expect(r.status, route).toBe(400);
      expect(r.json.error, route).toMatchObject({ code: 'BAD_REQUEST', message: 'Nothing to change.' });
    }
    await pause(500);
    expect(await auditIds()).toEqual(auditBefore);
    expect(pushes).toBe(0);
    expect((await request(srv.url, 'GET', '/api/agencies', { token: admin })).json).toEqual(agenciesBefore);
  });

  it('AUTH12: values equal to the current ones (a dialog saved unchanged): 200 with the record as it is, and no write, audit row or push', async () => {
    const port = (await request<{ agencies: { code: string; color: string; nameEn: string }[] }>(srv.url, 'GET', '/api/agencies', { token: admin })).json.agencies.find((a) => a.code === 'port')!;
    const auditBefore = await auditIds();
    const a = await request<{ agency: unknown }>(srv.url, 'PATCH', '/api/agencies/port', { token: admin, body: { color: port.color, nameEn: port.nameEn } });
    expect(a.status).toBe(200);
    expect(a.json.agency).toEqual(port);
    const u = await request<{ account: AccountView }>(srv.url, 'PATCH', `/api/accounts/${account.id}`, {
      token: admin,
      body: { displayName: account.displayName, role: account.role, agency: account.agency, disabled: false },
    });
    expect(u.status).toBe(200);
    expect(u.json.account).toEqual({ ...account, mustChangePassword: false });
    await pause(500);
    expect(await auditIds()).toEqual(auditBefore);
    expect(pushes).toBe(0);
    // A real change is written, audited (with what changed) and pushed.
    const changed = await request(srv.url, 'PATCH', '/api/agencies/port', { token: admin, body: { color: '#123456', nameEn: port.nameEn } });
    expect(changed.status).toBe(200);
    const entries = (await request<{ entries: AuditEntry[] }>(srv.url, 'GET', '/api/audit?limit=5', { token: admin })).json.entries;
    expect(entries[0]).toMatchObject({ action: 'agency.updated', details: { color: '#123456' } });
    expect(entries[0].details).not.toHaveProperty('nameEn');
    await pause(500);
    expect(pushes).toBe(1);
  });
});

/**
 * An account refusal names its field in `details.issues` (docs/protocol.md, the accounts routes),
 * so the admin's dialog marks that field; the English message stays. Real server process.
 */
describe('account and agency refusals name their field', () => {
  let srv: ServerProcess;
  let admin: string;
  const body = (over: Record<string, unknown>) => ({ username: 'fire-r1', displayName: 'Fire responder 1', role: 'responder', agency: 'fire', password: 'a-long-password', ...over });

  beforeAll(async () => {
    srv = await startServerProcess();
    admin = await signIn(srv.url);
  }, 60_000);
  afterAll(async () => {
    await srv?.stop();
  });

  it('POST /api/accounts: a liaison or responder without an agency is 400 with issue path agency; a taken username is 409 ALREADY_EXISTS with path username and the username', async () => {
    for (const role of ['responder', 'liaison']) {
      const r = await request(srv.url, 'POST', '/api/accounts', { token: admin, body: body({ role, agency: null }) });
      expect(r.status, role).toBe(400);
      expect(r.json.error, role).toEqual({
        code: 'BAD_REQUEST',
        message: 'Liaisons and responders belong to an agency.',
        details: { issues: [{ path: 'agency', message: 'required for liaisons and responders' }] },
      });
    }
    const unknown = await request(srv.url, 'POST', '/api/accounts', { token: admin, body: body({ agency: 'zz-none' }) });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error?.details).toEqual({ issues: [{ path: 'agency', message: 'unknown agency' }] });

    expect((await request(srv.url, 'POST', '/api/accounts', { token: admin, body: body({}) })).status).toBe(201);
    // Stored lower-case: the answer names it as stored.
    const taken = await request(srv.url, 'POST', '/api/accounts', { token: admin, body: body({ username: 'Fire-R1' }) });
    expect(taken.status).toBe(409);
    expect(taken.json.error).toEqual({
      code: 'ALREADY_EXISTS',
      message: 'The username fire-r1 is taken.',
      details: { issues: [{ path: 'username', message: 'taken' }], username: 'fire-r1' },
    });
  });

  it('POST /api/agencies: a code another agency has is 409 ALREADY_EXISTS with issue path code, and the directory is unchanged', async () => {
    const before = (await request<{ agencies: unknown[] }>(srv.url, 'GET', '/api/agencies', { token: admin })).json.agencies;
    const r = await request(srv.url, 'POST', '/api/agencies', { token: admin, body: { code: 'fire', nameZh: '消防二', nameEn: 'Fire 2', short: 'F2', color: '#123456' } });
    expect(r.status).toBe(409);
    expect(r.json.error).toMatchObject({ code: 'ALREADY_EXISTS', details: { issues: [{ path: 'code', message: 'taken' }] } });
    expect((await request<{ agencies: unknown[] }>(srv.url, 'GET', '/api/agencies', { token: admin })).json.agencies).toEqual(before);
  });

  it('PATCH /api/accounts/:id: a liaison or responder left without an agency is 400 with issue path agency, and nothing changes', async () => {
    const { account } = await createUser(srv.url, admin, 'port-l1', 'liaison', 'port');
    for (const change of [{ agency: null }, { role: 'responder', agency: null }]) {
      const r = await request(srv.url, 'PATCH', `/api/accounts/${account.id}`, { token: admin, body: change });
      expect(r.status, JSON.stringify(change)).toBe(400);
      expect(r.json.error?.details).toEqual({ issues: [{ path: 'agency', message: 'required for liaisons and responders' }] });
    }
    const listed = await request<{ accounts: AccountView[] }>(srv.url, 'GET', '/api/accounts', { token: admin });
    expect(listed.json.accounts.find((a) => a.id === account.id)).toMatchObject({ role: 'liaison', agency: 'port' });
    const observer = await request<{ account: AccountView }>(srv.url, 'PATCH', `/api/accounts/${account.id}`, { token: admin, body: { role: 'observer', agency: null } });
    expect(observer.status).toBe(200);
    expect(observer.json.account).toMatchObject({ role: 'observer', agency: null });
  });
  it('AUTH8: two admins change one account\'s role from dialogs opened before either saved: the second is refused CONFLICT with the account as it is now, nothing written; what is already there, or another field, passes', async () => {
    const { account } = await createUser(srv.url, admin, 'cas-l1', 'liaison', 'customs');
    const patch = (body: object) => request<{ account: AccountView }>(srv.url, 'PATCH', `/api/accounts/${account.id}`, { token: admin, body });
    const audited = async () => (await request<{ entries: AuditEntry[] }>(srv.url, 'GET', '/api/audit?limit=200', { token: admin })).json.entries.length;
    const auditBefore = await audited();
    // Admin A: the liaison left the incident, demoted to observer.
    expect((await patch({ role: 'observer', agency: null, expected: { role: 'liaison', agency: 'customs' } })).status).toBe(200);
    // Admin B, whose dialog showed the liaison: responder. Refused, the demotion stands.
    const late = await patch({ role: 'responder', expected: { role: 'liaison' } });
    expect(late.status).toBe(409);
    expect(late.json.error).toMatchObject({
      code: 'CONFLICT',
      details: { fields: ['role'], account: { id: account.id, role: 'observer', agency: null } },
    });
    const listed = await request<{ accounts: AccountView[] }>(srv.url, 'GET', '/api/accounts', { token: admin });
    expect(listed.json.accounts.find((a) => a.id === account.id)).toMatchObject({ role: 'observer', agency: null });
    expect(await audited()).toBe(auditBefore + 1);
    // B asking for what A already wrote: no conflict (nothing left to change).
    expect((await patch({ role: 'observer', expected: { role: 'liaison' } })).status).toBe(200);
    // B's change of a field A did not touch: written.
    const renamed = await patch({ displayName: 'Customs duty officer', expected: { displayName: account.displayName } });
    expect(renamed.status).toBe(200);
    expect(renamed.json.account).toMatchObject({ displayName: 'Customs duty officer', role: 'observer' });
    // A field the body does not send is not checked: an unknown key in expected is refused as any.
    expect((await patch({ displayName: 'X', expected: { password: 'x' } })).status).toBe(400);
  });
  it('AUTH8: two admins change one agency\'s colour from dialogs opened before either saved: the second is refused CONFLICT with the agency as it is now, nothing written; another field passes', async () => {
    const created = await request(srv.url, 'POST', '/api/agencies', { token: admin, body: { code: 'cas-ag', nameZh: '海关缉私', nameEn: 'Anti-smuggling', short: 'ASB', color: '#0f766e' } });
    expect(created.status).toBe(201);
    const patch = (body: object) => request<{ agency: { color: string; nameEn: string } }>(srv.url, 'PATCH', '/api/agencies/cas-ag', { token: admin, body });
    expect((await patch({ color: '#7c2d12', expected: { color: '#0f766e' } })).status).toBe(200);
    const late = await patch({ color: '#1d4ed8', expected: { color: '#0f766e' } });
    expect(late.status).toBe(409);
    expect(late.json.error).toMatchObject({ code: 'CONFLICT', details: { fields: ['color'], agency: { code: 'cas-ag', color: '#7c2d12' } } });
    const listed = await request<{ agencies: { code: string; color: string }[] }>(srv.url, 'GET', '/api/agencies', { token: admin });
    expect(listed.json.agencies.find((a) => a.code === 'cas-ag')?.color).toBe('#7c2d12');
    const renamed = await patch({ nameEn: 'Anti-smuggling Bureau', expected: { nameEn: 'Anti-smuggling' } });
    expect(renamed.json.agency).toMatchObject({ nameEn: 'Anti-smuggling Bureau', color: '#7c2d12' });
  });
});
