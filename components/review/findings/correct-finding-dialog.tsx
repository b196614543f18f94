'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { ApiError } from '@/lib/client/api/api-error';
import { newId } from '@/lib/client/new-id';
import { LIMITS } from '@/lib/domain/limits';
import type { Finding, FindingVerdict } from '@/lib/protocol/review';
import { Field } from '@/components/ui/field';
import { ErrorMessage } from '@/components/ui/error-message';
import { FormDialog } from '@/components/ui/form-dialog';
import { VerdictField } from './verdict-field';
import { TextArea } from '@/components/ui/inputs';
import { attemptIds } from './finding-helpers';
import { useCorrectFinding, type FindingCorrection } from '@/lib/client/api/review-write';
import { useClockFormat } from '@/lib/i18n/use-clock-format';

/**
 * Amend a finding (a new verdict or wording), withdraw it (with a reason) or reinstate a withdrawn
 * one (a reason optional): a new entry in the review log, made against the revision this person
 * saw (SPEC REV3). If someone corrected it first: CONFLICT, said in the page's own words, and the
 * list shows what it is now.
 */
export function CorrectFindingDialog(props: { incidentId: string; finding: Finding; kind: FindingCorrection['kind']; onClose: () => void }) {
  const { incidentId, finding: f, kind, onClose } = props;
  const t = useTranslations('findings');
  const tr = useTranslations('roles');
  const clock = useClockFormat();
  const correct = useCorrectFinding(incidentId);
  const [ids] = useState(() => attemptIds(newId));
  // The revision this person saw when opening: a correction made meanwhile is a CONFLICT, even
  // after the list behind has refreshed (they have not seen it yet).
  const [seen] = useState(f.revision);
  const [verdict, setVerdict] = useState<FindingVerdict>(f.verdict);
  const [text, setText] = useState(f.text);
  const [reason, setReason] = useState('');
  const [invalid, setInvalid] = useState<Set<string>>(new Set());

  const submit = () => {
    const bad = new Set<string>();
    if (kind === 'amend') {
      if (text.trim() === '' || text.length > LIMITS.findingText) bad.add('text');
      else if (f.revision === seen && verdict === f.verdict && text.trim() === f.text) bad.add('unchanged');
    } else if (kind === 'withdraw' && (reason.trim() === '' || reason.length > LIMITS.reason)) bad.add('reason');
    setInvalid(bad);
    if (bad.size > 0) return;
    const why = reason.trim();
    const content =
      kind === 'amend'
        ? { kind, findingId: f.id, expectedRevision: seen, verdict, text: text.trim() }
        : kind === 'withdraw'
          ? { kind, findingId: f.id, expectedRevision: seen, reason: why }
          : { kind, findingId: f.id, expectedRevision: seen, ...(why === '' ? {} : { reason: why }) };
    correct.mutate({ ...content, id: ids.idFor(content) }, { onSuccess: onClose });
  };

  const error = correct.error instanceof ApiError ? correct.error : null;
  return (
    <FormDialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={t(`correct.${kind}Title`)}
      description={t(`correct.${kind}Description`)}
      submitLabel={t(`correct.${kind}Submit`)}
      tone={kind === 'withdraw' ? 'danger' : 'primary'}
      onSubmit={submit}
      busy={correct.isPending}
      // A conflict is said below in the page's words; any other error by its code.
      error={error && error.code !== 'CONFLICT' ? error : null}
    >
      {kind === 'amend' ? (
        <>
          <VerdictField name="finding-amend-verdict" value={verdict} onChange={setVerdict} />
          <Field
            label={t('form.text')}
            hint={t('form.textHint', { max: LIMITS.findingText })}
            error={invalid.has('text') ? t('form.invalidText') : invalid.has('unchanged') ? t('correct.unchanged') : null}
            length={{ value: text, max: LIMITS.findingText }}
          >
            <TextArea data-testid="finding-amend-text" rows={4} value={text} onChange={(e) => setText(e.target.value)} />
          </Field>
        </>
      ) : (
        <>
          <blockquote className="whitespace-pre-wrap break-words border-l-4 border-slate-300 pl-3 text-sm text-slate-800">{f.text}</blockquote>
          {kind === 'withdraw' ? (
            <Field
              label={t('correct.reason')}
              hint={t('form.textHint', { max: LIMITS.reason })}
              error={invalid.has('reason') ? t('correct.invalidReason') : null}
              length={{ value: reason, max: LIMITS.reason }}
            >
              <TextArea data-testid="finding-withdraw-reason" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />
            </Field>
          ) : (
            <>
              {/* What is being undone: who withdrew it, when and why. */}
              {f.withdrawn && (
                <p className="text-sm text-slate-700">
                  {t('withdrawnBy', { name: f.withdrawn.by.name, role: tr(f.withdrawn.by.role), at: clock.stamp(f.withdrawn.at), reason: f.withdrawn.reason })}
                </p>
              )}
              <Field label={t('correct.reinstateReason')} hint={t('form.textHint', { max: LIMITS.reason })} length={{ value: reason, max: LIMITS.reason }}>
                <TextArea data-testid="finding-reinstate-reason" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />
              </Field>
            </>
          )}
        </>
      )}
      {error?.code === 'CONFLICT' && (
        <ErrorMessage error={{ code: 'CONFLICT', message: '' }} text={t(kind === 'reinstate' ? 'correct.reinstateConflict' : 'correct.conflict')} tone="warning" />
      )}
    </FormDialog>
  );
}
