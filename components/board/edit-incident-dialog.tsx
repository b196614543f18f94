'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { isActiveTask } from '@/lib/domain/incident/state';
import { LIMITS } from '@/lib/domain/limits';
import { AgencyCheckboxes } from '@/components/incidents/agency-checkboxes';
import { Field, FieldSet } from '@/components/ui/field';
import { FormDialog } from '@/components/ui/form-dialog';
import { TextArea, TextInput } from '@/components/ui/inputs';
import { useBoard } from './board-context';
import { useCommandForm } from './use-command-form';

/** Title, description, location and participating agencies; sends only what changed. */
export function EditIncidentDialog({ onClose }: { onClose: () => void }) {
  const t = useTranslations('board.editIncident');
  const { state } = useBoard();
  const form = useCommandForm(state.version);
  const [draft, setDraft] = useState({
    title: state.title,
    description: state.description,
    location: state.location,
    agencies: state.agencies,
  });
  const [submitted, setSubmitted] = useState(false);
  // An agency with active tasks cannot leave the incident (INC4).
  const busyAgencies = new Set(Object.values(state.tasks).filter(isActiveTask).map((task) => task.agency));
  const problems = {
    title: !draft.title.trim() ? t('titleRequired') : null,
    agencies: draft.agencies.length === 0 ? t('agenciesRequired') : null,
  };

  const submit = async () => {
    setSubmitted(true);
    if (problems.title || problems.agencies) return;
    const sameAgencies = [...draft.agencies].sort().join() === [...state.agencies].sort().join();
    const changes = {
      ...(draft.title.trim() !== state.title ? { title: draft.title.trim() } : {}),
      ...(draft.description !== state.description ? { description: draft.description } : {}),
      ...(draft.location.trim() !== state.location ? { location: draft.location.trim() } : {}),
      ...(!sameAgencies ? { agencies: draft.agencies } : {}),
    };
    if (Object.keys(changes).length === 0) return onClose();
    if (await form.submit((expectedVersion) => ({ type: 'UpdateIncident', expectedVersion, ...changes }))) onClose();
  };

  const set = <K extends keyof typeof draft>(key: K, value: (typeof draft)[K]) => setDraft((d) => ({ ...d, [key]: value }));
  return (
    <FormDialog open onOpenChange={(o) => !o && onClose()} title={t('title')} submitLabel={t('submit')} onSubmit={() => void submit()} busy={form.busy} error={form.error} size="lg">
      <Field label={t('fields.title')} error={submitted ? problems.title : null}>
        <TextInput value={draft.title} maxLength={LIMITS.title} onChange={(e) => set('title', e.target.value)} />
      </Field>
      <Field label={t('fields.location')}>
        <TextInput value={draft.location} maxLength={LIMITS.location} onChange={(e) => set('location', e.target.value)} />
      </Field>
      <Field label={t('fields.description')}>
        <TextArea value={draft.description} maxLength={LIMITS.details} onChange={(e) => set('description', e.target.value)} />
      </Field>
      <FieldSet legend={t('fields.agencies')} error={submitted ? problems.agencies : null}>
        <AgencyCheckboxes
          value={draft.agencies}
          onChange={(codes) => set('agencies', codes)}
          locked={new Set([...busyAgencies].filter((a) => draft.agencies.includes(a)))}
          lockedHint={t('lockedHint')}
        />
        <p className="mt-1 text-xs text-slate-600">{t('lockedHint')}</p>
      </FieldSet>
    </FormDialog>
  );
}
