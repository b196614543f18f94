import type { IncomingMessage } from 'node:http';
import { ErrorCode } from '../../lib/domain/errors';
import { ChangePasswordRequest, SESSION_COOKIE, SignInRequest } from '../../lib/protocol/http';
import { hashPassword, verifyPassword } from '../auth/password';
import { toAccountView } from '../auth/sessions';
import type { Services } from '../services';
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

export const authRoutes: Route[] = [
  {
    method: 'POST',
    path: '/api/auth/sign-in',
    public: true,
    async handle({ req, services, body }) {
      const input = parseOrThrow(SignInRequest, await body());
      const account = await services.store.accounts.getAccountByUsername(input.username.toLowerCase());
      dummyHash ??= hashPassword('not-a-real-password');
      const ok = await verifyPassword(input.password, account?.passwordHash ?? (await dummyHash));
      if (!account || !ok || account.disabled) {
        services.log.warn({ username: input.username, from: req.socket.remoteAddress }, 'sign-in failed');
        throw HttpError.of(ErrorCode.UNAUTHENTICATED, 'Wrong username or password, or the account is disabled.');
      }
      const { token } = await services.sessions.create(account.id);
      services.log.info({ account: account.id, from: req.socket.remoteAddress }, 'signed in');
      return {
        body: { token, account: toAccountView(account) },
        headers: { 'set-cookie': cookie(req, services, token, Math.floor(services.config.sessionMaxMs / 1000)) },
      };
    },
  },
  {
    method: 'POST',
    path: '/api/auth/sign-out',
    public: true,
    async handle({ req, services, token }) {
      if (token) await services.sessions.revoke(token);
      return { body: {}, headers: { 'set-cookie': cookie(req, services, '', 0) } };
    },
  },
  {
    method: 'POST',
    path: '/api/auth/password',
    beforePasswordChange: true,
    async handle({ services, auth, body }) {
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
