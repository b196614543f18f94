'use client';

import { useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import { Agency } from '@/lib/domain/agencies';
import { ErrorCode } from '@/lib/domain/errors';
import { LIMITS } from '@/lib/domain/limits';
import { useAgencies } from '@/lib/client/api/agencies';
import { ApiError, conflictRecord } from '@/lib/client/api/api-error';
import { AgencySchema } from '@/lib/client/api/schemas';
import { useCreateAgency } from '@/lib/client/api/create-agency';
import { useUpdateAgency } from '@/lib/client/api/update-agency';
import { useAgencyDirectory } from '@/components/incidents/use-agency-directory';
import { Field } from '@/components/ui/field';
import { FormDialog } from '@/components/ui/form-dialog';
import { TextInput } from '@/components/ui/inputs';
import { fieldPatch, startedFrom, takeInConflict, type Norm } from '@/lib/client/edit-fields';
import { useChangedMeanwhileText } from '@/components/ui/changed-meanwhile';
import { closeColourAgency } from './close-colour';
import { ColorInput } from './color-input';
import { invalidFields } from './issue-paths';

const EMPTY: Agency = { code: '', nameZh: '', nameEn: '', short: '', color: '#475569' };
/** What an edit may change (the code is the agency's permanent id); compared as sent (trimmed). */
const EDITED = ['nameZh', 'nameEn', 'short', 'color'] as const;
const norm: Norm<Agency> = (field, value) => (field === 'color' ? value : (value.trim() as typeof value));

/** Create an agency, or edit its names, short code and colour (the code is its permanent id). */
export function AgencyDialog({ agency, onClose }: { agency?: Agency; onClose: () => void }) {
  const t = useTranslations('admin.agencies');
  const create = useCreateAgency();
  const update = useUpdateAgency();
  const mutation = agency ? update : create;
  const changedText = useChangedMeanwhileText();
  // Where the dialog started: an edit sends only what the admin changed from it, so another
  // admin's change meanwhile (a new colour) is not written back, and with it the values it started
  // from, so one of the same field is refused, not overwritten (SPEC AUTH8). After such a refusal,
  // the agency as it is now.
  const [start, setStart] = useState<Agency>(() => agency ?? EMPTY);
  const [draft, setDraft] = useState<Agency>(start);
  const [invalid, setInvalid] = useState<Set<string>>(new Set());
  const [changedMeanwhile, setChangedMeanwhile] = useState<Array<(typeof EDITED)[number]>>([]);
  // A conflict taken in (the fields changed meanwhile, set only then and cleared at each submit)
  // says what changed, in the refusal's place.
  const conflictSaid = changedMeanwhile.length > 0;
  const set = (key: keyof Agency) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [key]: e.target.value }));
  // A code another agency has (ALREADY_EXISTS, `details.issues` naming `code`) is said at the code, not as a server's sentence under the form.
  const taken = mutation.error instanceof ApiError && mutation.error.code === ErrorCode.ALREADY_EXISTS && mutation.variables?.code === draft.code.trim() ? mutation.variables.code : null;
  const err = (key: keyof Agency) => (key === 'code' && taken ? t('invalid.codeTaken', { code: taken }) : invalid.has(key) ? t(`invalid.${key}`) : null);
  // A colour another agency's lanes, ticks and bars already wear: said, not refused (the admin may
  // mean it, and the name is always shown too).
  const directory = useAgencies().data;
  const agencies = useAgencyDirectory();
  const close = useMemo(() => closeColourAgency(draft.color, directory ?? [], agency?.code), [draft.color, directory, agency?.code]);

  const submit = () => {
    const body = { ...draft, code: draft.code.trim(), nameZh: draft.nameZh.trim(), nameEn: draft.nameEn.trim(), short: draft.short.trim() };
    const bad = invalidFields(Agency, body);
    setInvalid(bad);
    if (bad.size > 0) return;
    if (agency) {
      const changes = fieldPatch(EDITED, start, draft, start, norm);
      if (Object.keys(changes).length === 0) return onClose();
      setChangedMeanwhile([]);
      const base = start;
      update.mutate(
        { code: agency.code, ...changes, expected: startedFrom(changes, base) },
        {
          onSuccess: onClose,
          // Changed by another admin meanwhile: the form starts again from the agency as it is now,
          // the admin's own edits kept, and says which fields changed.
          onError: (error) => {
            const now = conflictRecord(error, 'agency', AgencySchema);
            if (now) takeInConflict(EDITED, base, now, norm, { base: setStart, draft: setDraft, changed: setChangedMeanwhile });
          },
        },
      );
    } else create.mutate(body, { onSuccess: onClose });
  };

  return (
    <FormDialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={agency ? t('editTitle', { name: agencies.name(agency.code) }) : t('createTitle')}
      submitLabel={agency ? t('save') : t('create')}
      onSubmit={submit}
      busy={mutation.isPending}
      error={
        conflictSaid
          ? { code: ErrorCode.CONFLICT, message: '' }
          : mutation.error instanceof ApiError && !(mutation.error.code === ErrorCode.ALREADY_EXISTS && !agency)
            ? mutation.error
            : null
      }
      errorText={conflictSaid ? changedText(changedMeanwhile.map((f) => t(`columns.${f}`))) : undefined}
      errorTone={conflictSaid ? 'warning' : undefined}
    >
      {!agency && (
        <Field label={t('columns.code')} hint={t('codeHint')} error={err('code')}>
          <TextInput data-testid="agency-code-input" maxLength={LIMITS.agencyCode} value={draft.code} onChange={set('code')} />
        </Field>
      )}
      <div className="grid grid-cols-2 gap-4">
        <Field label={t('columns.nameZh')} error={err('nameZh')}>
          <TextInput data-testid="agency-name-zh-input" lang="zh-CN" maxLength={LIMITS.name} value={draft.nameZh} onChange={set('nameZh')} />
        </Field>
        <Field label={t('columns.nameEn')} error={err('nameEn')}>
          <TextInput data-testid="agency-name-en-input" lang="en" maxLength={LIMITS.name} value={draft.nameEn} onChange={set('nameEn')} />
        </Field>
        <Field label={t('columns.short')} hint={t('shortHint')} error={err('short')}>
          <TextInput data-testid="agency-short-input" maxLength={LIMITS.agencyShort} value={draft.short} onChange={set('short')} />
        </Field>
        <Field
          label={t('columns.color')}
          error={err('color')}
          hint={
            close ? (
              <span data-testid="agency-color-close" data-agency={close.agency.code} className="flex items-start gap-1.5 font-medium text-amber-900">
                <span aria-hidden className="mt-px size-3.5 shrink-0 rounded-sm border border-slate-500" style={{ backgroundColor: close.agency.color }} />
                <span>{t('colorClose', { name: agencies.name(close.agency.code), color: close.agency.color })}</span>
              </span>
            ) : undefined
          }
        >
          <ColorInput value={draft.color} onChange={(color) => setDraft((d) => ({ ...d, color }))} />
        </Field>
      </div>
    </FormDialog>
  );
}
