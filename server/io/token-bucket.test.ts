import { describe, expect, it } from 'vitest';
import { TokenBucket } from './rate-limit';

describe('TokenBucket (SPEC AUTH10)', () => {
  it('takes a token per request up to the burst, then answers the wait; refills at its rate', () => {
    const b = new TokenBucket(2, 3, 0);
    expect([b.take(0), b.take(0), b.take(0)]).toEqual([0, 0, 0]);
    expect(b.take(0)).toBe(500);
    expect(b.take(500)).toBe(0);
  });

  it('a time before the last one (a clock stepped back) refills nothing and takes nothing away', () => {
    const b = new TokenBucket(2, 3, 10_000);
    expect(b.take(10_000)).toBe(0);
    // Stepped back a minute: the two tokens left are still there, not 118 s of debt.
    expect(b.take(-50_000)).toBe(0);
    expect(b.take(-50_000)).toBe(0);
    expect(b.take(-50_000)).toBe(500);
  });
});
