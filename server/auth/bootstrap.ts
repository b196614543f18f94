import { DEFAULT_AGENCIES } from '../../lib/domain/agencies';
import type { Logger } from '../log';
import type { Store } from '../store/types';
import { newAccount } from './accounts';
import { generatePassword } from './password';

/**
 * First start: the default agencies, and one admin account. With ADMIN_PASSWORD
 * that password is used as it is; otherwise a one-time password is printed once
 * and must be changed at first sign-in. Race-free across processes starting
 * together (createFirstAccount).
 */
export async function bootstrap(store: Store, adminPassword: string | undefined, log: Logger): Promise<void> {
  await store.accounts.seedAgencies(DEFAULT_AGENCIES);
  const password = adminPassword ?? generatePassword();
  const created = await store.accounts.createFirstAccount(
    await newAccount({
      username: 'admin',
      displayName: 'Administrator',
      role: 'admin',
      agency: null,
      password,
      mustChangePassword: adminPassword === undefined,
    }),
  );
  if (!created) return;
  log.info({ username: 'admin' }, 'first run: admin account created');
  if (adminPassword === undefined) {
    // Printed once, plainly, for the person starting the server; never logged as a field.
    console.log(
      [
        '',
        '==================================================================',
        '  Portline first run: an admin account was created.',
        '    username: admin',
        `    one-time password: ${password}`,
        '  Sign in and choose a new password. This is shown only once.',
        '==================================================================',
        '',
      ].join('\n'),
    );
  }
}
