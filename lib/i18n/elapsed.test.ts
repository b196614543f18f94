import { describe, expect, it } from 'vitest';
import { formatElapsed, formatElapsedSeconds, parseElapsed } from './elapsed';

describe('formatElapsed', () => {
  it('pads hours and minutes', () => {
    expect(formatElapsed(0, 0)).toBe('00:00');
    expect(formatElapsed(0, 59_999)).toBe('00:00');
    expect(formatElapsed(0, 65 * 60_000)).toBe('01:05');
  });
  it('goes past a day and never below zero', () => {
    expect(formatElapsed(0, 125 * 3_600_000)).toBe('125:00');
    expect(formatElapsed(10_000, 0)).toBe('00:00');
  });
});

describe('formatElapsedSeconds', () => {
  it('adds the seconds', () => {
    expect(formatElapsedSeconds(0, 0)).toBe('00:00:00');
    expect(formatElapsedSeconds(1_000, 3_723_999)).toBe('01:02:02');
    expect(formatElapsedSeconds(5_000, 0)).toBe('00:00:00');
  });
});

describe('parseElapsed', () => {
  it('reads hh:mm and hh:mm:ss as they are shown (12:30 is 12 h 30 min)', () => {
    expect(parseElapsed('12:30')).toBe((12 * 60 + 30) * 60_000);
    expect(parseElapsed(' 01:02:03 ')).toBe(3_723_000);
    expect(parseElapsed('125:00')).toBe(125 * 3_600_000);
    expect(parseElapsed(formatElapsedSeconds(0, 3_723_000))).toBe(3_723_000);
  });
  it('refuses anything else', () => {
    for (const bad of ['00:61:00', '1:2', 'soon', '12', '1:00:60', '']) expect(parseElapsed(bad)).toBeNull();
  });
});
