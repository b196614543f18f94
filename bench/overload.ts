import { existsSync } from 'node:fs';
import { newId } from '../lib/client/new-id';
import type { PortlineSocket } from '../lib/client/socket';
import { connect, submit } from '../server/testing/client';
import { startClients, type ClientProc, type SendReport } from './client-procs';
import type { PortlineEnv } from './fanout';
import type { Target } from './load';
import { commandFor } from './payloads';
import { ProcSampler, type ProcUsage } from './proc-stats';

/**
 * Overload (issue #6, "Server-side faults"): `clients` sockets (in child
 * processes, through nginx, all joined to one incident) send `rate` commands/s
 * between them for `seconds` — far past saturation. Recorded: whether any
 * process exits, the acks by code (RATE_LIMITED, STORE_UNAVAILABLE, … and
 * TIMEOUT when no ack came within the clients' wait), the highest RSS, and the
 * recovery: a probe socket submits one command at a time to the same incident,
 * from the start of the load until `observeS` after it stops; recovered = the
 * first probe sent after the load stopped from which on every probe was acked
 * within 1 s.
 */

export interface OverloadResult {
  clients: number;
  rate: number;
  seconds: number;
  /** Commands the clients sent, and over how long (they fall behind the schedule when starved). */
  sent: number;
  sendS: number;
  codes: Record<string, number>;
  /** Ack time of the ok acks, p50 / p99 per client process. */
  ackMs: Array<{ p50: number; p99: number }>;
  clientDisconnects: number;
  /** socket.io's reason for each client disconnect, counted. */
  disconnectReasons: Record<string, number>;
  /** Processes that exited during the test (should be none). */
  exited: string[];
  procs: ProcUsage[];
  /** Seconds from the end of the load to the first probe of a run acked within 1 s through the end; null = not within observeS. */
  recoveryS: number | null;
  probes: Array<{ atS: number; ms: number | null }>;
  /** Unhandled errors the servers counted (portline_unhandled_errors_total), summed over both. */
  unhandled: number;
  serverErrors: Record<string, number>;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const PROBE_OK_MS = 1000;

async function counters(env: PortlineEnv): Promise<{ unhandled: number; errors: Record<string, number> }> {
  const { parseExposition } = await import('../server/testing/prometheus');
  let unhandled = 0;
  const errors: Record<string, number> = {};
  for (const s of env.servers) {
    const text = await fetch(`${s.url}/metrics`, { signal: AbortSignal.timeout(10_000) }).then((r) => r.text(), () => '');
    for (const m of parseExposition(text)) {
      if (m.name === 'portline_unhandled_errors_total') unhandled += m.value;
      if (m.name === 'portline_errors_total') errors[m.labels.code] = (errors[m.labels.code] ?? 0) + m.value;
    }
  }
  return { unhandled, errors };
}

export async function runOverload(
  env: PortlineEnv,
  target: Target,
  procs: ReadonlyArray<{ label: string; pid: number }>,
  opts: { clients: number; rate: number; seconds: number; processes: number; observeS: number; log: (line: string) => void },
): Promise<OverloadResult> {
  if (!target.incidentId) throw new Error('overload: the target has no incident');
  const incidentId = target.incidentId;
  const children: ClientProc[] = [];
  let probe: PortlineSocket | null = null;
  const sampler = new ProcSampler(procs, 250);
  try {
    const per = Math.ceil(opts.clients / opts.processes);
    children.push(
      ...(await Promise.all(
        Array.from({ length: opts.processes }, (_, i) =>
          startClients({
            url: env.url,
            token: env.adminToken,
            join: target.joinMessage,
            count: Math.min(per, opts.clients - i * per),
            batch: 50,
            incidentId,
            ackTimeoutMs: 10_000,
          }),
        ),
      )),
    );
    opts.log(`  ${opts.clients} clients connected and joined (${children.map((c) => c.connectS.toFixed(1)).join(' / ')} s)`);
    probe = await connect(env.url, env.adminToken);
    const before = await counters(env);

    sampler.start();
    const t0 = performance.now();
    const reports: Promise<SendReport[]> = Promise.all(children.map((c) => c.send(opts.rate / children.length, opts.seconds)));
    const probes: Array<{ at: number; ms: number | null }> = [];
    const load: { end: number | null } = { end: null };
    void reports.then((rs) => (load.end = t0 + Math.max(...rs.map((r) => r.sendS)) * 1000), () => (load.end = performance.now()));
    // One probe at a time, at most every 500 ms, until observeS after the load ended.
    let i = 0;
    while (load.end === null || performance.now() < load.end + opts.observeS * 1000) {
      const at = performance.now();
      const a = await submit(probe, incidentId, commandFor(2 * i++).command, newId()).then(
        (r) => (r.ok ? performance.now() - at : null),
        () => null,
      );
      probes.push({ at, ms: a });
      const rest = at + 500 - performance.now();
      if (rest > 0) await sleep(rest);
      if (performance.now() - t0 > (opts.seconds + opts.observeS) * 1000 + 600_000) break; // never hang
    }
    const rs = await reports;
    sampler.stop();
    const end = load.end ?? t0;

    const exited: string[] = [];
    for (const p of procs) if (!existsSync(`/proc/${p.pid}`)) exited.push(p.label);
    const after = await counters(env);

    // Recovery: the first probe sent after the load ended from which every later probe was acked within 1 s.
    const afterEnd = probes.filter((p) => p.at >= end);
    let recoveryS: number | null = null;
    for (let k = afterEnd.length - 1; k >= 0; k--) {
      const p = afterEnd[k];
      if (p.ms === null || p.ms >= PROBE_OK_MS) break;
      recoveryS = (p.at - end) / 1000;
    }
    const codes: Record<string, number> = {};
    for (const r of rs) for (const [c, n] of Object.entries(r.codes)) codes[c] = (codes[c] ?? 0) + n;
    const serverErrors: Record<string, number> = {};
    for (const [c, n] of Object.entries(after.errors)) if (n - (before.errors[c] ?? 0) > 0) serverErrors[c] = n - (before.errors[c] ?? 0);
    return {
      clients: opts.clients,
      rate: opts.rate,
      seconds: opts.seconds,
      sent: rs.reduce((s, r) => s + r.sent, 0),
      sendS: Math.max(...rs.map((r) => r.sendS)),
      codes,
      ackMs: rs.map((r) => ({ p50: r.ackMs.p50, p99: r.ackMs.p99 })),
      clientDisconnects: rs.reduce((s, r) => s + r.disconnects, 0),
      disconnectReasons: rs.reduce<Record<string, number>>((all, r) => {
        for (const [why, n] of Object.entries(r.disconnectReasons)) all[why] = (all[why] ?? 0) + n;
        return all;
      }, {}),
      exited,
      procs: sampler.result().procs,
      recoveryS,
      probes: probes.map((p) => ({ atS: (p.at - end) / 1000, ms: p.ms })),
      unhandled: after.unhandled - before.unhandled,
      serverErrors,
    };
  } finally {
    probe?.close();
    await Promise.all(children.map((c) => c.close()));
  }
}
