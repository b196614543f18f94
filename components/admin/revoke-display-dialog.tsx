'use client';

import { useTranslations } from 'next-intl';
import type { DisplayView } from '@/lib/protocol/http';
import { useRevokeDisplay } from '@/lib/client/api/revoke-display';
import { ConfirmRevokeDialog } from './confirm-revoke-dialog';

/** Asks before revoking a display token: its screens go dark at once, for good. */
export function RevokeDisplayDialog({ display, onClose }: { display: DisplayView; onClose: () => void }) {
  const t = useTranslations('admin.displays');
  return (
    <ConfirmRevokeDialog
      revoke={useRevokeDisplay()}
      id={display.id}
      title={t('revokeTitle', { name: display.name })}
      submitLabel={t('revokeSubmit')}
      done={t('revoked', { name: display.name })}
      onClose={onClose}
    >
      {t('revokeBody')}
    </ConfirmRevokeDialog>
  );
}
