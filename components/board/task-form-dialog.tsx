'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import type { Task } from '@/lib/domain/incident/state';
import type { Priority } from '@/lib/domain/incident/vocabulary';
import { LIMITS } from '@/lib/domain/limits';
import { newId } from '@/lib/client/new-id';
import { useAgencyDirectory } from '@/components/incidents/use-agency-directory';
import { FormDialog } from '@/components/ui/form-dialog';
import { useCommandForm } from './use-command-form';
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

export function TaskFormDialog({ agency, task, onClose }: Props) {
  const t = useTranslations('taskForm');
  const agencies = useAgencyDirectory();
  const form = useCommandForm(task?.version ?? 0);
  const [draft, setDraft] = useState(() => draftOf(task));
  const [submitted, setSubmitted] = useState(false);
  // Kept across retries: a create that timed out and is sent again is still one task (IDEM1).
  const [taskId] = useState(newId);
  const titleProblem = !draft.title.trim() ? t('titleRequired') : null;

  const submit = async () => {
    setSubmitted(true);
    if (titleProblem) return;
    const title = draft.title.trim();
    const location = draft.location.trim();
    if (!task) {
      const assignee = draft.assignee.trim() || null;
      const fields = { title, details: draft.details, priority: draft.priority, dueAt: draft.dueAt, location, assignee };
      if (await form.submit(() => ({ type: 'CreateTask', taskId, agency, ...fields }))) onClose();
      return;
    }
    const changes = {
      ...(title !== task.title ? { title } : {}),
      ...(draft.details !== task.details ? { details: draft.details } : {}),
      ...(draft.priority !== task.priority ? { priority: draft.priority as Priority } : {}),
      ...(draft.dueAt !== task.dueAt ? { dueAt: draft.dueAt } : {}),
      ...(location !== task.location ? { location } : {}),
    };
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
      busy={form.busy}
      error={form.error}
    >
      <TaskFormFields draft={draft} onChange={setDraft} titleError={submitted ? titleProblem : null} showAssignee={!task} maxTitle={LIMITS.title} />
    </FormDialog>
  );
}
