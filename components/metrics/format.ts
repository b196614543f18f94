export { tPlus } from '@/lib/i18n/elapsed';

/** A duration to the second: "m:ss", or "h:mm:ss" from an hour; "–" for none. */
export function duration(ms: number | null, withHours = false): string {
  if (ms === null) return '–';
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  // `withHours`: h:mm:ss under a minute too (an axis named h:mm:ss writes 30 minutes 0:30:00, not 30:00).
  return h > 0 || withHours ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/**
 * A value axis of durations whose ticks `duration` labels: the smallest round step (5, 10, 15,
 * 30 s; 1, 2, 5, 10, 15, 30 min; 1, 2, 3, 6, 12 h; whole days) that gives at most `ticks` steps up
 * to `maxMs`, and the axis' end, the first whole step at or past it (one step for no figures).
 */
export function durationAxis(maxMs: number, ticks = 5): { interval: number; max: number } {
  const steps = [5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200].map((s) => s * 1000);
  const interval = steps.find((s) => maxMs / s <= ticks) ?? Math.ceil(maxMs / ticks / 86_400_000) * 86_400_000;
  return { interval, max: Math.max(interval, Math.ceil(maxMs / interval) * interval) };
}
