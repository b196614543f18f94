'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import type { Task } from '@/lib/domain/incident/state';
import { LIMITS } from '@/lib/domain/limits';
import { Field } from '@/components/ui/field';
import { FormDialog } from '@/components/ui/form-dialog';
import { TextArea } from '@/components/ui/inputs';
import { useCommandForm } from './use-command-form';

interface Props {
  task: Task;
  to: 'blocked' | 'cancelled' | 'open' | 'done';
  onClose: () => void;
}

/**
 * Block, cancel or reopen: each needs a reason of 1–500 characters (TASK2). Or mark done with a
 * note (what was done, a photo or document reference: a hazard put right is closed so, scenario C);
 * the plain "Mark done" sends none.
 */
export function TaskReasonDialog({ task, to, onClose }: Props) {
  const t = useTranslations('taskActions.reasonDialog');
  const form = useCommandForm(task.version);
  const [reason, setReason] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const missing = reason.trim().length === 0;
  const submit = async () => {
    setSubmitted(true);
    if (missing) return;
    const ok = await form.submit((expectedVersion) => ({ type: 'ChangeTaskStatus', taskId: task.id, expectedVersion, to, reason: reason.trim() }));
    if (ok) onClose();
  };
  return (
    <FormDialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={t(`title.${to}`)}
      description={task.title}
      submitLabel={t(`submit.${to}`)}
      tone={to === 'open' || to === 'done' ? 'primary' : 'danger'}
      onSubmit={() => void submit()}
      busy={form.busy}
      error={form.error}
      size="sm"
    >
      {/* The hint stays, the length under it: it says what the field needs, not only how much. */}
      <Field
        label={to === 'done' ? t('note') : t('reason')}
        hint={to === 'done' ? t('noteHint', { max: LIMITS.reason }) : t('hint', { max: LIMITS.reason })}
        length={{ value: reason, max: LIMITS.reason, keepHint: true }}
        error={submitted && missing ? (to === 'done' ? t('noteRequired') : t('required')) : null}
      >
        <TextArea data-testid="reason-input" autoFocus required value={reason} onChange={(e) => setReason(e.target.value)} />
      </Field>
    </FormDialog>
  );
}
