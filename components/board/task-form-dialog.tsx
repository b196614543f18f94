'use client';

import { useTranslations } from 'next-intl';
import { useChangedMeanwhileText } from '@/components/ui/changed-meanwhile';
import { useState } from 'react';
import { isActiveTask, type Task } from '@/lib/domain/incident/state';
import { LIMITS } from '@/lib/domain/limits';
import { newId } from '@/lib/client/new-id';
import { useAgencyDirectory } from '@/components/incidents/use-agency-directory';
import { FormDialog } from '@/components/ui/form-dialog';
import { fieldPatch, type Norm } from '@/lib/client/edit-fields';
import { useCommandForm, useEditDraft } from './use-command-form';
import { TaskFormFields, type TaskDraft } from './task-form-fields';

interface Props {
  /** The lane the task belongs to. */
  agency: string;
  /** Given: edit this task; absent: create a new one. */
  task?: Task;
  onClose: () => void;
}

const draftOf = (task?: Task): TaskDraft => ({
  title: task?.title ?? '',
  details: task?.details ?? '',
  priority: task?.priority ?? 'normal',
  dueAt: task?.dueAt ?? null,
  location: task?.location ?? '',
  assignee: task?.assignee ?? '',
});

/** What EditTask changes (the assignee goes through reassignment). */
const EDIT_FIELDS = ['title', 'details', 'priority', 'dueAt', 'location'] as const;
/** As sent: title and location trimmed (the schema does too), details as typed. */
const norm: Norm<TaskDraft> = (field, value) => (field === 'title' || field === 'location' ? ((value as string).trim() as typeof value) : value);
const FIELD_LABEL = { title: 'title', details: 'details', priority: 'priority', dueAt: 'due', location: 'location' } as const;

export function TaskFormDialog({ agency, task, onClose }: Props) {
  const t = useTranslations('taskForm');
  const changedText = useChangedMeanwhileText();
  const agencies = useAgencyDirectory();
  const form = useCommandForm(task?.version ?? 0);
  // Where the edit started (or, after a CONFLICT, the task it was brought up to date with): what
  // the person changed is measured from it, so another's change meanwhile is not sent back (CONC1).
  const { base, draft, setDraft, catchingUp, changedMeanwhile } = useEditDraft({
    error: form.error,
    version: task?.version ?? 0,
    fields: EDIT_FIELDS,
    start: () => draftOf(task),
    live: task ? draftOf(task) : null,
    norm,
  });
  const [submitted, setSubmitted] = useState(false);
  // Kept across retries: a create that timed out and is sent again is still one task (IDEM1).
  const [taskId] = useState(newId);
  const titleProblem = !draft.title.trim() ? t('titleRequired') : null;
  const dueLocked = task !== undefined && !isActiveTask(task);
  const conflictSaid = changedMeanwhile.length > 0;

  const submit = async () => {
    setSubmitted(true);
    if (titleProblem || catchingUp) return;
    if (!task) {
      const assignee = draft.assignee.trim() || null;
      const fields = { title: draft.title.trim(), details: draft.details, priority: draft.priority, dueAt: draft.dueAt, location: draft.location.trim(), assignee };
      if (await form.submit(() => ({ type: 'CreateTask', taskId, agency, ...fields }))) onClose();
      return;
    }
    // A finished task's due time is not sent (SPEC TASK4), even one the person changed before it was
    // finished elsewhere and a CONFLICT kept: the field shows the task's own, locked.
    const changes = fieldPatch(dueLocked ? EDIT_FIELDS.filter((f) => f !== 'dueAt') : EDIT_FIELDS, base, draft, draftOf(task), norm);
    if (Object.keys(changes).length === 0) return onClose();
    if (await form.submit((expectedVersion) => ({ type: 'EditTask', taskId: task.id, expectedVersion, ...changes }))) onClose();
  };

  return (
    <FormDialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={task ? t('editTitle') : t('createTitle', { agency: agencies.name(agency) })}
      submitLabel={task ? t('save') : t('create')}
      onSubmit={() => void submit()}
      busy={form.busy || catchingUp}
      error={conflictSaid ? { code: 'CONFLICT', message: '' } : form.error}
      errorText={conflictSaid ? changedText(changedMeanwhile.map((f) => t(`fields.${FIELD_LABEL[f]}`))) : undefined}
      errorTone={conflictSaid ? 'warning' : undefined}
    >
      <TaskFormFields
        draft={dueLocked ? { ...draft, dueAt: task.dueAt } : draft}
        onChange={setDraft}
        titleError={submitted ? titleProblem : null}
        showAssignee={!task}
        maxTitle={LIMITS.title}
        dueLocked={dueLocked}
      />
    </FormDialog>
  );
}
