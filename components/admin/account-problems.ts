import type { z } from 'zod';
import { needsAgency, type Role } from '@/lib/domain/actor';
import { ErrorCode } from '@/lib/domain/errors';
import { LIMITS } from '@/lib/domain/limits';
import { ApiError } from '@/lib/client/api/api-error';
import { invalidFields } from './issue-paths';

export interface AccountDraft {
  username: string;
  displayName: string;
  role: Role;
  agency: string | null;
  password: string;
}

export type AccountField = keyof AccountDraft;

const FIELDS: readonly AccountField[] = ['username', 'displayName', 'role', 'agency', 'password'];

/** The fields the dialog shows: all when creating; name, role and agency when editing. */
export function shownFields(creating: boolean): readonly AccountField[] {
  return creating ? FIELDS : ['displayName', 'role', 'agency'];
}

/** What a marked field says: a key under `admin.accounts.invalid` and its values. */
export interface FieldProblem {
  key: AccountField | 'agencyRequired' | 'usernameTaken';
  values?: Record<string, string | number>;
}

export type AccountProblems = Partial<Record<AccountField, FieldProblem>>;

/** The account a request was for, as far as the words for a field need it. */
type Sent = { role?: Role; agency?: string | null };

function say(field: AccountField, sent: Sent): FieldProblem {
  if (field === 'agency' && sent.role && needsAgency(sent.role) && !sent.agency) return { key: 'agencyRequired' };
  if (field === 'password') return { key: 'password', values: { min: LIMITS.passwordMin } };
  return { key: field };
}

/**
 * The shown fields a request body would be refused for, checked before it is sent: those the
 * request's schema refuses, and the agency of a liaison or responder without one.
 */
export function draftProblems<T, B extends Sent>(schema: z.ZodType<T>, body: B, creating: boolean): AccountProblems {
  const bad = invalidFields(schema, body);
  if (body.role && needsAgency(body.role) && !body.agency) bad.add('agency');
  const shown = shownFields(creating);
  return Object.fromEntries(shown.filter((f) => bad.has(f)).map((f) => [f, say(f, body)]));
}

/**
 * The shown fields a server refusal names (`details.issues` paths, docs/protocol.md), in the
 * dialog's words for the request that was sent: a taken username (ALREADY_EXISTS) is named as the
 * server stored it (`details.username`). Empty for any other error: that one is shown as it is.
 */
export function refusedProblems(error: unknown, sent: (Sent & { username?: string }) | undefined, creating: boolean): AccountProblems {
  if (!(error instanceof ApiError) || !Array.isArray(error.details.issues)) return {};
  const shown = shownFields(creating);
  const problems: AccountProblems = {};
  for (const issue of error.details.issues as unknown[]) {
    const path = issue && typeof issue === 'object' && 'path' in issue ? issue.path : undefined;
    const field = shown.find((f) => typeof path === 'string' && path.split('.')[0] === f);
    if (!field || problems[field]) continue;
    if (error.code === ErrorCode.ALREADY_EXISTS && field === 'username') {
      const username = typeof error.details.username === 'string' ? error.details.username : (sent?.username ?? '').trim();
      problems.username = { key: 'usernameTaken', values: { username } };
    } else problems[field] = say(field, sent ?? {});
  }
  return problems;
}
