import type { AuditLog } from '../audit';
import type { Store } from '../store/types';
import { changeAccount, sessionsEndAt } from './accounts';
import { generatePassword, hashPassword } from './password';
import { endAccountSessions } from './sessions';
import { throttleKeyOfAccount } from './throttle';

/** Who the audit log names for a reset made on the server's machine (no account signed in). */
const CLI_ACTOR = { username: 'server-console' };

/**
 * A new one-time password for an account, from the machine the store is on (`npm run
 * reset-password -- <username>`): the way back in when no admin can sign in (SPEC AUTH14).
 * The account must choose a new password at its next sign-in; its sessions end (their
 * sockets are cut at their next check, SPEC AUTH8), its sign-in lock is cleared, and the
 * audit log records it. A disabled account stays disabled. Returns null for an unknown username.
 */
export async function resetPasswordFromConsole(store: Store, username: string, audit?: AuditLog): Promise<{ password: string; sessionsEnded: number } | null> {
  const account = await store.accounts.getAccountByUsername(username.toLowerCase());
  if (!account) return null;
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  // Made on the account as stored when written (SPEC AUTH8): an admin's change during the hash stays.
  const written = await changeAccount(store, account.id, (current) => {
    const at = sessionsEndAt(current);
    return { ...current, passwordHash, mustChangePassword: true, updatedAt: at, sessionsFrom: at };
  }, account);
  if (!written) return null;
  const sessionsEnded = await endAccountSessions(store, account.id, 'password-reset');
  await store.throttle.reset(throttleKeyOfAccount(account.username));
  await audit?.record({
    action: 'account.updated',
    actor: CLI_ACTOR,
    target: { kind: 'account', id: account.id, label: account.username },
    details: { passwordReset: true, sessionsEnded, reason: 'password-reset', from: 'console' },
  });
  return { password, sessionsEnded };
}
