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
