import { describe, expect, it } from 'vitest';
import { hhmm } from './wall-notice';

describe('the wall notice\'s time (SPEC SYNC3)', () => {
  it('is hh:mm on the day it is read, and carries its date once that day is past (a wall left over a weekend)', () => {
    const friday = new Date(2026, 2, 6, 17, 42).getTime();
    expect(hhmm(friday, new Date(2026, 2, 6, 23, 59).getTime())).toBe('17:42');
    expect(hhmm(friday, new Date(2026, 2, 9, 8, 5).getTime())).toBe('2026-03-06 17:42');
  });
});
