'use client';

import { useTranslations } from 'next-intl';
import { PRIORITIES, type Priority } from '@/lib/domain/incident/vocabulary';
import { LIMITS } from '@/lib/domain/limits';
import { Field } from '@/components/ui/field';
import { Select, TextArea, TextInput } from '@/components/ui/inputs';
import { DueInput } from './due-input';

export interface TaskDraft {
  title: string;
  details: string;
  priority: Priority;
  dueAt: number | null;
  location: string;
  assignee: string;
}

interface Props {
  draft: TaskDraft;
  onChange: (draft: TaskDraft) => void;
  titleError: string | null;
  /** Only when creating: later changes of assignee go through reassignment. */
  showAssignee: boolean;
  maxTitle: number;
  /** A finished task: its due time is kept as it was judged against (SPEC TASK4); reopened first to change it. */
  dueLocked?: boolean;
}

export function TaskFormFields({ draft, onChange, titleError, showAssignee, maxTitle, dueLocked = false }: Props) {
  const t = useTranslations();
  const set = <K extends keyof TaskDraft>(key: K, value: TaskDraft[K]) => onChange({ ...draft, [key]: value });
  return (
    <>
      <Field label={t('taskForm.fields.title')} error={titleError} length={{ value: draft.title, max: maxTitle }}>
        <TextInput data-testid="task-title-input" autoFocus value={draft.title} onChange={(e) => set('title', e.target.value)} />
      </Field>
      <div className="grid grid-cols-2 gap-4">
        <Field label={t('taskForm.fields.priority')}>
          <Select data-testid="task-priority-input" value={draft.priority} onChange={(e) => set('priority', e.target.value as Priority)}>
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>{t(`priority.${p}`)}</option>
            ))}
          </Select>
        </Field>
        {showAssignee && (
          <Field label={t('taskForm.fields.assignee')} hint={t('common.optional')}>
            <TextInput data-testid="task-assignee-input" maxLength={LIMITS.assignee} value={draft.assignee} onChange={(e) => set('assignee', e.target.value)} />
          </Field>
        )}
      </div>
      <Field label={t('taskForm.fields.due')} hint={dueLocked ? t('taskForm.dueLocked') : t('common.optional')}>
        <DueInput value={draft.dueAt} onChange={(ms) => set('dueAt', ms)} disabled={dueLocked} />
      </Field>
      <Field label={t('taskForm.fields.location')} hint={t('common.optional')} length={{ value: draft.location, max: LIMITS.location }}>
        <TextInput data-testid="task-location-input" value={draft.location} onChange={(e) => set('location', e.target.value)} />
      </Field>
      <Field label={t('taskForm.fields.details')} hint={t('common.optional')} length={{ value: draft.details, max: LIMITS.details }}>
        <TextArea value={draft.details} onChange={(e) => set('details', e.target.value)} />
      </Field>
    </>
  );
}
