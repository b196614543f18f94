'use client';

import { useTranslations } from 'next-intl';
import type { AccountView } from '@/lib/protocol/http';
import { ApiError } from '@/lib/client/api/api-error';
import { useAccountSessions } from '@/lib/client/api/account-sessions';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { ErrorMessage } from '@/components/ui/error-message';
import { Spinner } from '@/components/ui/spinner';
import { SessionRow } from './session-row';

/** One account's live sessions, each revocable (SPEC AUTH8). */
export function SessionsDialog({ account, onClose }: { account: AccountView; onClose: () => void }) {
  const t = useTranslations('admin.sessions');
  const tc = useTranslations('common');
  const sessions = useAccountSessions(account.id);
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title={t('title', { name: account.displayName })} description={t('description')} size="lg">
      <div className="flex min-h-0 flex-col" data-testid="sessions-dialog" data-account-id={account.id}>
        <div className="min-h-0 overflow-y-auto px-5 py-4">
          {sessions.isPending && <Spinner label={tc('loading')} />}
          {sessions.error instanceof ApiError && <ErrorMessage error={sessions.error} reading />}
          {sessions.data?.length === 0 && <p className="text-sm text-slate-600">{t('empty')}</p>}
          {sessions.data && sessions.data.length > 0 && (
            <table className="w-full text-left text-sm" data-testid="sessions-table">
              <thead className="border-b border-slate-300 text-xs text-slate-600">
                <tr>
                  <th className="py-1.5 pr-3 font-semibold">{t('columns.created')}</th>
                  <th className="py-1.5 pr-3 font-semibold">{t('columns.lastSeen')}</th>
                  <th className="py-1.5 pr-3 font-semibold">{t('columns.address')}</th>
                  <th className="py-1.5 pr-3 font-semibold">{t('columns.userAgent')}</th>
                  <th className="py-1.5 font-semibold"><span className="sr-only">{t('columns.actions')}</span></th>
                </tr>
              </thead>
              <tbody>
                {sessions.data.map((s) => (
                  <SessionRow key={s.id} session={s} account={account} />
                ))}
              </tbody>
            </table>
          )}
        </div>
        <div className="flex justify-end border-t border-slate-200 bg-slate-50 px-5 py-3">
          <Button data-testid="dialog-cancel" onClick={onClose}>{tc('close')}</Button>
        </div>
      </div>
    </Dialog>
  );
}
