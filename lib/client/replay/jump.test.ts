import { describe, expect, it } from 'vitest';
import { jumpTarget } from './jump';
import type { Ticks } from './ticks';

/** Events at these local clock times of one day (seq 1 first): the jump reads clock times in the browser's zone. */
function ticksAtLocal(times: Array<[number, number, number]>): Ticks {
  const ts = Float64Array.from(times, ([h, m, s]) => new Date(2026, 4, 12, h, m, s).getTime());
  return { count: ts.length, firstTs: ts[0], lastTs: ts[ts.length - 1], ts, agency: new Int16Array(ts.length).fill(-1), agencies: [], type: new Int8Array(ts.length), types: ['MessagePosted'] };
}
//                           seq 1        2           3           4
const ticks = ticksAtLocal([[13, 50, 0], [13, 55, 0], [14, 5, 10], [14, 40, 0]]);

describe('jumpTarget', () => {
  it('a clock time: the last event at or before it (to the second)', () => {
    expect(jumpTarget(ticks, '14:05', 'clock')).toBe(2);
    expect(jumpTarget(ticks, '14:05:10', 'clock')).toBe(3);
    expect(jumpTarget(ticks, '14:30', 'clock')).toBe(3);
  });
  it('a T+ offset from the first event', () => {
    expect(jumpTarget(ticks, '00:05', 'offset')).toBe(2);
    expect(jumpTarget(ticks, '00:50', 'offset')).toBe(4);
  });
  it("reads the full-width colon and digits a Chinese input method types ('14：05', 'T+00：05')", () => {
    expect(jumpTarget(ticks, '14：05', 'clock')).toBe(2);
    expect(jumpTarget(ticks, '１４：０５：１０', 'clock')).toBe(3);
    expect(jumpTarget(ticks, '00：05', 'offset')).toBe(2);
    expect(jumpTarget(ticks, 'T+00：05', 'offset')).toBe(2);
  });
  it('a time written "T+…" is an offset in clock mode too', () => {
    expect(jumpTarget(ticks, 'T+00:16', 'clock')).toBe(3);
    expect(jumpTarget(ticks, 'Ｔ＋００：１６', 'clock')).toBe(3);
  });
  it('refuses what is not a time, and a time outside the incident', () => {
    expect(jumpTarget(ticks, 'soon', 'clock')).toBe('invalid');
    expect(jumpTarget(ticks, '14：6０', 'clock')).toBe('invalid');
    expect(jumpTarget(ticks, '15:00', 'clock')).toBe('outside');
    expect(jumpTarget(ticks, '13:00', 'clock')).toBe('outside');
    expect(jumpTarget(ticks, '01:00', 'offset')).toBe('outside');
    expect(jumpTarget(ticks, '24:00', 'clock')).toBe('outside');
  });
});
