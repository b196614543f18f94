import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..');
const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

describe('server start-up', () => {
  it('OPS2: a port already taken ends the start with EADDRINUSE and exit code 1, not a process that serves nothing', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as net.AddressInfo).port;
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'portline-start-up-'));
    dirs.push(dataDir);
    try {
      const t0 = Date.now();
      const { REDIS_URL: _unused, ...env } = process.env; // the embedded store
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server/main.ts')], {
        cwd: ROOT,
        env: { ...env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, PORTLINE_NO_NEXT: '1', ADMIN_PASSWORD: 'start-up-test-password', LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      clearTimeout(timer);
      console.log(`a taken port: the server exited with code ${code} after ${Date.now() - t0} ms`);
      expect(code, out).toBe(1);
      expect(out).toContain(`EADDRINUSE`);
      expect(out).not.toContain('Portline listening');
    } finally {
      taken.close();
    }
  }, 40_000);
});
