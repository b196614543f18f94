import { randomUUID } from 'node:crypto';
import type { Role } from '../../lib/domain/actor';
import type { StoredAccount } from '../store/types';
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
