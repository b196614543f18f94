import type { EventType } from '../../domain/incident/events';
import type { ReplayIndex } from '../../protocol/replay';

/** The index's columns decoded once: absolute times, agency codes and types per seq (index seq - 1). */
export interface Ticks {
  count: number;
  firstTs: number;
  lastTs: number;
  ts: Float64Array;
  /** Index into `agencies`, or -1. */
  agency: Int16Array;
  agencies: string[];
  /** Index into `types`. */
  type: Int8Array;
  types: EventType[];
}

export function decodeTicks(index: ReplayIndex): Ticks {
  const n = index.ticks.dt.length;
  const ts = new Float64Array(n);
  let t = index.firstTs;
  for (let i = 0; i < n; i++) {
    t += index.ticks.dt[i];
    ts[i] = t;
  }
  return {
    count: n,
    firstTs: index.firstTs,
    lastTs: n ? ts[n - 1] : index.firstTs,
    ts,
    agency: Int16Array.from(index.ticks.agency),
    agencies: index.ticks.agencies,
    type: Int8Array.from(index.ticks.type),
    types: index.ticks.types,
  };
}

/** ts of event `seq` (1-based). */
export function tsOf(ticks: Ticks, seq: number): number {
  if (seq < 1) return ticks.firstTs;
  return ticks.ts[Math.min(seq, ticks.count) - 1];
}

/** The last seq whose event happened at or before `ts` (at least 1 when there are events). */
export function seqAtTime(ticks: Ticks, ts: number): number {
  let lo = 0;
  let hi = ticks.count; // answer in [0, count]
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ticks.ts[mid - 1] <= ts) lo = mid;
    else hi = mid - 1;
  }
  return Math.max(Math.min(1, ticks.count), lo);
}

/** The first seq after `seq` that happened later than it (skips events of the same instant). */
export function nextEventAfter(ticks: Ticks, seq: number): number {
  if (seq >= ticks.count) return ticks.count;
  const t = tsOf(ticks, seq);
  let s = seq + 1;
  while (s < ticks.count && ticks.ts[s - 1] <= t) s++;
  return s;
}

const MINUTE = 60_000;

/**
 * The slider's Page Up (`dir` 1) and Page Down (-1): a minute on or back. Over a quiet spell of
 * more than a minute, on is the next event: a keyboard user is never stuck before it.
 */
export function minuteOn(ticks: Ticks, seq: number, dir: 1 | -1): number {
  const at = seqAtTime(ticks, tsOf(ticks, seq) + dir * MINUTE);
  return dir === 1 && at <= seq ? nextEventAfter(ticks, seq) : at;
}
