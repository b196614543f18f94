import { randomUUID } from 'node:crypto';
import { ErrorCode } from '../../lib/domain/errors';
import {
  CreateAccountRequest,
  CreateAgencyRequest,
  UpdateAccountRequest,
  UpdateAgencyRequest,
} from '../../lib/protocol/http';
import { hashPassword } from '../auth/password';
import { toAccountView } from '../auth/sessions';
import type { Services } from '../services';
import type { ResolvedSession } from '../auth/sessions';
import { parseOrThrow } from './parse';
import { HttpError } from './respond';
import type { Route } from './router';

function requireAdmin(auth: ResolvedSession): void {
  if (auth.account.role !== 'admin') throw HttpError.of(ErrorCode.FORBIDDEN, 'Only an admin may do this.');
}

async function requireAgency(services: Services, code: string | null): Promise<void> {
  if (code !== null && !(await services.agencies.codes()).has(code))
    throw HttpError.of(ErrorCode.BAD_REQUEST, `Unknown agency: ${code}.`);
}

export const adminRoutes: Route[] = [
  {
    method: 'GET',
    path: '/api/agencies',
    async handle({ services }) {
      return { body: { agencies: await services.store.accounts.listAgencies() } };
    },
  },
  {
    method: 'POST',
    path: '/api/agencies',
    async handle({ services, auth, body }) {
      requireAdmin(auth);
      const agency = parseOrThrow(CreateAgencyRequest, await body());
      if (!(await services.store.accounts.createAgency(agency)))
        throw HttpError.of(ErrorCode.ALREADY_EXISTS, `Agency ${agency.code} already exists.`);
      services.agencies.invalidate();
      return { status: 201, body: { agency } };
    },
  },
  {
    method: 'PATCH',
    path: '/api/agencies/:code',
    async handle({ services, auth, body, params }) {
      requireAdmin(auth);
      const patch = parseOrThrow(UpdateAgencyRequest, await body());
      const current = (await services.store.accounts.listAgencies()).find((a) => a.code === params.code);
      if (!current) throw HttpError.of(ErrorCode.NOT_FOUND, 'No such agency.');
      const agency = { ...current, ...patch };
      await services.store.accounts.updateAgency(agency);
      services.agencies.invalidate();
      return { body: { agency } };
    },
  },
  {
    method: 'GET',
    path: '/api/accounts',
    async handle({ services, auth }) {
      requireAdmin(auth);
      const accounts = await services.store.accounts.listAccounts();
      return { body: { accounts: accounts.map(toAccountView) } };
    },
  },
  {
    method: 'POST',
    path: '/api/accounts',
    async handle({ services, auth, body }) {
      requireAdmin(auth);
      const input = parseOrThrow(CreateAccountRequest, await body());
      await requireAgency(services, input.agency);
      if ((input.role === 'liaison' || input.role === 'responder') && !input.agency)
        throw HttpError.of(ErrorCode.BAD_REQUEST, 'Liaisons and responders belong to an agency.');
      const now = Date.now();
      const account = {
        id: randomUUID(),
        username: input.username.toLowerCase(),
        displayName: input.displayName,
        role: input.role,
        agency: input.agency,
        disabled: false,
        mustChangePassword: true,
        passwordHash: await hashPassword(input.password),
        createdAt: now,
        updatedAt: now,
      };
      if (!(await services.store.accounts.createAccount(account)))
        throw HttpError.of(ErrorCode.ALREADY_EXISTS, `The username ${account.username} is taken.`);
      return { status: 201, body: { account: toAccountView(account) } };
    },
  },
  {
    method: 'PATCH',
    path: '/api/accounts/:id',
    async handle({ services, auth, body, params }) {
      requireAdmin(auth);
      const input = parseOrThrow(UpdateAccountRequest, await body());
      const current = await services.store.accounts.getAccount(params.id);
      if (!current) throw HttpError.of(ErrorCode.NOT_FOUND, 'No such account.');
      if (input.agency !== undefined) await requireAgency(services, input.agency);
      if (current.id === auth.account.id && (input.disabled || (input.role && input.role !== 'admin')))
        throw HttpError.of(ErrorCode.FORBIDDEN, 'You cannot disable or demote your own account.');
      const next = {
        ...current,
        displayName: input.displayName ?? current.displayName,
        role: input.role ?? current.role,
        agency: input.agency !== undefined ? input.agency : current.agency,
        disabled: input.disabled ?? current.disabled,
        updatedAt: Date.now(),
      };
      if ((next.role === 'liaison' || next.role === 'responder') && !next.agency)
        throw HttpError.of(ErrorCode.BAD_REQUEST, 'Liaisons and responders belong to an agency.');
      if (input.resetPassword) {
        next.passwordHash = await hashPassword(input.resetPassword);
        next.mustChangePassword = true;
      }
      await services.store.accounts.updateAccount(next);
      // A disabled account, a new password, role or agency: its sessions end now.
      if (input.disabled || input.resetPassword || input.role || input.agency !== undefined)
        await services.store.accounts.deleteSessionsOf(next.id);
      return { body: { account: toAccountView(next) } };
    },
  },
];
