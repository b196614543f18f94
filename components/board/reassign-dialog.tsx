'use client';

import { useTranslations } from 'next-intl';
import { useChangedMeanwhileText } from '@/components/ui/changed-meanwhile';
import { useState } from 'react';
import type { Task } from '@/lib/domain/incident/state';
import { LIMITS } from '@/lib/domain/limits';
import { useAgencyDirectory } from '@/components/incidents/use-agency-directory';
import { Field } from '@/components/ui/field';
import { FormDialog } from '@/components/ui/form-dialog';
import { Select, TextInput } from '@/components/ui/inputs';
import { useBoard } from './board-context';
import { probe } from './probes';
import { fieldPatch, type Norm } from '@/lib/client/edit-fields';
import { useCommandForm, useEditDraft } from './use-command-form';

interface Holder {
  agency: string;
  assignee: string;
}
const HOLDER_FIELDS = ['agency', 'assignee'] as const;
const holderOf = (task: Task): Holder => ({ agency: task.agency, assignee: task.assignee ?? '' });
/** As sent: the assignee trimmed (empty: unassigned). */
const norm: Norm<Holder> = (field, value) => (field === 'assignee' ? (value.trim() as typeof value) : value);

/**
 * Another assignee, or (for commanders) another participating agency (TASK3). What the person
 * changed is measured from where the dialog started, so a reassignment someone else made meanwhile
 * is not undone by the field the person left alone (SPEC CONC1): after a CONFLICT, the fields not
 * touched show the task as it is now, and the dialog names what changed.
 */
export function ReassignDialog({ task, onClose }: { task: Task; onClose: () => void }) {
  const t = useTranslations('taskActions.reassignDialog');
  const changedText = useChangedMeanwhileText();
  const { state, can } = useBoard();
  const agencies = useAgencyDirectory();
  const form = useCommandForm(task.version);
  const { base, draft, setDraft, catchingUp, changedMeanwhile } = useEditDraft({
    error: form.error,
    version: task.version,
    fields: HOLDER_FIELDS,
    start: () => holderOf(task),
    live: holderOf(task),
    norm,
  });
  const [unchanged, setUnchanged] = useState(false);
  const choices = state.agencies.filter((a) => can(probe.reassignTask(task, a)));
  const conflictSaid = changedMeanwhile.length > 0;

  const submit = async () => {
    if (catchingUp) return;
    const live = holderOf(task);
    const patch = fieldPatch(HOLDER_FIELDS, base, draft, live, norm);
    if (Object.keys(patch).length === 0) return setUnchanged(true);
    const agency = patch.agency ?? live.agency;
    const assignee = (patch.assignee ?? live.assignee) || null;
    const ok = await form.submit((expectedVersion) => ({ type: 'ReassignTask', taskId: task.id, expectedVersion, agency, assignee }));
    if (ok) onClose();
  };
  return (
    <FormDialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={t('title')}
      description={task.title}
      submitLabel={t('submit')}
      onSubmit={() => void submit()}
      busy={form.busy || catchingUp}
      error={conflictSaid ? { code: 'CONFLICT', message: '' } : form.error}
      errorText={conflictSaid ? changedText(changedMeanwhile.map((f) => t(f))) : undefined}
      errorTone={conflictSaid ? 'warning' : undefined}
      size="sm"
    >
      <Field label={t('agency')} hint={choices.length <= 1 ? t('ownOnly') : undefined}>
        <Select data-testid="reassign-agency-input" value={draft.agency} disabled={choices.length <= 1} onChange={(e) => setDraft((d) => ({ ...d, agency: e.target.value }))}>
          {choices.map((code) => (
            <option key={code} value={code}>{agencies.name(code)}</option>
          ))}
        </Select>
      </Field>
      <Field label={t('assignee')} hint={t('assigneeHint')} error={unchanged ? t('unchanged') : null}>
        <TextInput data-testid="reassign-assignee-input" maxLength={LIMITS.assignee} value={draft.assignee} onChange={(e) => setDraft((d) => ({ ...d, assignee: e.target.value }))} />
      </Field>
    </FormDialog>
  );
}
