import { runInterleaved, type LoadOptions, type LoadResult, type Target } from './load';

/**
 * The saturation point: the highest command rate R at which N clients still get
 * every event with p99 < 1 s (every ack ok, nothing lost, the writer kept the
 * rate). R steps up through `steps` until a step fails, then the gap between
 * the last pass and the first failure is bisected (geometric midpoints) a few
 * times; a failure at the first step halves R (at most twice) first. Each system is measured on its own at each step (a system past
 * saturation leaves a backlog that would land on the other's blocks), floor
 * first, then Portline at the same R, so the two stay close in time.
 */

export interface SaturationStep {
  rate: number;
  result: LoadResult;
  pass: boolean;
}

export interface SaturationResult {
  system: Target['system'];
  clients: number;
  /** Highest passing R (0 when even the first step failed). */
  rate: number;
  /** Lowest failing R (Infinity when every step passed). */
  failedAt: number;
  steps: SaturationStep[];
}

export const P99_LIMIT_MS = 1000;

export function passes(r: LoadResult): boolean {
  return r.latency.p99 < P99_LIMIT_MS && r.acksFailed === 0 && r.lost === 0 && r.achievedRate >= 0.95 * r.rate;
}

export async function findSaturation(
  systems: Array<{ system: Target['system']; target: () => Promise<Target> }>,
  load: Omit<LoadOptions, 'rate'>,
  opts: { steps: number[]; bisect: number; log: (line: string) => void },
): Promise<SaturationResult[]> {
  const state = systems.map((s) => ({ ...s, lo: 0, hi: Infinity, steps: [] as SaturationStep[] }));
  const measure = async (s: (typeof state)[number], rate: number) => {
    const [result] = await runInterleaved([await s.target()], { ...load, rate, log: () => undefined });
    const pass = passes(result);
    s.steps.push({ rate, result, pass });
    if (pass) s.lo = Math.max(s.lo, rate);
    else s.hi = Math.min(s.hi, rate);
    opts.log(
      `  ${s.system} R=${rate}: p50 ${result.latency.p50.toFixed(0)} p99 ${result.latency.p99.toFixed(0)} ms, ` +
        `achieved ${result.achievedRate.toFixed(0)}/s, acks failed ${result.acksFailed}, lost ${result.lost} → ${pass ? 'pass' : 'FAIL'}`,
    );
  };
  for (const rate of opts.steps) {
    const open = state.filter((s) => s.hi === Infinity);
    if (open.length === 0) break;
    for (const s of open) await measure(s, rate);
  }
  // Failed at the first step: halve until a step passes (at most twice), then bisect as usual.
  for (let k = 0; k < 2; k++) {
    for (const s of state) {
      if (s.lo > 0 || s.hi === Infinity || s.hi / 2 < 1) continue;
      await measure(s, Math.floor(s.hi / 2));
    }
  }
  for (let k = 0; k < opts.bisect; k++) {
    for (const s of state) {
      if (s.lo === 0 || s.hi === Infinity) continue;
      const mid = Math.round(Math.sqrt(s.lo * s.hi) / 10) * 10;
      if (mid <= s.lo || mid >= s.hi) continue;
      await measure(s, mid);
    }
  }
  return state.map((s) => ({ system: s.system, clients: load.clients, rate: s.lo, failedAt: s.hi, steps: s.steps }));
}
