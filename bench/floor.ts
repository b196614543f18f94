import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';
import { newId } from '../lib/client/new-id';
import { createSocket } from '../lib/client/socket';
import type { Actor } from '../lib/domain/actor';
import type { IncidentEvent } from '../lib/domain/incident/events';
import { freePort } from '../server/testing/free-port';
import type { LooseSocket, SendAck, Target } from './load';
import { startFront, type Front } from './front';
import { commandFor, eventFor } from './payloads';

/**
 * The floor (bare Socket.IO + @socket.io/redis-adapter broadcast): two
 * floor-server processes on the same redis-server, the same split of readers,
 * the same payloads. Bundled with esbuild like Portline's dist/server.cjs, so
 * neither side runs through tsx.
 */

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'bench', 'out');

export interface FloorServer {
  url: string;
  pid: number;
  output(): string;
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of live) c.kill('SIGKILL');
});

export async function buildFloorServer(): Promise<string> {
  await mkdir(OUT, { recursive: true });
  const outfile = path.join(OUT, 'floor-server.cjs');
  await build({
    entryPoints: [path.join(ROOT, 'bench', 'floor-server.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    logLevel: 'warning',
  });
  return outfile;
}

export async function startFloorServer(bundle: string, redisUrl: string, extraEnv?: Record<string, string>): Promise<FloorServer> {
  const port = await freePort();
  let out = '';
  const child = spawn(process.execPath, [bundle], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', PORT: String(port), REDIS_URL: redisUrl, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      live.delete(child);
      out += `\n[exited code=${code} signal=${signal}]\n`;
      resolve();
    }),
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`floor server did not start in 15 s:\n${out}`)), 15_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes(`floor listening on ${port}`)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`floor server exited during start-up:\n${out}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid as number,
    output: () => out,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        child.kill('SIGTERM');
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

export interface FloorEnv {
  servers: [FloorServer, FloorServer];
  front: Front;
  /** nginx's URL: what every client connects to. */
  url: string;
  writer: LooseSocket;
  close(): Promise<void>;
}

export async function startFloor(redisUrl: string, extraEnv?: Record<string, string>): Promise<FloorEnv> {
  const bundle = await buildFloorServer();
  const servers: FloorServer[] = [];
  let writer: LooseSocket | null = null;
  let front: Front | null = null;
  const close = async () => {
    writer?.close();
    await front?.nginx.stop();
    await Promise.all(servers.map((s) => s.stop()));
  };
  try {
    servers.push(await startFloorServer(bundle, redisUrl, extraEnv));
    servers.push(await startFloorServer(bundle, redisUrl, extraEnv));
    front = await startFront(servers.map((s) => s.url));
    writer = await connectWriter(front.url);
  } catch (err) {
    await close();
    throw err;
  }
  return { servers: servers as [FloorServer, FloorServer], front, url: front.url, writer, close };
}

function connectWriter(url: string): Promise<LooseSocket> {
  const socket = createSocket({ url, websocketOnly: true }) as unknown as LooseSocket;
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('floor writer did not connect')), 10_000);
    socket.once('connect', (() => {
      clearTimeout(t);
      resolve(socket);
    }) as never);
  });
}

/** The same actor shape Portline stamps on the admin's events. */
const ACTOR: Actor = { userId: newId(), name: 'Administrator', agency: null, role: 'admin' };

export function floorTarget(env: FloorEnv, procs: Target['procs']): Target {
  const incidentId = newId();
  const room = `incident:${incidentId}`;
  return {
    system: 'floor',
    readerUrl: () => env.url,
    joinMessage: ['floor:join', room],
    async join(socket) {
      const r = (await socket.timeout(10_000).emitWithAck('floor:join', room)) as { ok: boolean };
      if (!r.ok) throw new Error('floor join refused');
    },
    send(i) {
      const key = newId();
      const seq = i + 1;
      const event = eventFor(commandFor(i).body, seq, incidentId, ACTOR, key);
      const msg = { incidentId, events: [event] };
      const ack = env.writer
        .timeout(10_000)
        .emitWithAck('floor:broadcast', { room, event: 'incident:events', msg })
        .then((r): SendAck => ({ ok: (r as { ok: boolean }).ok, seqs: [seq] }));
      return { key, ack };
    },
    eventName: 'incident:events',
    unpack(msg, each) {
      for (const ev of (msg as { events: IncidentEvent[] }).events) each(ev.seq, ev.commandId);
    },
    procs,
  };
}

/** Heap used, external memory (MiB) and Socket.IO clients of floor process k (its /stats). */
export async function floorProcessStats(env: FloorEnv, k: 0 | 1): Promise<{ heapMb: number; externalMb: number; clients: number }> {
  const r = (await (await fetch(`${env.servers[k].url}/stats`)).json()) as { clients: number; memory: NodeJS.MemoryUsage };
  return { heapMb: r.memory.heapUsed / 2 ** 20, externalMb: r.memory.external / 2 ** 20, clients: r.clients };
}
