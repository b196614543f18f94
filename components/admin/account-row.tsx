'use client';

import { useTranslations } from 'next-intl';
import type { AccountView } from '@/lib/protocol/http';
import { ApiError } from '@/lib/client/api/api-error';
import { useUpdateAccount } from '@/lib/client/api/update-account';
import { AgencyChip } from '@/components/incidents/agency-chip';
import { useAccount } from '@/components/shell/account-context';
import { Button } from '@/components/ui/button';
import { cx } from '@/components/ui/cx';
import { ErrorMessage } from '@/components/ui/error-message';

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
          <Button size="xs" onClick={onEdit}>{t('common.edit')}</Button>
          <Button size="xs" onClick={onReset}>{t('admin.accounts.resetPassword')}</Button>
          <Button size="xs" data-testid="account-sessions-button" onClick={onSessions}>{t('admin.accounts.sessions')}</Button>
          {!self && (
            <Button
              size="xs"
              variant="secondary"
              data-testid="account-toggle-disabled"
              disabled={update.isPending}
              onClick={() => update.mutate({ id: account.id, disabled: !account.disabled })}
            >
              {account.disabled ? t('admin.accounts.enable') : t('admin.accounts.disable')}
            </Button>
          )}
        </div>
        {update.error instanceof ApiError && <ErrorMessage error={update.error} className="mt-1 text-left" />}
      </td>
    </tr>
  );
}
