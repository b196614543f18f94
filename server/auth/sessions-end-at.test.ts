import { describe, expect, it } from 'vitest';
import { sessionsEndAt } from './accounts';

// SPEC AUTH8: an ending of an account's sessions never moves back the one written before it.
describe('sessionsEndAt', () => {
  it('is now, but never before the last write nor an ending written meanwhile (a clock behind another process\'s)', () => {
    expect(sessionsEndAt({ updatedAt: 100, sessionsFrom: undefined }, 500)).toBe(500);
    expect(sessionsEndAt({ updatedAt: 900, sessionsFrom: undefined }, 500)).toBe(900);
    expect(sessionsEndAt({ updatedAt: 100, sessionsFrom: 1200 }, 500)).toBe(1200);
  });
});
