import { randomUUID } from 'node:crypto';
import type { Role } from '../../lib/domain/actor';
import { ErrorCode } from '../../lib/domain/errors';
import { HttpError } from '../http/respond';
import type { Store, StoredAccount } from '../store/types';
import { hashPassword } from './password';

/**
 * A new account record with its password hashed (scrypt): the one way accounts
 * are made (first-run admin, the admin's account form, the demo seed).
 */
export async function newAccount(
  input: { username: string; displayName: string; role: Role; agency: string | null; password: string; mustChangePassword: boolean },
  now = Date.now(),
): Promise<StoredAccount> {
  return {
    id: randomUUID(),
    username: input.username.toLowerCase(),
    displayName: input.displayName,
    role: input.role,
    agency: input.agency,
    disabled: false,
    mustChangePassword: input.mustChangePassword,
    passwordHash: await hashPassword(input.password),
    createdAt: now,
    updatedAt: now,
  };
}

/** How many times a change is made again on a record someone else changed meanwhile. */
const CHANGE_TRIES = 5;

/**
 * When a change that ends an account's sessions counts them from (SPEC AUTH8, `sessionsFrom`):
 * now, but never before the account's last write nor before an ending written meanwhile, so that
 * a clock behind another process's cannot let sessions made in between live again.
 */
export function sessionsEndAt(current: Pick<StoredAccount, 'updatedAt' | 'sessionsFrom'>, now = Date.now()): number {
  return Math.max(now, current.updatedAt, current.sessionsFrom ?? 0);
}

/**
 * Writes `change` of account `id`, made from the record as it is in the store, and written only
 * while it is still that record (compare-and-set): a change another request wrote meanwhile (an
 * admin's disable, a new agency, a password change) is read again and `change` made on it, never
 * undone by a copy read before it (SPEC AUTH8). `change` may refuse (throw) on what it finds.
 * Returns the record written and the one it was made from; null if the account is gone.
 */
export async function changeAccount(
  store: Store,
  id: string,
  change: (current: StoredAccount) => StoredAccount,
  first?: StoredAccount,
): Promise<{ before: StoredAccount; after: StoredAccount } | null> {
  let current = first ?? (await store.accounts.getAccount(id));
  for (let i = 0; current && i < CHANGE_TRIES; i++) {
    const after = change(current);
    if (await store.accounts.updateAccount(after, current)) return { before: current, after };
    current = await store.accounts.getAccount(id);
  }
  if (!current) return null;
  throw HttpError.of(ErrorCode.CONFLICT, 'The account kept changing while it was written; try again.');
}
