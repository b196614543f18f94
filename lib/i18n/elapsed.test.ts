import { describe, expect, it } from 'vitest';
import { formatElapsed, formatElapsedSeconds } from './elapsed';

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
