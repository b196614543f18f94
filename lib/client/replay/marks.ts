/**
 * A user-timing mark for the benchmark and anyone profiling (replay-rendered per moment
 * shown, replay-chunk per chunk held). The browser keeps marks until cleared, and playing
 * a long incident shows tens of thousands of moments: only the newest MAX_MARKS of a name
 * are kept (the benchmark reads the latest few).
 */
const MAX_MARKS = 500;

export function markReplay(name: 'replay-rendered' | 'replay-chunk' | 'replay-filled', detail: Record<string, number>): void {
  if (typeof performance === 'undefined' || typeof performance.mark !== 'function') return;
  if (performance.getEntriesByName(name, 'mark').length >= MAX_MARKS) performance.clearMarks(name);
  performance.mark(name, { detail });
}
