'use client';

import { useTranslations } from 'next-intl';
import type { AccountView, SessionView } from '@/lib/protocol/http';
import { ApiError } from '@/lib/client/api/api-error';
import { useRevokeSession } from '@/lib/client/api/revoke-session';
import { FormDialog } from '@/components/ui/form-dialog';
import { useNotify } from '@/components/ui/notices';

/** Asks before ending a session: that window is signed out at once. */
export function RevokeSessionDialog({ session, account, onClose }: { session: SessionView; account: AccountView; onClose: () => void }) {
  const t = useTranslations('admin.sessions');
  const revoke = useRevokeSession();
  const notify = useNotify();
  const submit = () =>
    revoke.mutate(session.id, {
      onSuccess: () => {
        notify({ tone: 'success', title: t('revoked', { name: account.displayName }) });
        onClose();
      },
    });
  return (
    <FormDialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={t('revokeTitle')}
      submitLabel={t('revokeSubmit')}
      onSubmit={submit}
      busy={revoke.isPending}
      error={revoke.error instanceof ApiError ? revoke.error : null}
      tone="danger"
      size="sm"
    >
      <p className="text-sm">{t('revokeBody', { name: account.displayName, address: session.address ?? t('unknown') })}</p>
    </FormDialog>
  );
}
