import type { IncomingMessage } from 'node:http';
import { ErrorCode } from '../../lib/domain/errors';
import { ChangePasswordRequest, SESSION_COOKIE, SignInRequest } from '../../lib/protocol/http';
import { hashPassword, verifyPassword } from '../auth/password';
import { toAccountView } from '../auth/sessions';
import type { Services } from '../services';
import { clientAddress, userAgentOf } from './client-address';
import { parseOrThrow } from './parse';
import { HttpError } from './respond';
import type { Route } from './router';

function secure(req: IncomingMessage, services: Services): boolean {
  if (services.config.publicUrl?.startsWith('https:')) return true;
  return services.config.trustProxy && req.headers['x-forwarded-proto'] === 'https';
}

function cookie(req: IncomingMessage, services: Services, value: string, maxAgeSec: number): string {
  const parts = [`${SESSION_COOKIE}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${maxAgeSec}`];
  if (secure(req, services)) parts.push('Secure');
  return parts.join('; ');
}

/** A fixed hash to compare against when the username is unknown, so timing does not tell. */
let dummyHash: Promise<string> | null = null;

const WRONG = 'Wrong username or password, or the account is disabled.';

export const authRoutes: Route[] = [
  {
    method: 'POST',
    path: '/api/auth/sign-in',
    access: 'public',
    async handle({ req, services, log, body }) {
      const input = parseOrThrow(SignInRequest, await body());
      const username = input.username.toLowerCase();
      const address = clientAddress(req.headers, req.socket.remoteAddress, services.config.trustProxy);
      // SPEC AUTH9: while locked, refuse before looking at the password at all.
      const wait = await services.throttle.waitMs(username, address);
      if (wait > 0) throw HttpError.rateLimited('Too many failed sign-ins; wait and try again.', wait);

      const account = await services.store.accounts.getAccountByUsername(username);
      dummyHash ??= hashPassword('not-a-real-password');
      const ok = await verifyPassword(input.password, account?.passwordHash ?? (await dummyHash));
      if (!account || !ok || account.disabled) {
        const locks = await services.throttle.fail(username, address);
        log.warn({ username, from: address }, 'sign-in failed');
        await services.audit.record({
          action: 'sign-in.failed',
          actor: account ?? { username },
          req,
          details: { reason: !account ? 'unknown-username' : account.disabled && ok ? 'disabled' : 'wrong-password' },
        });
        for (const lock of locks)
          await services.audit.record({
            action: 'sign-in.locked',
            actor: account ?? { username },
            req,
            details: { key: lock.key, until: lock.until },
          });
        throw HttpError.of(ErrorCode.UNAUTHENTICATED, WRONG);
      }
      await services.throttle.succeed(username);
      const { token, session } = await services.sessions.create(account.id, { address, userAgent: userAgentOf(req.headers) });
      log.info({ account: account.id, from: address }, 'signed in');
      await services.audit.record({ action: 'sign-in', actor: account, req, target: { kind: 'session', id: session.id, label: null } });
      return {
        body: { token, account: toAccountView(account) },
        headers: { 'set-cookie': cookie(req, services, token, Math.floor(services.config.sessionMaxMs / 1000)) },
      };
    },
  },
  {
    method: 'POST',
    path: '/api/auth/sign-out',
    access: 'public',
    async handle({ req, services, token }) {
      const ended = token ? await services.sessions.signOut(token) : null;
      if (ended) {
        const account = await services.store.accounts.getAccount(ended.accountId);
        await services.audit.record({
          action: 'sign-out',
          actor: account,
          req,
          target: { kind: 'session', id: ended.id, label: null },
        });
      }
      return { body: {}, headers: { 'set-cookie': cookie(req, services, '', 0) } };
    },
  },
  {
    method: 'POST',
    path: '/api/auth/password',
    beforePasswordChange: true,
    async handle({ req, services, auth, body }) {
      const input = parseOrThrow(ChangePasswordRequest, await body());
      if (!(await verifyPassword(input.currentPassword, auth.account.passwordHash)))
        throw HttpError.of(ErrorCode.FORBIDDEN, 'The current password is wrong.');
      if (input.currentPassword === input.newPassword)
        throw HttpError.of(ErrorCode.BAD_REQUEST, 'Choose a password different from the current one.');
      const account = {
        ...auth.account,
        passwordHash: await hashPassword(input.newPassword),
        mustChangePassword: false,
        updatedAt: Date.now(),
      };
      await services.store.accounts.updateAccount(account);
      // Whoever else holds a session of this account (a stolen cookie?) is out now; this one stays.
      await services.sessions.endAll(account.id, 'password-changed', auth.session.id);
      await services.audit.record({ action: 'password.changed', actor: account, req, target: { kind: 'account', id: account.id, label: account.username } });
      return { body: { account: toAccountView(account) } };
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
