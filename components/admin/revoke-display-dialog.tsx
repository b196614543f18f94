'use client';

import { useTranslations } from 'next-intl';
import type { DisplayView } from '@/lib/protocol/http';
import { ApiError } from '@/lib/client/api/api-error';
import { useRevokeDisplay } from '@/lib/client/api/revoke-display';
import { FormDialog } from '@/components/ui/form-dialog';
import { useNotify } from '@/components/ui/notices';

/** Asks before revoking a display token: its screens go dark at once, for good. */
export function RevokeDisplayDialog({ display, onClose }: { display: DisplayView; onClose: () => void }) {
  const t = useTranslations('admin.displays');
  const revoke = useRevokeDisplay();
  const notify = useNotify();
  const submit = () =>
    revoke.mutate(display.id, {
      onSuccess: () => {
        notify({ tone: 'success', title: t('revoked', { name: display.name }) });
        onClose();
      },
    });
  return (
    <FormDialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={t('revokeTitle', { name: display.name })}
      submitLabel={t('revokeSubmit')}
      onSubmit={submit}
      busy={revoke.isPending}
      error={revoke.error instanceof ApiError ? revoke.error : null}
      tone="danger"
      size="sm"
    >
      <p className="text-sm">{t('revokeBody')}</p>
    </FormDialog>
  );
}
