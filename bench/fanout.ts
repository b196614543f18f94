import { newId } from '../lib/client/new-id';
import type { PortlineSocket } from '../lib/client/socket';
import type { IncidentEvent } from '../lib/domain/incident/events';
import { connect, createUser, hazmatIncident, signIn, submit } from '../server/testing/client';
import { startServerProcess, type ServerProcess } from '../server/testing/server-process';
import type { SendAck, Target } from './load';
import { AGENCIES, commandFor, type CommandsFor } from './payloads';
import { startFront, type Front } from './front';
import { childPids, newChildPid } from './proc-stats';
import { parseExposition } from '../server/testing/prometheus';

/**
 * Portline under load: two production server processes (dist/server.cjs) on
 * one redis-server behind nginx (deploy/nginx/portline.conf, least_conn); the
 * writer is an admin socket and the readers one observer account (one token,
 * many sockets), all connecting through nginx.
 */

export interface PortlineEnv {
  servers: [ServerProcess, ServerProcess];
  pids: [number, number];
  front: Front;
  /** nginx's URL: what every client connects to. */
  url: string;
  adminToken: string;
  observerToken: string;
  writer: PortlineSocket;
  close(): Promise<void>;
}

export async function startPortline(redisUrl: string, extraEnv?: Record<string, string>): Promise<PortlineEnv> {
  const servers: ServerProcess[] = [];
  const pids: number[] = [];
  let writer: PortlineSocket | null = null;
  let front: Front | null = null;
  const close = async () => {
    writer?.close();
    await front?.nginx.stop();
    await Promise.all(servers.map((s) => s.stop()));
  };
  try {
    for (let k = 0; k < 2; k++) {
      const before = new Set(childPids('dist/server.cjs'));
      servers.push(
        await startServerProcess({
          redisUrl,
          bundled: true,
          env: {
            LOG_LEVEL: 'warn',
            NODE_ENV: 'production',
            // The writer is one socket sending up to 100 commands/s: above the per-socket
            // default (SPEC AUTH10), which exists to stop abuse, not to shape this load.
            SOCKET_COMMANDS_PER_SECOND: '1000',
            SOCKET_COMMAND_BURST: '1000',
            ...extraEnv,
          },
        }),
      );
      pids.push(newChildPid(before, 'dist/server.cjs'));
    }
    front = await startFront(servers.map((s) => s.url));
    const url = front.url;
    const adminToken = await signIn(url);
    const { token: observerToken } = await createUser(url, adminToken, `bench-observer-${Date.now()}`, 'observer', null);
    writer = await connect(url, adminToken);
    return {
      servers: servers as [ServerProcess, ServerProcess],
      pids: pids as [number, number],
      front,
      url,
      adminToken,
      observerToken,
      writer,
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

/**
 * Opens a fresh incident (hazmat, 7 agencies) for one scenario and returns the load target on it;
 * the writer's i-th command is `commands(i)` (messages and new tasks unless told otherwise).
 */
export async function portlineTarget(env: PortlineEnv, procs: Target['procs'], commands: CommandsFor = commandFor): Promise<Target> {
  const incidentId = newId();
  const opened = await submit(env.writer, incidentId, hazmatIncident(AGENCIES));
  if (!opened.ok) throw new Error(`OpenIncident failed: ${opened.error.code} ${opened.error.message}`);
  return {
    system: 'portline',
    readerUrl: () => env.url,
    token: env.observerToken,
    joinMessage: ['incident:join', { incidentId, sinceSeq: 0 }],
    incidentId,
    async join(socket) {
      const r = (await socket.timeout(10_000).emitWithAck('incident:join', { incidentId, sinceSeq: 0 })) as
        | { ok: true }
        | { ok: false; error: { code: string; message: string } };
      if (!r.ok) throw new Error(`incident:join refused: ${r.error.code} ${r.error.message}`);
    },
    send(i) {
      const key = newId();
      const ack = submit(env.writer, incidentId, commands(i).command, key).then(
        (a): SendAck => (a.ok ? { ok: true, seqs: a.seqs } : { ok: false, seqs: [], error: a.error.code }),
      );
      return { key, ack };
    },
    eventName: 'incident:events',
    unpack(msg, each) {
      for (const ev of (msg as { events: IncidentEvent[] }).events) each(ev.seq, ev.commandId);
    },
    procs,
  };
}

/** Heap used, external memory (MiB) and Socket.IO clients of server process k, from its own /metrics (nginx does not serve /metrics). */
export async function portlineProcessStats(env: PortlineEnv, k: 0 | 1): Promise<{ heapMb: number; externalMb: number; clients: number }> {
  const text = await (await fetch(`${env.servers[k].url}/metrics`)).text();
  const samples = parseExposition(text);
  const heap = samples.find((s) => s.name === 'nodejs_heap_size_used_bytes')?.value ?? NaN;
  const external = samples.find((s) => s.name === 'nodejs_external_memory_bytes')?.value ?? NaN;
  const clients = samples.filter((s) => s.name === 'portline_connected_clients').reduce((sum, s) => sum + s.value, 0);
  return { heapMb: heap / 2 ** 20, externalMb: external / 2 ** 20, clients };
}
