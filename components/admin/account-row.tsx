'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import type { AccountView } from '@/lib/protocol/http';
import { ApiError } from '@/lib/client/api/api-error';
import { useUpdateAccount } from '@/lib/client/api/update-account';
import { AgencyChip } from '@/components/incidents/agency-chip';
import { useAccount } from '@/components/shell/account-context';
import { Button } from '@/components/ui/button';
import { cx } from '@/components/ui/cx';
import { ErrorMessage } from '@/components/ui/error-message';
import { FormDialog } from '@/components/ui/form-dialog';

interface Props {
  account: AccountView;
  onEdit: () => void;
  onReset: () => void;
  onSessions: () => void;
}

export function AccountRow({ account, onEdit, onReset, onSessions }: Props) {
  const t = useTranslations();
  const me = useAccount();
  const update = useUpdateAccount();
  const self = me.id === account.id;
  const [confirming, setConfirming] = useState(false);
  return (
    <tr data-testid="account-row" data-account-id={account.id} data-username={account.username} className={cx('border-b border-slate-200 align-middle', account.disabled && 'text-slate-500')}>
      <td className="py-1.5 pr-3 font-medium">{account.displayName}</td>
      <td className="py-1.5 pr-3 font-mono text-xs">{account.username}</td>
      <td className="py-1.5 pr-3">{t(`roles.${account.role}`)}</td>
      <td className="py-1.5 pr-3">{account.agency ? <AgencyChip code={account.agency} /> : <span className="text-slate-500">{t('header.noAgency')}</span>}</td>
      <td className="py-1.5 pr-3 text-xs">
        {account.disabled ? (
          <span className="rounded bg-slate-200 px-1.5 py-px font-semibold text-slate-700">{t('admin.accounts.disabled')}</span>
        ) : (
          <span className="rounded bg-emerald-100 px-1.5 py-px font-semibold text-emerald-900">{t('admin.accounts.active')}</span>
        )}
        {account.mustChangePassword && <span className="ml-1 text-amber-800">{t('admin.accounts.mustChange')}</span>}
      </td>
      <td className="py-1.5 text-right whitespace-nowrap">
        <div className="inline-flex gap-1">
          <Button size="xs" data-testid="account-edit-button" onClick={onEdit}>{t('common.edit')}</Button>
          <Button size="xs" onClick={onReset}>{t('admin.accounts.resetPassword')}</Button>
          <Button size="xs" data-testid="account-sessions-button" onClick={onSessions}>{t('admin.accounts.sessions')}</Button>
          {!self && (
            <Button
              size="xs"
              variant="secondary"
              data-testid="account-toggle-disabled"
              disabled={update.isPending}
              // Disabling signs the person out everywhere at once (SPEC AUTH8): asked first. Enabling is not.
              onClick={() => (account.disabled ? update.mutate({ id: account.id, disabled: false }) : setConfirming(true))}
            >
              {account.disabled ? t('admin.accounts.enable') : t('admin.accounts.disable')}
            </Button>
          )}
        </div>
        {update.error instanceof ApiError && !confirming && <ErrorMessage error={update.error} className="mt-1 text-left" />}
        {confirming && (
          <FormDialog
            open
            onOpenChange={(o) => !o && setConfirming(false)}
            title={t('admin.accounts.disableTitle', { name: account.displayName })}
            submitLabel={t('admin.accounts.disable')}
            onSubmit={() => update.mutate({ id: account.id, disabled: true }, { onSuccess: () => setConfirming(false) })}
            busy={update.isPending}
            error={update.error instanceof ApiError ? update.error : null}
            tone="danger"
            size="sm"
          >
            <p className="text-left text-sm whitespace-normal">{t('admin.accounts.disableBody', { name: account.displayName })}</p>
          </FormDialog>
        )}
      </td>
    </tr>
  );
}
