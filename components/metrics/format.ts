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

const DAY_MS = 86_400_000;

/** Round steps of an axis of durations, in ms: 5, 10, 15, 30 s; 1, 2, 5, 10, 15, 30 min; 1, 2, 3, 6, 12 h. */
export const DURATION_STEPS: readonly number[] = [5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200].map((s) => s * 1000);

/**
 * Round steps of the swimlane's time axis, whose ticks name a clock time to the minute, in ms:
 * 1, 2, 5, 10, 15, 20, 30 min; 1, 2, 3, 6, 12, 24 h. None under a minute: two ticks would name
 * the same clock time.
 */
export const MINUTE_STEPS: readonly number[] = [1, 2, 5, 10, 15, 20, 30, 60, 120, 180, 360, 720, 1440].map((min) => min * 60_000);

/** The smallest of `steps` (ms, ascending) that gives at most `ticks` steps over `spanMs`; past the last, whole days. */
export function durationStep(spanMs: number, ticks: number, steps: readonly number[] = DURATION_STEPS): number {
  return steps.find((s) => spanMs / s <= ticks) ?? Math.ceil(spanMs / ticks / DAY_MS) * DAY_MS;
}

/**
 * A value axis of durations whose ticks `duration` labels: the smallest round step
 * (DURATION_STEPS; whole days past them) that gives at most `ticks` steps up to `maxMs`, and the
 * axis' end, the first whole step at or past it (one step for no figures).
 */
export function durationAxis(maxMs: number, ticks = 5): { interval: number; max: number } {
  const interval = durationStep(maxMs, ticks);
  return { interval, max: Math.max(interval, Math.ceil(maxMs / interval) * interval) };
}
