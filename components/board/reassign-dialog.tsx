'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import type { Task } from '@/lib/domain/incident/state';
import { LIMITS } from '@/lib/domain/limits';
import { useAgencyDirectory } from '@/components/incidents/use-agency-directory';
import { Field } from '@/components/ui/field';
import { FormDialog } from '@/components/ui/form-dialog';
import { Select, TextInput } from '@/components/ui/inputs';
import { useBoard } from './board-context';
import { probe } from './probes';
import { useCommandForm } from './use-command-form';

/** Another assignee, or (for commanders) another participating agency (TASK3). */
export function ReassignDialog({ task, onClose }: { task: Task; onClose: () => void }) {
  const t = useTranslations('taskActions.reassignDialog');
  const { state, can } = useBoard();
  const agencies = useAgencyDirectory();
  const form = useCommandForm(task.version);
  const [agency, setAgency] = useState(task.agency);
  const [assignee, setAssignee] = useState(task.assignee ?? '');
  const [unchanged, setUnchanged] = useState(false);
  const choices = state.agencies.filter((a) => can(probe.reassignTask(task, a)));

  const submit = async () => {
    const next = assignee.trim() || null;
    if (agency === task.agency && next === task.assignee) return setUnchanged(true);
    const ok = await form.submit((expectedVersion) => ({ type: 'ReassignTask', taskId: task.id, expectedVersion, agency, assignee: next }));
    if (ok) onClose();
  };
  return (
    <FormDialog open onOpenChange={(o) => !o && onClose()} title={t('title')} description={task.title} submitLabel={t('submit')} onSubmit={() => void submit()} busy={form.busy} error={form.error} size="sm">
      <Field label={t('agency')} hint={choices.length <= 1 ? t('ownOnly') : undefined}>
        <Select data-testid="reassign-agency-input" value={agency} disabled={choices.length <= 1} onChange={(e) => setAgency(e.target.value)}>
          {choices.map((code) => (
            <option key={code} value={code}>{agencies.name(code)}</option>
          ))}
        </Select>
      </Field>
      <Field label={t('assignee')} hint={t('assigneeHint')} error={unchanged ? t('unchanged') : null}>
        <TextInput data-testid="reassign-assignee-input" maxLength={LIMITS.assignee} value={assignee} onChange={(e) => setAssignee(e.target.value)} />
      </Field>
    </FormDialog>
  );
}
