'use client';

import { useTranslations } from 'next-intl';
import { isActiveTask, type Task } from '@/lib/domain/incident/state';
import { canTransitionTask } from '@/lib/domain/incident/transitions';
import type { TaskStatus } from '@/lib/domain/incident/vocabulary';
import { Menu, type MenuItem } from '@/components/ui/menu';
import { useBoard } from './board-context';
import { useBoardUi, type TaskDialog } from './board-ui';
import { useIncidentPending } from './outbox-items';
import { probe } from './probes';
import { ReassignDialog } from './reassign-dialog';
import { TaskFormDialog } from './task-form-dialog';
import { TaskReasonDialog } from './task-reason-dialog';

/**
 * Less frequent task actions: block, cancel, reopen (all with a reason), mark done with a note,
 * edit, reassign. Their dialogs are the board's (TaskDialogs), so that they outlive this card.
 */
export function TaskMenu({ task }: { task: Task }) {
  const t = useTranslations('taskActions');
  const { state, can } = useBoard();
  const { openTaskDialog } = useBoardUi();
  const setDialog = (dialog: TaskDialog) => openTaskDialog(task.id, dialog);
  // From the status a pending change will give it (the server takes them in order), as the
  // card's next step waits for it: a move already queued is not offered again.
  const from = useIncidentPending().taskStatus[task.id] ?? task.status;
  // A finished task of an agency that left stays finished (SPEC TASK5).
  const may = (to: TaskStatus) => canTransitionTask(from, to) && state.agencies.includes(task.agency) && can(probe.changeTaskStatus(task, to));

  const items: MenuItem[] = [];
  if (can(probe.editTask(task))) items.push({ key: 'edit', label: t('edit'), testId: 'task-edit', onSelect: () => setDialog({ kind: 'edit' }) });
  if (isActiveTask({ status: from }) && state.agencies.some((a) => can(probe.reassignTask(task, a))))
    items.push({ key: 'reassign', label: t('reassign'), testId: 'task-reassign', onSelect: () => setDialog({ kind: 'reassign' }) });
  if (may('blocked')) items.push({ key: 'block', label: t('block'), testId: 'task-block', onSelect: () => setDialog({ kind: 'reason', to: 'blocked' }) });
  if (may('done')) items.push({ key: 'done-note', label: t('doneWithNote'), testId: 'task-done-note', onSelect: () => setDialog({ kind: 'reason', to: 'done' }) });
  if (may('open')) items.push({ key: 'reopen', label: t('reopen'), testId: 'task-reopen', onSelect: () => setDialog({ kind: 'reason', to: 'open' }) });
  if (may('cancelled'))
    items.push({ key: 'cancel', label: t('cancel'), testId: 'task-cancel', tone: 'danger', onSelect: () => setDialog({ kind: 'reason', to: 'cancelled' }) });
  if (items.length === 0) return null;

  return (
    <Menu
      items={items}
      trigger={
        <button
          type="button"
          data-testid="task-menu"
          aria-label={t('more', { title: task.title })}
          className="rounded px-1.5 text-base leading-5 font-bold text-slate-700 hover:bg-slate-200 focus-visible:outline-2 focus-visible:outline-blue-600"
        >
          <span aria-hidden>⋯</span>
        </button>
      }
    />
  );
}

/** The task menu's open dialog, held by the board: it follows its task to another lane. */
export function TaskMenuDialog({ taskId, dialog, onClose }: { taskId: string; dialog: TaskDialog; onClose: () => void }) {
  const task = useBoard().state.tasks[taskId];
  if (!task) return null;
  if (dialog.kind === 'reason') return <TaskReasonDialog task={task} to={dialog.to} onClose={onClose} />;
  if (dialog.kind === 'edit') return <TaskFormDialog agency={task.agency} task={task} onClose={onClose} />;
  return <ReassignDialog task={task} onClose={onClose} />;
}
