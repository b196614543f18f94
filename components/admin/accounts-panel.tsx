'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import type { AccountView } from '@/lib/protocol/http';
import { ApiError } from '@/lib/client/api/api-error';
import { useAccounts } from '@/lib/client/api/accounts';
import { Button } from '@/components/ui/button';
import { ErrorMessage } from '@/components/ui/error-message';
import { Spinner } from '@/components/ui/spinner';
import { AccountDialog } from './account-dialog';
import { AccountRow } from './account-row';
import { ResetPasswordDialog } from './reset-password-dialog';
import { SessionsDialog } from './sessions-dialog';

type Dialog =
  | { kind: 'create' }
  | { kind: 'edit' | 'reset' | 'sessions'; account: AccountView }
  | null;

export function AccountsPanel() {
  const t = useTranslations('admin.accounts');
  const tc = useTranslations('common');
  const accounts = useAccounts();
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => setDialog(null);
  return (
    <div>
      <div className="mb-3 flex items-center">
        <h2 className="text-base font-semibold">{t('title')}</h2>
        <Button variant="primary" size="sm" className="ml-auto" data-testid="create-account-button" onClick={() => setDialog({ kind: 'create' })}>
          {t('create')}
        </Button>
      </div>
      {accounts.isPending && <Spinner label={tc('loading')} />}
      {accounts.error instanceof ApiError && <ErrorMessage error={accounts.error} reading />}
      {accounts.data && (
        <table className="w-full text-left text-sm" data-testid="accounts-table">
          <thead className="border-b border-slate-300 text-xs text-slate-600">
            <tr>
              <th className="py-1.5 pr-3 font-semibold">{t('columns.name')}</th>
              <th className="py-1.5 pr-3 font-semibold">{t('columns.username')}</th>
              <th className="py-1.5 pr-3 font-semibold">{t('columns.role')}</th>
              <th className="py-1.5 pr-3 font-semibold">{t('columns.agency')}</th>
              <th className="py-1.5 pr-3 font-semibold">{t('columns.state')}</th>
              <th className="py-1.5 font-semibold"><span className="sr-only">{t('columns.actions')}</span></th>
            </tr>
          </thead>
          <tbody>
            {accounts.data.map((account) => (
              <AccountRow
                key={account.id}
                account={account}
                onEdit={() => setDialog({ kind: 'edit', account })}
                onReset={() => setDialog({ kind: 'reset', account })}
                onSessions={() => setDialog({ kind: 'sessions', account })}
              />
            ))}
          </tbody>
        </table>
      )}
      {dialog?.kind === 'create' && <AccountDialog onClose={close} />}
      {dialog?.kind === 'edit' && <AccountDialog account={dialog.account} onClose={close} />}
      {dialog?.kind === 'reset' && <ResetPasswordDialog account={dialog.account} onClose={close} />}
      {dialog?.kind === 'sessions' && <SessionsDialog account={dialog.account} onClose={close} />}
    </div>
  );
}
