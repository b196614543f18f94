/**
 * A token bucket (SPEC AUTH10): `burst` tokens, refilled at `perSecond`. Each
 * request takes one; an empty bucket answers how long until the next token.
 * Per socket and in memory: it costs nothing to check, so a flooding client is
 * refused before any parsing or store work and others are not slowed.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    now = performance.now(),
  ) {
    this.tokens = burst;
    this.last = now;
  }

  /**
   * 0 when a token was taken; otherwise the wait in ms before one is available. On the process's
   * monotonic clock: a wall clock stepped back (NTP, a restored VM) would have emptied every
   * socket's bucket for as long as the step; a time before the last one refills nothing.
   */
  take(now = performance.now()): number {
    this.tokens = Math.min(this.burst, this.tokens + (Math.max(0, now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.tokens) / this.perSecond) * 1000);
  }
}
