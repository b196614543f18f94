import type { SignInPolicy } from '../config';
import type { Store } from '../store/types';

export interface Lock {
  key: 'account' | 'address';
  until: number;
}

/**
 * Sign-in throttling per username and per address (SPEC AUTH9). The first
 * failures are free; from the Nth on each failure locks the key for a delay that
 * doubles (1 s, 2 s, 4 s …) up to a cap. While locked, attempts are refused with
 * RATE_LIMITED before the password is even checked. Counters live in the store,
 * so every process sees the same ones.
 */
export class SignInThrottle {
  constructor(
    private readonly store: Store,
    private readonly policy: SignInPolicy,
  ) {}

  private keys(username: string, address: string | null) {
    return { account: `account:${username}`, address: address ? `address:${address}` : null };
  }

  /** Milliseconds until a sign-in may be tried, or 0. */
  async waitMs(username: string, address: string | null, now = Date.now()): Promise<number> {
    const k = this.keys(username, address);
    const records = await Promise.all([this.store.throttle.get(k.account), k.address ? this.store.throttle.get(k.address) : null]);
    return Math.max(0, ...records.map((r) => (r ? r.lockedUntil - now : 0)));
  }

  /** Records a failure; returns the locks it started. */
  async fail(username: string, address: string | null, now = Date.now()): Promise<Lock[]> {
    const k = this.keys(username, address);
    const locks: Lock[] = [];
    const one = async (which: Lock['key'], key: string, free: number) => {
      const failures = await this.store.throttle.recordFailure(key, now, this.policy.forgetMs);
      if (failures < free) return;
      const delay = Math.min(this.policy.baseDelayMs * 2 ** Math.min(failures - free, 30), this.policy.maxDelayMs);
      await this.store.throttle.lock(key, now + delay, this.policy.forgetMs);
      locks.push({ key: which, until: now + delay });
    };
    await Promise.all([
      one('account', k.account, this.policy.freeFailuresPerAccount),
      k.address ? one('address', k.address, this.policy.freeFailuresPerAddress) : null,
    ]);
    return locks;
  }

  /**
   * A successful sign-in clears the username's count. The address keeps its
   * count: one attacker's success with their own account must not reset the
   * guessing they do against others from the same address.
   */
  async succeed(username: string): Promise<void> {
    await this.store.throttle.reset(this.keys(username, null).account);
  }
}
