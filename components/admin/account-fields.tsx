'use client';

import { useTranslations } from 'next-intl';
import { needsAgency, ROLES, type Role } from '@/lib/domain/actor';
import { LIMITS } from '@/lib/domain/limits';
import { useAgencyDirectory } from '@/components/incidents/use-agency-directory';
import { Field } from '@/components/ui/field';
import { Select, TextInput } from '@/components/ui/inputs';
import type { AccountDraft, AccountField, AccountProblems } from './account-problems';

interface Props {
  draft: AccountDraft;
  onChange: (draft: AccountDraft) => void;
  /** The marked fields and what each says (account-problems.ts). */
  problems: AccountProblems;
  creating: boolean;
}

export function AccountFields({ draft, onChange, problems, creating }: Props) {
  const t = useTranslations();
  const agencies = useAgencyDirectory();
  const set = <K extends keyof AccountDraft>(key: K, value: AccountDraft[K]) => onChange({ ...draft, [key]: value });
  const err = (field: AccountField) => {
    const problem = problems[field];
    return problem ? t(`admin.accounts.invalid.${problem.key}`, problem.values) : null;
  };
  return (
    <>
      {creating && (
        <Field label={t('admin.accounts.fields.username')} hint={t('admin.accounts.usernameHint')} error={err('username')}>
          <TextInput data-testid="account-username-input" autoComplete="off" maxLength={LIMITS.username} value={draft.username} onChange={(e) => set('username', e.target.value)} />
        </Field>
      )}
      <Field label={t('admin.accounts.fields.displayName')} error={err('displayName')}>
        <TextInput data-testid="account-display-name-input" maxLength={LIMITS.name} value={draft.displayName} onChange={(e) => set('displayName', e.target.value)} />
      </Field>
      <div className="grid grid-cols-2 gap-4">
        <Field label={t('admin.accounts.fields.role')} error={err('role')}>
          <Select data-testid="account-role-input" value={draft.role} onChange={(e) => set('role', e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>{t(`roles.${r}`)}</option>
            ))}
          </Select>
        </Field>
        <Field label={t('admin.accounts.fields.agency')} error={err('agency')}>
          <Select data-testid="account-agency-input" value={draft.agency ?? ''} onChange={(e) => set('agency', e.target.value || null)}>
            <option value="">{t('header.noAgency')}</option>
            {agencies.list.map((a) => (
              <option key={a.code} value={a.code}>{agencies.name(a.code)}</option>
            ))}
          </Select>
        </Field>
      </div>
      {/* Said as the person chooses; once they press create or save, the agency field says it instead. */}
      {needsAgency(draft.role) && !draft.agency && !problems.agency && (
        <p className="text-xs font-medium text-amber-800">{t('admin.accounts.agencyNeeded')}</p>
      )}
      {creating && (
        <Field label={t('admin.accounts.fields.password')} hint={t('admin.accounts.passwordHint', { min: LIMITS.passwordMin })} error={err('password')}>
          <TextInput data-testid="account-password-input" type="password" autoComplete="new-password" maxLength={LIMITS.passwordMax} value={draft.password} onChange={(e) => set('password', e.target.value)} />
        </Field>
      )}
    </>
  );
}
