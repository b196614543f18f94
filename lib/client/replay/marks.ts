/**
 * A user-timing mark for the benchmark and anyone profiling (replay-rendered per moment
 * shown, replay-chunk per chunk held, replay-moment per moment from the moment route, replay-rehearsed per rehearsal, three per page). The browser keeps marks until cleared, and playing
 * a long incident shows tens of thousands of moments: only the newest MAX_MARKS of a name
 * are kept (the benchmark reads the latest few).
 */
const MAX_MARKS = 500;

type MarkName = 'replay-rendered' | 'replay-chunk' | 'replay-moment' | 'replay-filled' | 'replay-rehearsed';
/** Marks made per name since its last clear (counted: this runs on every moment rendered). */
const made = new Map<MarkName, number>();

export function markReplay(name: MarkName, detail: Record<string, number>): void {
  if (typeof performance === 'undefined' || typeof performance.mark !== 'function') return;
  const n = made.get(name) ?? 0;
  if (n >= MAX_MARKS) performance.clearMarks(name);
  made.set(name, n >= MAX_MARKS ? 1 : n + 1);
  performance.mark(name, { detail });
}
