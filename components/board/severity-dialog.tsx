'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { SEVERITIES, type Severity } from '@/lib/domain/incident/vocabulary';
import { LIMITS } from '@/lib/domain/limits';
import { Field, FieldSet } from '@/components/ui/field';
import { FormDialog } from '@/components/ui/form-dialog';
import { TextArea } from '@/components/ui/inputs';
import { RadioRow } from '@/components/ui/radio-row';
import { useBoard } from './board-context';
import { useIncidentPending } from './outbox-items';
import { useCommandForm } from './use-command-form';

export function SeverityDialog({ onClose }: { onClose: () => void }) {
  const t = useTranslations();
  const { state } = useBoard();
  // A severity change still in the outbox: the one it will have is not offered again.
  const pending = useIncidentPending().severity;
  const form = useCommandForm(state.version);
  const [picked, setSeverity] = useState<Severity | null>(null);
  const [reason, setReason] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const offered = SEVERITIES.filter((s) => s !== (pending ?? state.severity));
  // Someone else set the level picked meanwhile: it is no longer offered, and nothing is picked (the
  // description says the level now), rather than a choice sent unseen and refused.
  const severity = picked && offered.includes(picked) ? picked : null;
  const submit = async () => {
    setSubmitted(true);
    if (!severity) return;
    const ok = await form.submit((expectedVersion) => ({
      type: 'ChangeSeverity',
      expectedVersion,
      severity,
      ...(reason.trim() ? { reason: reason.trim() } : {}),
    }));
    if (ok) onClose();
  };
  return (
    <FormDialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={t('board.severityDialog.title')}
      description={
        pending
          ? t('board.severityDialog.currentPending', {
              level: t('severity.full', { level: state.severity, name: t(`severity.name.${state.severity}`) }),
              pending: t('severity.full', { level: pending, name: t(`severity.name.${pending}`) }),
            })
          : t('board.severityDialog.current', { level: t('severity.full', { level: state.severity, name: t(`severity.name.${state.severity}`) }) })
      }
      submitLabel={t('board.severityDialog.submit')}
      onSubmit={() => void submit()}
      busy={form.busy}
      error={form.error}
    >
      <FieldSet legend={t('board.severityDialog.new')} error={submitted && !severity ? t('board.severityDialog.pick') : null}>
        <RadioRow
          name="severity"
          value={severity}
          options={offered.map((s) => ({ value: s, label: t('severity.full', { level: s, name: t(`severity.name.${s}`) }) }))}
          onChange={setSeverity}
        />
      </FieldSet>
      <Field label={t('board.severityDialog.reason')} hint={t('common.optional')} length={{ value: reason, max: LIMITS.reason }}>
        <TextArea data-testid="severity-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
      </Field>
    </FormDialog>
  );
}
