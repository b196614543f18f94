import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jumpEnds, jumpTarget, readsAsOffset, saysDate, spansDays } from './jump';
import type { Ticks } from './ticks';

/** Events at these local clock times of one day (seq 1 first): the jump reads clock times in the browser's zone. */
function ticksAtLocal(times: Array<[number, number, number]>): Ticks {
  return ticksAtDates(times.map(([h, m, s]) => [2026, 5, 12, h, m, s]));
}

/** Events at these local dates and times (year, month 1–12, day, h, m, s; seq 1 first). */
function ticksAtDates(times: Array<[number, number, number, number, number, number]>): Ticks {
  const ts = Float64Array.from(times, ([y, mo, d, h, m, s]) => new Date(y, mo - 1, d, h, m, s).getTime());
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

describe('jumpTarget: an incident longer than a day', () => {
  // Clock times are in the browser's zone: pinned here, as the metrics tests do (Node reads TZ when it changes).
  const zoneBefore = process.env.TZ;
  let days: Ticks;
  beforeAll(() => {
    process.env.TZ = 'Asia/Shanghai';
    // From 22:30 on 5 December to 09:00 on 7 December 2026, local time.
    days = ticksAtDates([
      [2026, 12, 5, 22, 30, 0], //  seq 1  day 1
      [2026, 12, 5, 23, 40, 0], //      2
      [2026, 12, 6, 7, 59, 30], //      3  day 2
      [2026, 12, 6, 8, 10, 0], //       4
      [2026, 12, 7, 7, 50, 0], //       5  day 3
      [2026, 12, 7, 8, 0, 0], //        6
      [2026, 12, 7, 9, 0, 0], //        7
    ]);
  });
  afterAll(() => {
    if (zoneBefore === undefined) delete process.env.TZ;
    else process.env.TZ = zoneBefore;
  });

  it('a time alone is the first such time from the start (day 2); with its date it reaches day 3', () => {
    expect(jumpTarget(days, '08:00', 'clock')).toBe(3);
    expect(jumpTarget(days, '12-07 08:00', 'clock')).toBe(6);
    expect(jumpTarget(days, '12-06 08:00', 'clock')).toBe(3);
    expect(jumpTarget(days, '12-05 23:00', 'clock')).toBe(1);
    expect(jumpTarget(days, '12-07 08:30:00', 'clock')).toBe(6);
  });

  it('reads year-month-day, month-day, with "-" or "/", and the Chinese 年月日 form', () => {
    for (const text of ['2026-12-07 08:00', '12/07 08:00', '2026/12/07 08:00', '12-7 08:00', ' 12-07   08:00 ', '12月7日 08:00', '12月7日08:00', '2026年12月7日 08:00', '12月7号 08:00'])
      expect(jumpTarget(days, text, 'clock'), text).toBe(6);
    expect(jumpTarget(days, '2026年12月6日 07:59:30', 'clock')).toBe(3);
  });

  it('reads the English forms: the board\'s own ("7 Dec, 08:00"), with its year, the American order, whole month names', () => {
    for (const text of ['7 Dec, 08:00', '7 Dec 08:00', '7 dec 08:00', '7 Dec 2026, 08:00', '07 Dec 2026 08:00:00', 'Dec 7, 08:00', 'Dec 7 08:00', 'Dec 7, 2026, 08:00', '7 December 08:00', 'December 7 2026 08:00', '7 Dec. 08:00', '7Dec 08:00'])
      expect(jumpTarget(days, text, 'clock'), text).toBe(6);
    expect(jumpTarget(days, '6 Dec 2026, 07:59:30', 'clock')).toBe(3);
    // en-GB writes September "Sept": read as September, not as any other month.
    const september = ticksAtDates([
      [2026, 9, 6, 23, 0, 0],
      [2026, 9, 7, 8, 0, 0],
      [2026, 10, 7, 8, 0, 0],
    ]);
    for (const text of ['7 Sept 08:30', '7 Sep 08:30', 'Sept 7, 08:30', '7 September 08:30']) expect(jumpTarget(september, text, 'clock'), text).toBe(2);
    expect(jumpTarget(september, '7 Oct 08:00', 'clock')).toBe(3);
    for (const text of ['7 Dez 08:00', '7 Decem 08:00', 'Dec 2026 08:00', '32 Dec 08:00', '31 Nov 08:00', 'Dec 7', '7 Dec 24:00', 'Mayday 7 08:00'])
      expect(jumpTarget(days, text, 'clock'), text).toBe('invalid');
    for (const text of ['8 Dec 08:00', 'Dec 5, 2026 22:00', '7 Dec 2025 08:00'])
      expect(jumpTarget(days, text, 'clock'), text).toBe('outside');
    expect(saysDate('7 Dec 08:00')).toBe(true);
    expect(readsAsOffset('7 Dec 08:00', 'offset')).toBe(false);
  });

  it('reads the date in the full-width forms a Chinese input method types', () => {
    for (const text of ['１２－０７ ０８：００', '１２／０７　０８：００', '２０２６－１２－０７ ０８：００', '１２月７日 ０８：００', '２０２６年１２月７日　０８：００'])
      expect(jumpTarget(days, text, 'clock'), text).toBe(6);
  });

  it('a date says a clock time in offset mode too', () => {
    expect(jumpTarget(days, '12-07 08:00', 'offset')).toBe(6);
    expect(jumpTarget(days, '08:00', 'offset')).toBe(2); // T+08:00 is 06:30 on day 2
  });

  it('a date and time outside the incident is outside', () => {
    for (const text of ['12-07 09:01', '12-08 08:00', '12-05 22:00', '12-04 23:00', '2025-12-06 08:00', '2027-12-06 08:00', '02-29 08:00'])
      expect(jumpTarget(days, text, 'clock'), text).toBe('outside');
    expect(jumpTarget(days, '12-07 09:00', 'clock')).toBe(7);
  });

  it('a date that is no date, or a date without a clock time, is invalid', () => {
    expect(jumpTarget(days, '12-07 08:00', 'clock')).toBe(6);
    for (const text of ['13-07 08:00', '12-32 08:00', '11-31 08:00', '00-07 08:00', '2026-02-29 08:00', '12-07', '12-07 24:00', '12-07 08:60', '12-07 T+01:00', '12月 08:00', '12-07-08:00', '26-12-07 08:00', '12.07 08:00', '12-07 soon'])
      expect(jumpTarget(days, text, 'clock'), text).toBe('invalid');
  });

  it('a date without its year is the first such date from the start (an incident across New Year)', () => {
    const newYear = ticksAtDates([
      [2026, 12, 31, 23, 0, 0],
      [2027, 1, 1, 1, 0, 0],
      [2027, 1, 1, 2, 0, 0],
    ]);
    expect(jumpTarget(newYear, '01-01 01:30', 'clock')).toBe(2);
    expect(jumpTarget(newYear, '1月1日 02:00', 'clock')).toBe(3);
    expect(jumpTarget(newYear, '12-31 23:30', 'clock')).toBe(1);
    expect(jumpTarget(newYear, '2026-01-01 01:30', 'clock')).toBe('outside');
  });

  it('says when the incident spans more than one calendar day, and which whole minutes the jump reaches', () => {
    expect(spansDays(days)).toBe(true);
    expect(spansDays(ticks)).toBe(false);
    expect(spansDays(ticksAtDates([[2026, 12, 5, 0, 0, 0], [2026, 12, 5, 23, 59, 59]]))).toBe(false);
    expect(spansDays(ticksAtDates([[2026, 12, 5, 23, 59, 59], [2026, 12, 6, 0, 0, 0]]))).toBe(true);
    // A first event at 22:30:15 is not reached by "22:30"; the last at 09:00:40 is by "09:00".
    const late = ticksAtDates([[2026, 12, 5, 22, 30, 15], [2026, 12, 7, 9, 0, 40]]);
    expect(jumpEnds(late)).toEqual({ from: new Date(2026, 11, 5, 22, 31).getTime(), to: new Date(2026, 11, 7, 9, 0).getTime() });
    expect(jumpTarget(late, '12-05 22:30', 'clock')).toBe('outside');
    expect(jumpTarget(late, '12-05 22:31', 'clock')).toBe(1);
    expect(jumpEnds(days)).toEqual({ from: days.firstTs, to: days.lastTs });
  });

  it('tells which times are read as a T+ offset (the "outside" message then gives the ends in T+)', () => {
    for (const text of ['40:00', '1:30:00', 'T+01:30']) expect(readsAsOffset(text, 'offset')).toBe(true);
    expect(readsAsOffset('T+01:30', 'clock')).toBe(true);
    expect(readsAsOffset('08:00', 'clock')).toBe(false);
    expect(readsAsOffset('12-07 08:00', 'offset')).toBe(false);
  });

  it('tells a time typed with its date from one without (the "outside" message then names days)', () => {
    for (const dated of ['12-07 08:00', '2026-12-07 08:00', '12/7 08:00', '12月7日 08:00', '2026年12月7日08:00', '１２－０７　０８：００']) expect(saysDate(dated)).toBe(true);
    for (const plain of ['08:00', 'T+01:30', '1:30:00', '', '12-07', '12月7日']) expect(saysDate(plain)).toBe(false);
  });
});
