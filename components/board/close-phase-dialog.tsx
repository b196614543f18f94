'use client';

import { useTranslations } from 'next-intl';
import { FormDialog } from '@/components/ui/form-dialog';
import { useBoard } from './board-context';
import { useCommandForm } from './use-command-form';

export function ClosePhaseDialog({ onClose }: { onClose: () => void }) {
  const t = useTranslations('board.closeDialog');
  const { state } = useBoard();
  const form = useCommandForm(state.version);
  const submit = async () => {
    if (await form.submit((expectedVersion) => ({ type: 'ChangePhase', expectedVersion, phase: 'closed' }))) onClose();
  };
  return (
    <FormDialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={t('title')}
      submitLabel={t('submit')}
      onSubmit={() => void submit()}
      busy={form.busy}
      error={form.error}
      tone="danger"
      size="sm"
    >
      <p className="text-sm">{t('body', { title: state.title })}</p>
    </FormDialog>
  );
}
