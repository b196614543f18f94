import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, mkdir } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * Starts a real redis-server for tests and benchmarks (toolchain.md: nothing runs one for us).
 * Each call gets its own free port and data dir, so test files can run in parallel.
 */
export interface RedisServerHandle {
  url: string;
  port: number;
  dir: string;
  /** Graceful shutdown, then removes the data dir (if this helper created it). */
  stop(): Promise<void>;
  /** SIGKILL, keeps the data dir: a crash, for durability and reconnect tests. */
  kill(): Promise<void>;
  /** Starts it again on the same port with the same dir (kills it first if still running). */
  restart(): Promise<void>;
  /** SIGSTOP: it hangs, its connections open, answering nothing (a stalled disk, a paused VM); `resume` (SIGCONT) ends it. */
  hang(): void;
  resume(): void;
}

export interface RedisServerOptions {
  /** AOF with appendfsync always (SPEC DUR1). Default false: faster for tests that need no durability. */
  appendonly?: boolean;
  /** Data dir; default a fresh temp dir, removed by stop(). */
  dir?: string;
  /** Default: a free port. Never 6379, so a developer's own Redis is never touched. */
  port?: number;
}

const READY_TIMEOUT_MS = 10_000;
const BIN = process.env.REDIS_SERVER_BIN ?? 'redis-server';

// Children are SIGKILLed if the test process exits without stopping them, so a failed
// test never leaves redis-servers behind on the machine.
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

export async function startRedisServer(opts: RedisServerOptions = {}): Promise<RedisServerHandle> {
  const ownDir = opts.dir === undefined;
  const dir = opts.dir ?? (await mkdtemp(path.join(os.tmpdir(), 'portline-redis-')));
  await mkdir(dir, { recursive: true });
  const appendonly = opts.appendonly ?? false;

  // A probed port can be taken by someone else before redis binds it: retry with a new one.
  let port = opts.port ?? (await freePort());
  let child: ChildProcess | null = null;
  for (let attempt = 0; ; attempt++) {
    try {
      child = await launch(port, dir, appendonly);
      break;
    } catch (err) {
      const inUse = err instanceof Error && /address already in use/i.test(err.message);
      if (!inUse || opts.port !== undefined || attempt >= 4) {
        if (ownDir) await rm(dir, { recursive: true, force: true });
        throw err;
      }
      port = await freePort();
    }
  }

  const kill = async (): Promise<void> => {
    if (child) await terminate(child, 'SIGKILL');
    child = null;
  };

  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    kill,
    hang() {
      child?.kill('SIGSTOP');
    },
    resume() {
      child?.kill('SIGCONT');
    },
    async stop() {
      child?.kill('SIGCONT'); // a hung one would not hear SIGTERM
      if (child) await terminate(child, 'SIGTERM');
      child = null;
      if (ownDir) await rm(dir, { recursive: true, force: true });
    },
    async restart() {
      await kill();
      child = await launch(port, dir, appendonly);
    },
  };
}

async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const srv = net.createServer();
      srv.once('error', reject);
      // Port 0 here asks the OS for a free port; redis's own `--port 0` would disable TCP.
      srv.listen(0, '127.0.0.1', () => {
        const address = srv.address();
        const p = typeof address === 'object' && address ? address.port : 0;
        srv.close(() => resolve(p));
      });
    });
    if (port !== 0 && port !== 6379) return port;
  }
}

async function launch(port: number, dir: string, appendonly: boolean): Promise<ChildProcess> {
  const args = [
    '--port', String(port),
    '--bind', '127.0.0.1',
    '--save', '',
    '--appendonly', appendonly ? 'yes' : 'no',
    '--appendfsync', 'always',
    '--dir', dir,
    '--protected-mode', 'no',
  ];
  const child = spawn(BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  // Keep the tail of the log for error messages; reading also keeps the pipe from filling up.
  let log = '';
  const collect = (chunk: Buffer): void => {
    log = (log + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  // An object, not a let: it is set from callbacks and read in the loop below.
  const state: { exited: Error | null } = { exited: null };
  child.once('error', (err: NodeJS.ErrnoException) => {
    state.exited =
      err.code === 'ENOENT'
        ? new Error(`${BIN} is not installed (apt-get install -y redis-server, or set REDIS_SERVER_BIN)`)
        : err;
  });
  child.once('exit', (code, signal) => {
    live.delete(child);
    state.exited ??= new Error(`redis-server exited (code ${code}, signal ${signal}) on port ${port}:\n${log}`);
  });
  live.add(child);

  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (state.exited) throw state.exited;
    if (await answersPing(port)) return child;
    await new Promise((r) => setTimeout(r, 20));
  }
  await terminate(child, 'SIGKILL');
  throw new Error(`redis-server on port ${port} did not answer PING within ${READY_TIMEOUT_MS} ms:\n${log}`);
}

/** +PONG only once the AOF is loaded (while loading, redis answers -LOADING). */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    let reply = '';
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('utf8');
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}

function terminate(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}
