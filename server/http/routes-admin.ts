import { needsAgency, type Principal, type Role } from '../../lib/domain/actor';
import { ErrorCode } from '../../lib/domain/errors';
import { authorizeAdmin, type AdminAction } from '../../lib/domain/permissions';
import {
  CreateAccountRequest,
  CreateAgencyRequest,
  UpdateAccountRequest,
  UpdateAgencyRequest,
} from '../../lib/protocol/http';
import type { SessionEndReason } from '../../lib/protocol/socket';
import { changeAccount, newAccount, sessionsEndAt } from '../auth/accounts';
import { hashPassword } from '../auth/password';
import { toAccountView } from '../auth/sessions';
import type { Services } from '../services';
import type { StoredAccount } from '../store/types';
import { parseOrThrow } from './parse';
import { HttpError } from './respond';
import type { Route } from './router';

/** The admin check of every admin route: lib/domain/permissions.ts decides (SPEC AUTH2). */
export function requireAdmin(principal: Principal, action: AdminAction): void {
  const denied = authorizeAdmin(principal, action);
  if (denied) throw new HttpError(denied);
}

/**
 * An admin dialog's refusals (an account's, an agency's code) name the field they are about in `details.issues` (`[{ path, message }]`,
 * as a schema failure does), so the admin's dialog marks that field (docs/protocol.md).
 */
const fieldIssue = (path: 'username' | 'agency' | 'code', message: string) => ({ issues: [{ path, message }] });

async function requireAgency(services: Services, code: string | null): Promise<void> {
  if (code !== null && (await services.agencies.unknown([code])).size > 0)
    throw HttpError.of(ErrorCode.BAD_REQUEST, `Unknown agency: ${code}.`, fieldIssue('agency', 'unknown agency'));
}

/** Liaisons and responders belong to an agency (the account dialog checks it before sending too). */
function requireAgencyForRole(role: Role, agency: string | null): void {
  if (needsAgency(role) && !agency)
    throw HttpError.of(ErrorCode.BAD_REQUEST, 'Liaisons and responders belong to an agency.', fieldIssue('agency', 'required for liaisons and responders'));
}

/** Why an account's sessions end after an admin's change, or null when they stay (SPEC AUTH8). */
function endReason(before: StoredAccount, after: StoredAccount, passwordReset: boolean): SessionEndReason | null {
  if (after.disabled && !before.disabled) return 'account-disabled';
  if (passwordReset) return 'password-reset';
  if (after.role !== before.role || after.agency !== before.agency) return 'account-changed';
  return null;
}

/**
 * An update that names no field is refused, as a command that changes nothing is (SPEC AUTH12,
 * TASK4); one whose values are all the current ones is answered with the record as it is, and
 * nothing is written, audited or pushed.
 */
const NOTHING_TO_CHANGE = 'Nothing to change.';

/**
 * SPEC AUTH8: the fields an admin sends (of an account or an agency) with the values their dialog
 * started from, each still that value (or already what they ask): else another admin changed it
 * meanwhile, and it is refused CONFLICT with the record as it is now under `key` (the dialog starts
 * again from it), nothing written.
 */
function requireExpected<R, K extends keyof R & string>(
  what: { key: 'account' | 'agency'; view: unknown },
  now: R,
  input: Partial<Record<K, unknown>>,
  expected: Partial<Record<K, unknown>> | undefined,
): void {
  if (!expected) return;
  const fields = (Object.keys(expected) as K[]).filter((f) => expected[f] !== undefined && input[f] !== undefined && now[f] !== expected[f] && now[f] !== input[f]);
  if (fields.length > 0)
    throw HttpError.of(ErrorCode.CONFLICT, `Another admin changed this ${what.key} meanwhile (${fields.join(', ')}); nothing was written.`, {
      fields,
      [what.key]: what.view,
    });
}

/** Whether an account update changes a field (a password reset always does: checked apart). */
function changesAccount(current: StoredAccount, input: UpdateAccountRequest): boolean {
  return (
    (input.displayName !== undefined && input.displayName !== current.displayName) ||
    (input.role !== undefined && input.role !== current.role) ||
    (input.agency !== undefined && input.agency !== current.agency) ||
    (input.disabled !== undefined && input.disabled !== current.disabled)
  );
}

export async function agenciesChanged(services: Services): Promise<void> {
  services.agencies.invalidate();
  // Other processes drop their cached list too (they would within 5 s anyway).
  await services.store.control.publish({ type: 'agencies-changed' }).catch(() => undefined);
}

export const adminRoutes: Route[] = [
  {
    method: 'GET',
    path: '/api/agencies',
    // Wall screens show agency names and colours too; the password change page names the account's agency.
    access: 'reader',
    beforePasswordChange: true,
    async handle({ services }) {
      return { body: { agencies: await services.store.accounts.listAgencies() } };
    },
  },
  {
    method: 'POST',
    path: '/api/agencies',
    async handle({ req, services, auth, principal, body }) {
      requireAdmin(principal, 'ManageAgencies');
      const agency = parseOrThrow(CreateAgencyRequest, await body());
      if (!(await services.store.accounts.createAgency(agency)))
        throw HttpError.of(ErrorCode.ALREADY_EXISTS, `Agency ${agency.code} already exists.`, fieldIssue('code', 'taken'));
      await agenciesChanged(services);
      await services.audit.record({ action: 'agency.created', actor: auth.account, req, target: { kind: 'agency', id: agency.code, label: agency.nameEn }, details: { ...agency } });
      return { status: 201, body: { agency } };
    },
  },
  {
    method: 'PATCH',
    path: '/api/agencies/:code',
    async handle({ req, services, auth, principal, body, params }) {
      requireAdmin(principal, 'ManageAgencies');
      const { expected, ...patch } = parseOrThrow(UpdateAgencyRequest, await body());
      if (!Object.values(patch).some((v) => v !== undefined)) throw HttpError.of(ErrorCode.BAD_REQUEST, NOTHING_TO_CHANGE);
      const current = (await services.store.accounts.listAgencies()).find((a) => a.code === params.code);
      if (!current) throw HttpError.of(ErrorCode.NOT_FOUND, 'No such agency.');
      requireExpected({ key: 'agency', view: current }, current, patch, expected);
      const changed = Object.fromEntries(Object.entries(patch).filter(([k, v]) => v !== undefined && v !== current[k as keyof typeof current]));
      // Saved unchanged (the dialog sends every field): nothing written, audited or pushed.
      if (Object.keys(changed).length === 0) return { body: { agency: current } };
      const agency = { ...current, ...changed };
      await services.store.accounts.updateAgency(agency);
      await agenciesChanged(services);
      await services.audit.record({ action: 'agency.updated', actor: auth.account, req, target: { kind: 'agency', id: agency.code, label: agency.nameEn }, details: changed });
      return { body: { agency } };
    },
  },
  {
    method: 'GET',
    path: '/api/accounts',
    async handle({ services, principal }) {
      requireAdmin(principal, 'ManageAccounts');
      const accounts = await services.store.accounts.listAccounts();
      return { body: { accounts: accounts.map(toAccountView) } };
    },
  },
  {
    method: 'POST',
    path: '/api/accounts',
    async handle({ req, services, auth, principal, body }) {
      requireAdmin(principal, 'ManageAccounts');
      const input = parseOrThrow(CreateAccountRequest, await body());
      await requireAgency(services, input.agency);
      requireAgencyForRole(input.role, input.agency);
      const account = await newAccount({ ...input, mustChangePassword: true });
      if (!(await services.store.accounts.createAccount(account)))
        throw HttpError.of(ErrorCode.ALREADY_EXISTS, `The username ${account.username} is taken.`, {
          ...fieldIssue('username', 'taken'),
          username: account.username,
        });
      await services.audit.record({
        action: 'account.created',
        actor: auth.account,
        req,
        target: { kind: 'account', id: account.id, label: account.username },
        details: { role: account.role, agency: account.agency, displayName: account.displayName },
      });
      return { status: 201, body: { account: toAccountView(account) } };
    },
  },
  {
    method: 'PATCH',
    path: '/api/accounts/:id',
    async handle({ req, services, auth, principal, body, params }) {
      requireAdmin(principal, 'ManageAccounts');
      const { expected, ...input } = parseOrThrow(UpdateAccountRequest, await body());
      if (!Object.values(input).some((v) => v !== undefined)) throw HttpError.of(ErrorCode.BAD_REQUEST, NOTHING_TO_CHANGE);
      const current = await services.store.accounts.getAccount(params.id);
      if (!current) throw HttpError.of(ErrorCode.NOT_FOUND, 'No such account.');
      requireExpected({ key: 'account', view: toAccountView(current) }, current, input, expected);
      if (input.agency !== undefined) await requireAgency(services, input.agency);
      if (current.id === auth.account.id && (input.disabled || (input.role && input.role !== 'admin')))
        throw HttpError.of(ErrorCode.FORBIDDEN, 'You cannot disable or demote your own account.');
      // Saved unchanged (the dialog sends every field): nothing written, audited, or ended.
      if (!input.resetPassword && !changesAccount(current, input)) return { body: { account: toAccountView(current) } };
      const passwordHash = input.resetPassword ? await hashPassword(input.resetPassword) : null;
      // Made on the account as it is in the store when written (SPEC AUTH8): a change written
      // meanwhile (the person's own password change during the hash above) is not undone.
      const written = await changeAccount(
        services.store,
        current.id,
        (now) => {
          requireExpected({ key: 'account', view: toAccountView(now) }, now, input, expected);
          const next = {
            ...now,
            displayName: input.displayName ?? now.displayName,
            role: input.role ?? now.role,
            agency: input.agency !== undefined ? input.agency : now.agency,
            disabled: input.disabled ?? now.disabled,
            updatedAt: Date.now(),
            ...(passwordHash ? { passwordHash, mustChangePassword: true } : {}),
          };
          requireAgencyForRole(next.role, next.agency);
          // A disabled account, a new password, role or agency: its sessions and sockets end now (SPEC
          // AUTH8), and, in the same write as the change, every session made before it is no longer valid.
          if (!endReason(now, next, passwordHash !== null)) return next;
          const at = sessionsEndAt(now);
          return { ...next, updatedAt: at, sessionsFrom: at };
        },
        current,
      );
      if (!written) throw HttpError.of(ErrorCode.NOT_FOUND, 'No such account.');
      const next = written.after;
      const reason = endReason(written.before, next, passwordHash !== null);
      // Recorded even if ending the sessions fails (the store away a moment: `sessionsEndFailed`): the
      // change is written, and those sessions are no longer valid whatever becomes of the ending
      // (SPEC AUTH8, AUTH12).
      let ended = 0;
      let failed: unknown = null;
      if (reason) ended = await services.sessions.endAll(next.id, reason).catch((err: unknown) => ((failed = err), 0));
      const { resetPassword, ...changed } = input;
      await services.audit.record({
        action: 'account.updated',
        actor: auth.account,
        req,
        target: { kind: 'account', id: next.id, label: next.username },
        details: { ...changed, ...(resetPassword ? { passwordReset: true } : {}), ...(reason ? { ...(failed ? { sessionsEndFailed: true } : { sessionsEnded: ended }), reason } : {}) },
      });
      if (failed) throw failed;
      return { body: { account: toAccountView(next) } };
    },
  },
];
