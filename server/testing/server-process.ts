import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './free-port';

/**
 * Runs a real Portline event server in a child process (no Next: server tests
 * and benchmarks do not need pages). Uses tsx so no build is needed.
 */
export interface ServerProcess {
  url: string;
  port: number;
  serverId: string;
  dataDir: string;
  /** SIGTERM and wait; removes its own temp data dir unless `keepData` (to start() again later). */
  stop(opts?: { keepData?: boolean }): Promise<void>;
  /** SIGKILL and wait: a crash. */
  kill(): Promise<void>;
  /** Start again on the same port, data dir and Redis. */
  start(): Promise<void>;
  /** Everything the process printed. */
  output(): string;
}

export interface ServerProcessOptions {
  redisUrl?: string;
  /** Default: a fresh temp dir (SQLite), removed by stop(). */
  dataDir?: string;
  serverId?: string;
  /** null: leave ADMIN_PASSWORD unset, so the server prints a one-time password. */
  adminPassword?: string | null;
  env?: Record<string, string>;
  /** Run the bundled dist/server.cjs instead of the TypeScript source. */
  bundled?: boolean;
}

export const TEST_ADMIN_PASSWORD = 'test-admin-password';

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of live) c.kill('SIGKILL');
});

const ROOT = path.resolve(__dirname, '..', '..');

export async function startServerProcess(opts: ServerProcessOptions = {}): Promise<ServerProcess> {
  const ownDir = opts.dataDir === undefined;
  const dataDir = opts.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'portline-data-')));
  let port = await freePort();
  let serverId = opts.serverId ?? `s${port}`;
  let child: ChildProcess | null = null;
  let out = '';

  const start = () =>
    new Promise<void>((resolve, reject) => {
      const args = opts.bundled ? [path.join(ROOT, 'dist/server.cjs')] : ['--import', 'tsx', path.join(ROOT, 'server/main.ts')];
      const c = spawn(process.execPath, args, {
        cwd: ROOT,
        env: {
          ...ownEnv(process.env),
          PORT: String(port),
          HOST: '127.0.0.1',
          DATA_DIR: dataDir,
          SERVER_ID: serverId,
          ...(opts.adminPassword === null ? {} : { ADMIN_PASSWORD: opts.adminPassword ?? TEST_ADMIN_PASSWORD }),
          PORTLINE_NO_NEXT: '1',
          LOG_LEVEL: process.env.PORTLINE_TEST_LOG ?? 'warn',
          ...(opts.redisUrl ? { REDIS_URL: opts.redisUrl } : {}),
          ...opts.env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = c;
      live.add(c);
      const timer = setTimeout(() => reject(new Error(`server did not start in 30 s:\n${out}`)), 30_000);
      // Only this start's output counts: after a restart, the first start's line is still in `out`.
      const from = out.length;
      // PORTLINE_TEST_SERVER_OUT=file: every server process's output appended there too (with
      // PORTLINE_TEST_LOG=info, a line per API request with its time: to see a benchmark's server side).
      const tee = process.env.PORTLINE_TEST_SERVER_OUT;
      if (tee) for (const s of [c.stdout, c.stderr]) s?.on('data', (d: Buffer) => appendFileSync(tee, d));
      const onData = (d: Buffer) => {
        out += d.toString();
        if (out.slice(from).includes(`Portline listening on http://localhost:${port}`)) {
          clearTimeout(timer);
          resolve();
        }
      };
      c.stdout?.on('data', onData);
      c.stderr?.on('data', (d: Buffer) => (out += d.toString()));
      c.on('exit', (code, signal) => {
        live.delete(c);
        clearTimeout(timer);
        out += `\n[exited code=${code} signal=${signal}]\n`;
        reject(new Error(`server exited during start-up:\n${out}`));
      });
    });

  const waitExit = (signal: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      const c = child;
      child = null;
      if (!c || c.exitCode !== null || c.signalCode !== null) return resolve();
      c.once('exit', () => resolve());
      c.kill(signal);
    });

  try {
    // The port was free when chosen, but a process of another test may take it before this one
    // binds it (the server then exits with EADDRINUSE): the first start tries other ports.
    for (let attempt = 1; ; attempt++) {
      try {
        await start();
        break;
      } catch (err) {
        if (attempt === 3 || !String(err).includes('EADDRINUSE')) throw err;
        port = await freePort();
        if (opts.serverId === undefined) serverId = `s${port}`;
      }
    }
  } catch (err) {
    if (ownDir) await rm(dataDir, { recursive: true, force: true });
    throw err;
  }
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    serverId,
    dataDir,
    start,
    output: () => out,
    kill: () => waitExit('SIGKILL'),
    async stop({ keepData = false } = {}) {
      await waitExit('SIGTERM');
      if (ownDir && !keepData) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The test's environment without what would point the process elsewhere: its own admin password,
 * and a REDIS_URL of the machine (a test server uses the embedded store unless given `redisUrl`,
 * always a redis-server the test started itself).
 */
function ownEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { ADMIN_PASSWORD: _password, REDIS_URL: _redis, ...rest } = env;
  return rest;
}
