'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { LIMITS } from '@/lib/domain/limits';
import type { AccountView } from '@/lib/protocol/http';
import { ApiError } from '@/lib/client/api/api-error';
import { useUpdateAccount } from '@/lib/client/api/update-account';
import { Field } from '@/components/ui/field';
import { FormDialog } from '@/components/ui/form-dialog';
import { TextInput } from '@/components/ui/inputs';
import { useNotify } from '@/components/ui/notices';

/** Sets a temporary password; the person must change it at next sign-in. */
export function ResetPasswordDialog({ account, onClose }: { account: AccountView; onClose: () => void }) {
  const t = useTranslations('admin.accounts.reset');
  const update = useUpdateAccount();
  const notify = useNotify();
  const [password, setPassword] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const bad = password.length < LIMITS.passwordMin || password.length > LIMITS.passwordMax;
  const submit = () => {
    setSubmitted(true);
    if (bad) return;
    update.mutate(
      { id: account.id, resetPassword: password },
      {
        onSuccess: () => {
          notify({ tone: 'success', title: t('done', { name: account.displayName }) });
          onClose();
        },
      },
    );
  };
  return (
    <FormDialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={t('title', { name: account.displayName })}
      description={t('description')}
      submitLabel={t('submit')}
      onSubmit={submit}
      busy={update.isPending}
      error={update.error instanceof ApiError ? update.error : null}
      size="sm"
    >
      <Field label={t('password')} hint={t('hint', { min: LIMITS.passwordMin })} error={submitted && bad ? t('tooShort', { min: LIMITS.passwordMin }) : null}>
        <TextInput data-testid="reset-password-input" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
      </Field>
    </FormDialog>
  );
}
