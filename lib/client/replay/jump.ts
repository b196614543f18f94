import { parseElapsed, saysOffset } from '../../i18n/elapsed';
import { seqAtTime, type Ticks } from './ticks';

export type JumpMode = 'clock' | 'offset';

/**
 * Where the replay's jump box goes: the last event at or before the time typed (to the second), or
 * why not. `clock`: a clock time in the browser's time zone, like the board, the first such time
 * from the incident's start; `offset`: T+ from the first event. A time written "T+…" is an offset
 * in either mode. Full-width colons and digits are read as typed by Chinese input methods.
 */
export function jumpTarget(ticks: Ticks, text: string, mode: JumpMode): number | 'invalid' | 'outside' {
  const ms = parseElapsed(text);
  if (ms === null) return 'invalid';
  let ts: number | null = null;
  if (mode === 'offset' || saysOffset(text)) ts = ticks.firstTs + ms;
  else {
    const h = Math.floor(ms / 3_600_000);
    const min = Math.floor(ms / 60_000) % 60;
    const s = Math.floor(ms / 1000) % 60;
    if (h < 24) {
      const d = new Date(ticks.firstTs);
      d.setHours(h, min, s, 0);
      while (d.getTime() < ticks.firstTs - 999) d.setDate(d.getDate() + 1);
      ts = d.getTime();
    }
  }
  if (ts === null || ts > ticks.lastTs + 999 || ts < ticks.firstTs - 999) return 'outside';
  return seqAtTime(ticks, ts + 999);
}
