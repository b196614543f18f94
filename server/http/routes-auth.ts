import type { IncomingMessage } from 'node:http';
import { ErrorCode } from '../../lib/domain/errors';
import { ChangePasswordRequest, NoBody, SignInRequest, UNKNOWN_USERNAME } from '../../lib/protocol/http';
import { changeAccount, sessionsEndAt } from '../auth/accounts';
import { hashPassword, verifyPassword } from '../auth/password';
import { overHttps, sessionCookieName, toAccountView } from '../auth/sessions';
import type { Lock } from '../auth/throttle';
import type { Services } from '../services';
import type { StoredAccount } from '../store/types';
import { clientAddress, userAgentOf } from './client-address';
import { parseOrThrow } from './parse';
import { HttpError } from './respond';
import type { Route } from './router';

/** The session cookie (SPEC AUTH11): over HTTPS a `__Host-` one, Secure (sessionCookieName). */
function cookie(req: IncomingMessage, services: Services, value: string, maxAgeSec: number): string {
  const name = sessionCookieName(req.headers, services.config);
  const parts = [`${name}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${maxAgeSec}`];
  if (overHttps(req.headers, services.config)) parts.push('Secure');
  return parts.join('; ');
}

/**
 * The session token goes in a JSON answer only to a request without an Origin: a script,
 * which cannot use the cookie. A browser sends an Origin on every POST and has the
 * HttpOnly cookie; a copy in the answer would only sit where a page's script can read it.
 */
function tokenForScripts(req: IncomingMessage, token: string): { token?: string } {
  return req.headers.origin === undefined ? { token } : {};
}

/** A fixed hash to compare against when the username is unknown, so timing does not tell. */
let dummyHash: Promise<string> | null = null;

const WRONG = 'Wrong username or password, or the account is disabled.';

/** A failed password check and the locks it started, in the audit log (SPEC AUTH9, AUTH12). */
async function auditFailure(
  services: Services,
  req: IncomingMessage,
  actor: StoredAccount | { username: string },
  locks: readonly Lock[],
  reason: 'unknown-username' | 'disabled' | 'wrong-password' | 'wrong-current-password',
  extra: Record<string, unknown> = {},
): Promise<void> {
  await services.audit.record({ action: 'sign-in.failed', actor, req, details: { reason, ...extra } });
  for (const lock of locks)
    await services.audit.record({ action: 'sign-in.locked', actor, req, details: { key: lock.key, until: lock.until, ...extra } });
}

export const authRoutes: Route[] = [
  {
    method: 'POST',
    path: '/api/auth/sign-in',
    access: 'public',
    async handle({ req, services, log, body }) {
      const input = parseOrThrow(SignInRequest, await body());
      const username = input.username.toLowerCase();
      const address = clientAddress(req.headers, req.socket.remoteAddress, services.config.trustProxy);
      // SPEC AUTH9: while locked, refuse before looking at the password at all. Otherwise this
      // attempt is counted as a failure now, before the hash (parallel guesses cannot all pass),
      // and taken back below if it succeeds.
      const attempt = await services.throttle.attempt(username, address);
      if ('waitMs' in attempt) throw HttpError.rateLimited('Too many failed sign-ins; wait and try again.', attempt.waitMs);

      const account = await services.store.accounts.getAccountByUsername(username);
      dummyHash ??= hashPassword('not-a-real-password');
      const ok = await verifyPassword(input.password, account?.passwordHash ?? (await dummyHash));
      if (!account || !ok || account.disabled) {
        const reason = !account ? 'unknown-username' : account.disabled && ok ? 'disabled' : 'wrong-password';
        // What was typed is named only when it is an account's username: otherwise it may be a
        // password typed into the wrong field. Its length still tells a typo from a guess.
        const unknown = account ? {} : { usernameLength: username.length };
        log.warn({ username: account?.username ?? UNKNOWN_USERNAME, ...unknown, from: address, reason }, 'sign-in failed');
        await auditFailure(services, req, account ?? { username: UNKNOWN_USERNAME }, attempt.locks, reason, unknown);
        throw HttpError.of(ErrorCode.UNAUTHENTICATED, WRONG);
      }
      const { token, session } = await services.sessions.create(account.id, { address, userAgent: userAgentOf(req.headers) });
      // SPEC AUTH8: a password change, reset or disable written while this sign-in checked the
      // password it read ends every session made before it, but not this one if it was made just
      // after: read again now, and ended if the account is no longer the one checked.
      const now = await services.store.accounts.getAccount(account.id);
      if (!now || now.disabled || now.passwordHash !== account.passwordHash) {
        await services.sessions.signOut(token);
        // As any other failed sign-in: the password checked is no longer the account's, or it is disabled.
        const reason = now?.disabled ? 'disabled' : 'wrong-password';
        log.warn({ account: account.id, from: address, reason, changedDuringSignIn: true }, 'sign-in failed');
        await auditFailure(services, req, account, attempt.locks, reason);
        throw HttpError.of(ErrorCode.UNAUTHENTICATED, WRONG);
      }
      // Taken back only now: an attempt refused just above stays counted, as any failed sign-in.
      await services.throttle.succeed(attempt);
      log.info({ account: account.id, from: address }, 'signed in');
      await services.audit.record({ action: 'sign-in', actor: account, req, target: { kind: 'session', id: session.id, label: null } });
      return {
        body: { ...tokenForScripts(req, token), account: toAccountView(account) },
        headers: { 'set-cookie': cookie(req, services, token, Math.floor(services.config.sessionMaxMs / 1000)) },
      };
    },
  },
  {
    method: 'POST',
    path: '/api/auth/sign-out',
    access: 'public',
    async handle({ req, services, token, body }) {
      parseOrThrow(NoBody, await body());
      const ended = token ? await services.sessions.signOut(token) : null;
      if (ended) {
        // Ended already (a retry finds nothing to end): audited even if its account cannot be read.
        const account = await services.store.accounts.getAccount(ended.accountId).catch(() => null);
        await services.audit.record({
          action: 'sign-out',
          actor: account,
          req,
          target: { kind: 'session', id: ended.id, label: null },
          // Whose, even when the account could not be read (the actor is then unnamed).
          details: { accountId: ended.accountId },
        });
      }
      return { body: {}, headers: { 'set-cookie': cookie(req, services, '', 0) } };
    },
  },
  {
    method: 'POST',
    path: '/api/auth/password',
    beforePasswordChange: true,
    async handle({ req, services, log, auth, body }) {
      const input = parseOrThrow(ChangePasswordRequest, await body());
      // SPEC AUTH9: the current password is guessed no faster than at sign-in: the same
      // throttle, on the account's key (a stolen session must not try passwords freely).
      const attempt = await services.throttle.attempt(auth.account.username, null);
      if ('waitMs' in attempt) throw HttpError.rateLimited('Too many wrong passwords; wait and try again.', attempt.waitMs);
      if (!(await verifyPassword(input.currentPassword, auth.account.passwordHash))) {
        log.warn({ account: auth.account.id }, 'password change: wrong current password');
        await auditFailure(services, req, auth.account, attempt.locks, 'wrong-current-password');
        throw HttpError.of(ErrorCode.FORBIDDEN, 'The current password is wrong.');
      }
      await services.throttle.succeed(attempt);
      if (input.currentPassword === input.newPassword)
        throw HttpError.of(ErrorCode.BAD_REQUEST, 'Choose a password different from the current one.');
      const passwordHash = await hashPassword(input.newPassword);
      const now = Date.now();
      // Made on the account as it is in the store when written, not on the copy read before the two
      // hashes above (SPEC AUTH8): an admin's disable, new role or agency written meanwhile stays.
      // Refused if meanwhile the account was disabled or given another password (the one checked
      // above is no longer its own). Every session made before now is no longer valid from this
      // write on, whether or not the renewal below gets to end them: the new session is made after it.
      const written = await changeAccount(
        services.store,
        auth.account.id,
        (current) => {
          if (current.disabled || current.passwordHash !== auth.account.passwordHash) throw HttpError.of(ErrorCode.UNAUTHENTICATED, 'Your session has ended; sign in again.');
          // Never earlier than an ending another change wrote meanwhile (an admin's role change).
          const at = sessionsEndAt(current, now);
          return { ...current, passwordHash, mustChangePassword: false, updatedAt: at, sessionsFrom: at };
        },
        auth.account,
      );
      if (!written) throw HttpError.of(ErrorCode.UNAUTHENTICATED, 'Your session has ended; sign in again.');
      const account = written.after;
      // Recorded before the sessions end: a renewal that fails (the store away a moment) leaves the
      // password changed, and that is in the audit log all the same (SPEC AUTH12).
      await services.audit.record({ action: 'password.changed', actor: account, req, target: { kind: 'account', id: account.id, label: account.username } });
      // Every session of this account ends, this one included: whoever holds a copy of its token
      // (a stolen cookie) is out as well. The person goes on with a new session, its token in a
      // new cookie (and, for a script, in the answer).
      const address = clientAddress(req.headers, req.socket.remoteAddress, services.config.trustProxy);
      const { token } = await services.sessions.renew(auth.session, { address, userAgent: userAgentOf(req.headers) });
      return {
        body: { ...tokenForScripts(req, token), account: toAccountView(account) },
        headers: { 'set-cookie': cookie(req, services, token, Math.floor(services.config.sessionMaxMs / 1000)) },
      };
    },
  },
  {
    method: 'GET',
    path: '/api/me',
    beforePasswordChange: true,
    async handle({ auth }) {
      return { body: { account: toAccountView(auth.account) } };
    },
  },
];
