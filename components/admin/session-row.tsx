'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import type { AccountView, SessionView } from '@/lib/protocol/http';
import { useClockFormat } from '@/lib/i18n/use-clock-format';
import { Button } from '@/components/ui/button';
import { RevokeSessionDialog } from './revoke-session-dialog';

/** A session: when and where it signed in, when it was last used; Revoke (not for the admin's own). */
export function SessionRow({ session, account }: { session: SessionView; account: AccountView }) {
  const t = useTranslations('admin.sessions');
  const clock = useClockFormat();
  const [confirming, setConfirming] = useState(false);
  return (
    <tr data-testid="session-row" data-session-id={session.id} data-current={session.current || undefined} className="border-b border-slate-200 align-top">
      <td className="py-1.5 pr-3 whitespace-nowrap tabular-nums">{clock.stamp(session.createdAt)}</td>
      <td className="py-1.5 pr-3 whitespace-nowrap tabular-nums">{clock.stamp(session.lastSeenAt)}</td>
      <td className="py-1.5 pr-3 font-mono text-xs">{session.address ?? t('unknown')}</td>
      <td className="max-w-72 py-1.5 pr-3 text-xs break-words text-slate-700">{session.userAgent ?? t('unknown')}</td>
      <td className="py-1.5 text-right whitespace-nowrap">
        {session.current ? (
          <span data-testid="session-current" className="rounded bg-blue-100 px-1.5 py-px text-xs font-semibold text-blue-900">{t('current')}</span>
        ) : (
          <Button size="xs" variant="danger" data-testid="session-revoke" onClick={() => setConfirming(true)}>{t('revoke')}</Button>
        )}
        {confirming && <RevokeSessionDialog session={session} account={account} onClose={() => setConfirming(false)} />}
      </td>
    </tr>
  );
}
