import { describe, expect, it } from 'vitest';
import { clockFormat, sameLocalDay } from './use-clock-format';

describe('clock format', () => {
  // Local times: what a person's browser shows.
  const afternoon = new Date(2026, 2, 7, 15, 0).getTime();
  const thisMorning = new Date(2026, 2, 7, 9, 0).getTime();
  const tomorrowMorning = new Date(2026, 2, 8, 9, 0).getTime();
  const lastNight = new Date(2026, 2, 6, 23, 30).getTime();

  it('a due time on the day of now is its clock time alone; on another day it has its date (a day-long incident)', () => {
    const en = clockFormat('en');
    expect(en.nearTime(thisMorning, afternoon)).toBe('09:00');
    expect(en.nearTime(tomorrowMorning, afternoon)).toBe('8 Mar, 09:00');
    expect(en.nearTime(lastNight, afternoon)).toBe('6 Mar, 23:30');
    const zh = clockFormat('zh-CN');
    expect(zh.nearTime(thisMorning, afternoon)).toBe('09:00');
    expect(zh.nearTime(tomorrowMorning, afternoon)).toBe('03/08 09:00');
  });

  it('when a screen last heard from the server: to the second, with its date when it was another day (SYNC3: a board left open overnight)', () => {
    const en = clockFormat('en');
    expect(en.nearSecond(thisMorning + 9_000, afternoon)).toBe('09:00:09');
    expect(en.nearSecond(lastNight, afternoon)).toBe('6 Mar 23:30:00');
    expect(clockFormat('zh-CN').nearSecond(lastNight, afternoon)).toBe('03/06 23:30:00');
  });

  it('English dates name their month, day first: "03/08" is 8 March to some readers and 3 August to others', () => {
    const en = clockFormat('en');
    expect(en.dateTime(tomorrowMorning)).toBe('8 Mar, 09:00');
    expect(en.stamp(new Date(2026, 11, 6, 8, 52, 26).getTime())).toBe('6 Dec 2026, 08:52:26');
    const zh = clockFormat('zh-CN');
    expect(zh.dateTime(tomorrowMorning)).toBe('03/08 09:00');
    expect(zh.stamp(new Date(2026, 11, 6, 8, 52, 26).getTime())).toBe('2026/12/06 08:52:26');
  });

  it('a day alone, as each language writes it (a bilingual wall gives both beside one time)', () => {
    expect(clockFormat('en').day(tomorrowMorning)).toBe('8 Mar');
    expect(clockFormat('zh-CN').day(tomorrowMorning)).toBe('03/08');
    expect(sameLocalDay(thisMorning, afternoon)).toBe(true);
    expect(sameLocalDay(lastNight, thisMorning)).toBe(false);
  });
});
