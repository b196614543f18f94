'use client';

import { useTranslations } from 'next-intl';
import type { AccountView, SessionView } from '@/lib/protocol/http';
import { useRevokeSession } from '@/lib/client/api/revoke-session';
import { ConfirmRevokeDialog } from './confirm-revoke-dialog';

/** Asks before ending a session: that window is signed out at once. */
export function RevokeSessionDialog({ session, account, onClose }: { session: SessionView; account: AccountView; onClose: () => void }) {
  const t = useTranslations('admin.sessions');
  return (
    <ConfirmRevokeDialog
      revoke={useRevokeSession()}
      id={session.id}
      title={t('revokeTitle')}
      submitLabel={t('revokeSubmit')}
      done={t('revoked', { name: account.displayName })}
      onClose={onClose}
    >
      {t('revokeBody', { name: account.displayName, address: session.address ?? t('unknown') })}
    </ConfirmRevokeDialog>
  );
}
