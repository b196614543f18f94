/** Elapsed time since an incident opened as "hh:mm" (hours may pass 99); never negative. */
export function formatElapsed(fromMs: number, toMs: number): string {
  const minutes = Math.max(0, Math.floor((toMs - fromMs) / 60_000));
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/** The same with seconds, "hh:mm:ss", for a clock that ticks every second (wall screens). */
export function formatElapsedSeconds(fromMs: number, toMs: number): string {
  const seconds = Math.max(0, Math.floor((toMs - fromMs) / 1000));
  return `${formatElapsed(0, seconds * 1000)}:${String(seconds % 60).padStart(2, '0')}`;
}

/**
 * Reads an elapsed time as people write it, the way it is shown: "hh:mm" or
 * "hh:mm:ss" (hours may pass 99). Milliseconds, or null when it is not one.
 * The replay's jump box and the findings form both use it, so "12:30" means
 * the same everywhere: 12 h 30 min.
 */
export function parseElapsed(text: string): number | null {
  const m = /^\s*(\d{1,3}):([0-5]\d)(?::([0-5]\d))?\s*$/.exec(text);
  if (!m) return null;
  return ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3] ?? 0)) * 1000;
}
