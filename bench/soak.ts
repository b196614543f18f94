import { portlineProcessStats, type PortlineEnv } from './fanout';
import { runInterleaved, type LoadOptions, type Target } from './load';
import { rssMb } from './proc-stats';

/**
 * Soak: Portline alone at a moderate load (N readers, R commands/s through
 * nginx) for `minutes`, one measured block per minute, RSS and heap of both
 * server processes sampled after every block. Memory must not grow: reported
 * are the first, last and highest sample and the least-squares slope, over the
 * whole run and over its second half (after start-up and JIT have settled).
 * One incident for the whole run, so its state (tasks, messages) grows with
 * the events; that share is expected and is reported per 1,000 events.
 */

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
