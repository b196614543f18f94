import { newId } from '../lib/client/new-id';
import type { PortlineSocket } from '../lib/client/socket';
import type { IncidentEvent } from '../lib/domain/incident/events';
import { connect, createUser, hazmatIncident, signIn, submit } from '../server/testing/client';
import { startServerProcess, type ServerProcess } from '../server/testing/server-process';
import type { SendAck, Target } from './load';
import { AGENCIES, commandFor } from './payloads';
import { childPids, newChildPid } from './proc-stats';

/**
 * Portline under load: two production server processes (dist/server.cjs) on
 * one redis-server; the writer is an admin socket on process A, the readers one
 * observer account (one token, many sockets), half on each process.
 */

export interface PortlineEnv {
  servers: [ServerProcess, ServerProcess];
  pids: [number, number];
  adminToken: string;
  observerToken: string;
  writer: PortlineSocket;
  close(): Promise<void>;
}

export async function startPortline(redisUrl: string, extraEnv?: Record<string, string>): Promise<PortlineEnv> {
  const servers: ServerProcess[] = [];
  const pids: number[] = [];
  let writer: PortlineSocket | null = null;
  const close = async () => {
    writer?.close();
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
    const adminToken = await signIn(servers[0].url);
    const { token: observerToken } = await createUser(servers[0].url, adminToken, `bench-observer-${Date.now()}`, 'observer', null);
    writer = await connect(servers[0].url, adminToken);
    return {
      servers: servers as [ServerProcess, ServerProcess],
      pids: pids as [number, number],
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

/** Opens a fresh incident (hazmat, 7 agencies) for one scenario and returns the load target on it. */
export async function portlineTarget(env: PortlineEnv, procs: Target['procs']): Promise<Target> {
  const incidentId = newId();
  const opened = await submit(env.writer, incidentId, hazmatIncident(AGENCIES));
  if (!opened.ok) throw new Error(`OpenIncident failed: ${opened.error.code} ${opened.error.message}`);
  return {
    system: 'portline',
    readerUrl: (i) => env.servers[i % 2].url,
    token: env.observerToken,
    async join(socket) {
      const r = (await socket.timeout(10_000).emitWithAck('incident:join', { incidentId, sinceSeq: 0 })) as
        | { ok: true }
        | { ok: false; error: { code: string; message: string } };
      if (!r.ok) throw new Error(`incident:join refused: ${r.error.code} ${r.error.message}`);
    },
    send(i) {
      const key = newId();
      const ack = submit(env.writer, incidentId, commandFor(i).command, key).then(
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
