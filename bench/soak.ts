import { randomUUID } from 'node:crypto';
import type { IncidentEvent } from '../lib/domain/incident/events';
import type { Actor } from '../lib/domain/actor';
import { opened } from '../lib/domain/incident/fixtures';
import { IncidentHub } from '../server/incidents/hub';
import type { EventStore } from '../server/store/types';
import { portlineProcessStats, portlineTarget, type PortlineEnv } from './fanout';
import { fullGcIn, gcHere } from './gc';
import { runInterleaved, type LoadOptions, type Target } from './load';
import { AGENCIES, eventFor, steadyCommandFor, type CommandsFor } from './payloads';
import { rssMb } from './proc-stats';

/**
 * Soak: Portline alone at a moderate load (N readers, R commands/s through
 * nginx) for `minutes`, one measured block per minute, RSS and heap of both
 * server processes sampled after every block. Memory must not grow: reported
 * are the first, last and highest sample and the least-squares slope, over the
 * whole run and over its second half (after start-up and JIT have settled).
 * One incident for the whole run, whose writer only moves the agencies'
 * statuses on (bench/payloads.ts, steadyCommandFor), so the incident's state
 * keeps its size; what a hub keeps per command is bounded too (its newest
 * RECENT_COMMANDS command ids, SPEC IDEM1). Growth is reported per 1,000 events.
 *
 * Each heap sample is taken 1 s after a full GC in both processes (SIGUSR2,
 * bench/gc-hook.cjs), so it is the live heap, not the garbage since the last GC.
 * The growth is compared with `hubHeapPerThousand`: what the incident's own hub
 * (state and command ids) holds per 1,000 of the same events, measured here.
 * (Until 2026-12-01 the writer posted messages and created tasks, so the state
 * grew by design and the soak could only compare its growth with the hub's.)
 */

/** What the soak's writer sends (its target: `soakTarget`). */
const SOAK_COMMANDS: CommandsFor = steadyCommandFor;

/** The soak's load target: a fresh incident whose writer sends SOAK_COMMANDS. */
export function soakTarget(env: PortlineEnv, procs: Target['procs']): Promise<Target> {
  return portlineTarget(env, procs, SOAK_COMMANDS);
}

export interface SoakSample {
  minute: number;
  rssMb: [number, number];
  heapMb: [number, number];
  p50: number;
  p99: number;
}

export interface SoakResult {
  clients: number;
  rate: number;
  minutes: number;
  samples: SoakSample[];
  lost: number;
  duplicated: number;
  acksFailed: number;
  p99: number;
  events: number;
  /** hubHeapPerThousand of as many events: KiB per 1,000 events. */
  hubKiBPerThousand?: number;
}

export async function runSoak(
  env: PortlineEnv,
  target: Target,
  load: Omit<LoadOptions, 'durationS' | 'blockS' | 'afterBlock'>,
  minutes: number,
): Promise<SoakResult> {
  const samples: SoakSample[] = [];
  const [r] = await runInterleaved([target], {
    ...load,
    durationS: minutes * 60,
    blockS: 60,
    async afterBlock(_system, block, latency) {
      await fullGcIn(env.pids);
      const [a, b] = await Promise.all([portlineProcessStats(env, 0), portlineProcessStats(env, 1)]);
      const s: SoakSample = {
        minute: block + 1,
        rssMb: [rssMb(env.pids[0]) ?? NaN, rssMb(env.pids[1]) ?? NaN],
        heapMb: [a.heapMb, b.heapMb],
        p50: latency.p50,
        p99: latency.p99,
      };
      samples.push(s);
      load.log(
        `  minute ${s.minute}: RSS ${s.rssMb.map((x) => x.toFixed(0)).join(' / ')} MB, heap ${s.heapMb.map((x) => x.toFixed(0)).join(' / ')} MB, p50 ${s.p50.toFixed(0)} p99 ${s.p99.toFixed(0)} ms`,
      );
    },
  });
  return {
    clients: load.clients,
    rate: load.rate,
    minutes,
    samples,
    lost: r.lost,
    duplicated: r.duplicated,
    acksFailed: r.acksFailed,
    p99: r.latency.p99,
    events: r.acksOk,
  };
}

/**
 * KiB of V8 heap an incident's hub keeps per 1,000 events of the soak's kind
 * (SOAK_COMMANDS): its state and its command ids.
 * The events arrive as JSON, as from the store, one at a time, as live.
 */
export function hubHeapPerThousand(count: number): number {
  const gc = gcHere();
  const incidentId = randomUUID();
  // The soak's writer: the seeded admin account (a uuid, as every account's id).
  const writer: Actor = { userId: randomUUID(), name: 'Administrator', agency: null, role: 'admin' };
  const json: string[] = [JSON.stringify(eventFor(opened(AGENCIES), 1, incidentId, writer, randomUUID()))];
  for (let i = 0; i < count; i++) json.push(JSON.stringify(eventFor(SOAK_COMMANDS(i).body, i + 2, incidentId, writer, randomUUID())));
  gc();
  const before = process.memoryUsage().heapUsed;
  const hub = new IncidentHub(incidentId, {} as EventStore, () => {});
  for (const text of json) hub.offer([JSON.parse(text) as IncidentEvent]);
  gc();
  const after = process.memoryUsage().heapUsed;
  // Both still used here, so neither is collected before the second sample.
  if (hub.seq !== count + 1 || json.length !== count + 1) throw new Error('hubHeapPerThousand: the hub did not apply every event');
  return (after - before) / 1024 / (count / 1000);
}

/** Least-squares slope of y over x (per unit of x). */
export function slope(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  if (n < 2) return NaN;
  const mx = xs.reduce((s, x) => s + x, 0) / n;
  const my = ys.reduce((s, y) => s + y, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return num / den;
}
