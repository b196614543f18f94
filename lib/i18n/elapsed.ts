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

/** T+hh:mm:ss from the opening, to the second (hours may pass 99); never negative. */
export function tPlus(ms: number): string {
  return `T+${formatElapsedSeconds(0, ms)}`;
}

/**
 * A typed time as plain ASCII: Chinese input methods type full-width forms ('：', '０'–'９', '＋',
 * 'Ｔ', '－', '／') and the ideographic space; NFKC folds each to its ASCII form (as the board's
 * search does). CJK characters such as 年, 月 and 日 stay as they are. The replay's jump box reads
 * a date before a time with it too (lib/client/replay/jump.ts).
 */
export function asTyped(text: string): string {
  return text.normalize('NFKC');
}

const ELAPSED = /^\s*(T\+)?(\d{1,3}):([0-5]\d)(?::([0-5]\d))?\s*$/i;

/**
 * Reads an elapsed time as people write it, the way it is shown: "hh:mm" or
 * "hh:mm:ss" (hours may pass 99), or with the "T+" the replay shows before it.
 * Milliseconds, or null when it is not one. Full-width colons and digits (as a
 * Chinese input method types them: "14：05") read as their ASCII forms.
 * The replay's jump box and the findings form both use it, so "12:30" means
 * the same everywhere: 12 h 30 min.
 */
export function parseElapsed(text: string): number | null {
  const m = ELAPSED.exec(asTyped(text));
  if (!m) return null;
  return ((Number(m[2]) * 60 + Number(m[3])) * 60 + Number(m[4] ?? 0)) * 1000;
}

/**
 * Reads an event number (seq) as people type it or a link carries it: a whole number in digits,
 * spaces around it allowed; full-width digits and the ideographic space (a Chinese input method's)
 * read as their ASCII forms. Null for anything else: blank, "1.5", "1e2", "0x10", "-3", "+3", more
 * than 12 digits. Not checked against the incident's events: 0 and a number past the last are
 * read; each caller bounds it by the head it knows (the findings form refuses; the replay shows the
 * nearest end and says so: lib/client/replay/linked-moment.ts).
 */
export function parseSeq(text: string): number | null {
  const t = asTyped(text).trim();
  return /^\d{1,12}$/.test(t) ? Number(t) : null;
}

/** Whether a typed time names a T+ offset ("T+00:05", "Ｔ＋００：０５"): the replay's jump reads it as one whatever its mode. */
export function saysOffset(text: string): boolean {
  return /^\s*T\+/i.test(asTyped(text));
}
