import type { SignInPolicy } from '../config';
import type { Store, ThrottleRule } from '../store/types';

export interface Lock {
  key: 'account' | 'address';
  until: number;
}

/**
 * A password check let through the throttle: counted as a failure already. `locks` are the
 * locks it started (audited if it does fail); `succeed` takes it back.
 */
export interface Attempt {
  username: string;
  locks: Lock[];
  /** The address's reservation, to take back on success. */
  address: { key: string; lockedUntil: number; previousLockedUntil: number } | null;
}

/**
 * Sign-in throttling per username and per address (SPEC AUTH9). The first
 * failures are free; from the Nth on each failure locks the key for a delay that
 * doubles (1 s, 2 s, 4 s …) up to a cap. While locked, attempts are refused with
 * RATE_LIMITED before the password is even checked. Every attempt is counted as a
 * failure before its password is checked, in one atomic step of the store with the
 * lock check (ThrottleStore.reserve), and taken back if it succeeds: attempts sent
 * at the same time cannot all pass the check before any failure is counted.
 * Counters live in the store, so every process sees the same ones.
 */
/** The throttle's key of a username (lower case, as sign-in looks it up): what clears its lock. */
export const throttleKeyOfAccount = (username: string) => `account:${username}`;

export class SignInThrottle {
  constructor(
    private readonly store: Store,
    private readonly policy: SignInPolicy,
  ) {}

  private keys(username: string, address: string | null) {
    return { account: throttleKeyOfAccount(username), address: address ? `address:${address}` : null };
  }

  private rule(free: number): ThrottleRule {
    const { baseDelayMs, maxDelayMs, forgetMs } = this.policy;
    return { free, baseDelayMs, maxDelayMs, forgetMs };
  }

  /**
   * Lets one password check through, counted as a failure, or returns the milliseconds until
   * one may be tried (a locked key: nothing counted). `address` null: the username's key
   * only (a signed-in person's password change).
   */
  async attempt(username: string, address: string | null, now = Date.now()): Promise<Attempt | { waitMs: number }> {
    const k = this.keys(username, address);
    const t = this.store.throttle;
    const account = await t.reserve(k.account, now, this.rule(this.policy.freeFailuresPerAccount));
    if (!account.granted) return { waitMs: Math.max(1, account.lockedUntil - now) };
    const locks: Lock[] = account.lockedUntil ? [{ key: 'account', until: account.lockedUntil }] : [];
    let held: Attempt['address'] = null;
    if (k.address) {
      const r = await t.reserve(k.address, now, this.rule(this.policy.freeFailuresPerAddress));
      if (!r.granted) {
        await t.release(k.account, account, now);
        return { waitMs: Math.max(1, r.lockedUntil - now) };
      }
      if (r.lockedUntil) locks.push({ key: 'address', until: r.lockedUntil });
      held = { key: k.address, lockedUntil: r.lockedUntil, previousLockedUntil: r.previousLockedUntil };
    }
    return { username, locks, address: held };
  }

  /**
   * The attempt succeeded: the username's count is cleared. The address only loses this
   * attempt: one attacker's success with their own account must not reset the guessing
   * they do against others from the same address.
   */
  async succeed(attempt: Attempt, now = Date.now()): Promise<void> {
    const { username, address } = attempt;
    await this.store.throttle.reset(this.keys(username, null).account);
    if (address) await this.store.throttle.release(address.key, address, now);
  }
}
