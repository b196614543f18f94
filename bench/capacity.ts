import type { Target } from './load';
import { cpuSeconds } from './proc-stats';
import { Samples, summarize, type Summary } from './stats';

/**
 * How many commands per second one incident takes when the writer never waits
 * for the schedule: `inflight` commands always outstanding on one socket, no
 * readers. Portline decides the commands of one incident one at a time, each
 * after the previous append came back from Redis, so this is the ceiling the
 * fan-out scenarios run under; R close to it means queueing and long tails.
 */

export interface CapacityResult {
  inflight: number;
  seconds: number;
  commandsPerSecond: number;
  failed: number;
  ack: Summary;
  /** CPU of the processes given, % of one core. */
  cpu: Record<string, number>;
}

export async function measureCapacity(
  target: Target,
  procs: ReadonlyArray<{ label: string; pid: number }>,
  opts: { inflight: number; seconds: number; warmup: number },
): Promise<CapacityResult> {
  let next = 0;
  for (let i = 0; i < opts.warmup; i++) await target.send(next++).ack;

  const acks = new Samples(4096);
  let ok = 0;
  let failed = 0;
  const cpu0 = procs.map((p) => cpuSeconds(p.pid) ?? NaN);
  const t0 = performance.now();
  const end = t0 + opts.seconds * 1000;
  const worker = async () => {
    while (performance.now() < end) {
      const t = performance.now();
      const a = await target.send(next++).ack.catch(() => ({ ok: false }));
      acks.push(performance.now() - t);
      if (a.ok) ok++;
      else failed++;
    }
  };
  await Promise.all(Array.from({ length: opts.inflight }, worker));
  const seconds = (performance.now() - t0) / 1000;
  const cpu: Record<string, number> = {};
  procs.forEach((p, i) => (cpu[p.label] = (100 * ((cpuSeconds(p.pid) ?? NaN) - cpu0[i])) / seconds));
  return { inflight: opts.inflight, seconds, commandsPerSecond: ok / seconds, failed, ack: summarize(acks), cpu };
}
