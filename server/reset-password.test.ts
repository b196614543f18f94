import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../lib/protocol/http';
import { request, signIn } from './testing/client';
import { startServerProcess, type ServerProcess } from './testing/server-process';

const run = promisify(execFile);
/** The server's own store: a REDIS_URL in the test's environment must not send the CLI elsewhere. */
const withoutRedis = (env: NodeJS.ProcessEnv): NodeJS.ProcessEnv => {
  const { REDIS_URL: _redis, ...rest } = env;
  return rest;
};
const ROOT = path.resolve(__dirname, '..');

/** `npm run reset-password -- <username>` against the store of a running server process (SPEC AUTH14). */
describe('AUTH14: a one-time password from the server console', () => {
  let srv: ServerProcess;
  const cli = (username: string) =>
    run(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/reset-password.ts'), username], {
      cwd: ROOT,
      env: { ...withoutRedis(process.env), DATA_DIR: srv.dataDir, LOG_LEVEL: 'warn' },
    });

  beforeAll(async () => {
    srv = await startServerProcess();
  }, 60_000);
  afterAll(async () => {
    await srv?.stop();
  });

  it('AUTH14: the only admin, password lost: the console prints a one-time password; the old sessions end, the new one must be changed, the audit log says so', async () => {
    const before = await signIn(srv.url);
    const { stdout } = await cli('Admin');
    const password = /One-time password for admin: (\S+)/.exec(stdout)?.[1];
    expect(password, stdout).toMatch(/^[A-Za-z0-9]{4}(-[A-Za-z0-9]{4}){3}$/);
    expect(stdout).toContain('Sessions ended: 1');
    expect((await request(srv.url, 'GET', '/api/me', { token: before })).status).toBe(401);
    const after = await signIn(srv.url, 'admin', password);
    const me = await request<{ account: { mustChangePassword: boolean } }>(srv.url, 'GET', '/api/me', { token: after });
    expect(me.json.account.mustChangePassword).toBe(true);
    // Before the change only the account, the agency directory (the page names the account's agency) and the change itself.
    expect((await request(srv.url, 'GET', '/api/agencies', { token: after })).status).toBe(200);
    expect((await request(srv.url, 'GET', '/api/incidents', { token: after })).status).toBe(403);
    // Changed as at a first sign-in; then the audit log shows the console's reset.
    const changed = await request(srv.url, 'POST', '/api/auth/password', { token: after, body: { currentPassword: password, newPassword: 'quay-seven-new-password' } });
    expect(changed.status).toBe(200);
    const admin = await signIn(srv.url, 'admin', 'quay-seven-new-password');
    const audit = (await request<{ entries: AuditEntry[] }>(srv.url, 'GET', '/api/audit?limit=20', { token: admin })).json.entries;
    expect(audit.find((e) => e.action === 'account.updated')).toMatchObject({ actor: { username: 'server-console' }, target: { label: 'admin' }, details: { passwordReset: true, from: 'console' } });
  }, 60_000);

  it('AUTH14: an unknown username changes nothing and exits 1', async () => {
    const admin = await signIn(srv.url, 'admin', 'quay-seven-new-password');
    const audit = async () => (await request<{ entries: AuditEntry[] }>(srv.url, 'GET', '/api/audit?limit=200', { token: admin })).json.entries.map((e) => e.id);
    const before = await audit();
    await expect(cli('nobody-here')).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('No account named nobody-here') });
    expect(await audit()).toEqual(before);
    expect((await request(srv.url, 'GET', '/api/me', { token: admin })).status).toBe(200);
  }, 30_000);
});
