'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import type { Role } from '@/lib/domain/actor';
import { CreateAccountRequest, UpdateAccountRequest, type AccountView } from '@/lib/protocol/http';
import { ApiError } from '@/lib/client/api/api-error';
import { useCreateAccount } from '@/lib/client/api/create-account';
import { useUpdateAccount } from '@/lib/client/api/update-account';
import { FormDialog } from '@/components/ui/form-dialog';
import { AccountFields, type AccountDraft } from './account-fields';
import { invalidFields } from './issue-paths';

/** Create an account (with a first password) or edit one's name, role and agency. */
export function AccountDialog({ account, onClose }: { account?: AccountView; onClose: () => void }) {
  const t = useTranslations('admin.accounts');
  const create = useCreateAccount();
  const update = useUpdateAccount();
  const [draft, setDraft] = useState<AccountDraft>({
    username: account?.username ?? '',
    displayName: account?.displayName ?? '',
    role: account?.role ?? ('responder' satisfies Role),
    agency: account?.agency ?? null,
    password: '',
  });
  const [invalid, setInvalid] = useState<Set<string>>(new Set());
  const mutation = account ? update : create;

  const submit = () => {
    if (account) {
      const body = { displayName: draft.displayName.trim(), role: draft.role, agency: draft.agency };
      const bad = invalidFields(UpdateAccountRequest, body);
      setInvalid(bad);
      if (bad.size === 0) update.mutate({ id: account.id, ...body }, { onSuccess: onClose });
      return;
    }
    const body = { ...draft, username: draft.username.trim(), displayName: draft.displayName.trim() };
    const bad = invalidFields(CreateAccountRequest, body);
    setInvalid(bad);
    if (bad.size === 0) create.mutate(body, { onSuccess: onClose });
  };

  return (
    <FormDialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={account ? t('editTitle', { name: account.displayName }) : t('createTitle')}
      submitLabel={account ? t('save') : t('create')}
      onSubmit={submit}
      busy={mutation.isPending}
      error={mutation.error instanceof ApiError ? mutation.error : null}
    >
      <AccountFields draft={draft} onChange={setDraft} invalid={invalid} creating={!account} />
      {account && (draft.role !== account.role || draft.agency !== account.agency) && (
        // SPEC AUTH8: a new role or agency ends the person's sessions at once.
        <p role="status" data-testid="account-signs-out-warning" className="rounded border border-amber-400 bg-amber-50 px-3 py-2 text-sm text-amber-950">
          {t('signsOutOnSave', { name: account.displayName })}
        </p>
      )}
    </FormDialog>
  );
}
