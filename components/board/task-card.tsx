'use client';

import { useTranslations } from 'next-intl';
import { useMemo } from 'react';
import { useConnectionState } from '@/lib/client/sync-provider';
import { isActiveTask, isOverdue, overdueAt, type Task } from '@/lib/domain/incident/state';
import { useClockFormat } from '@/lib/i18n/use-clock-format';
import { AgencyChip } from '@/components/incidents/agency-chip';
import { cx } from '@/components/ui/cx';
import { useBoard } from './board-context';
import { useBoardUi } from './board-ui';
import { Highlight } from './highlight';
import { PENDING_LOOK, PendingTaskLabel, usePendingForTask } from './outbox-items';
import { PriorityBadge, TaskStatusBadge } from './task-badges';
import { TaskDetails, titleCut } from './task-details';
import { TaskMenu } from './task-menu';
import { TaskNextButton } from './task-next-button';

const EDGE: Record<Task['status'], string> = {
  open: 'border-l-slate-500',
  acknowledged: 'border-l-blue-600',
  in_progress: 'border-l-indigo-700',
  blocked: 'border-l-red-700',
  done: 'border-l-emerald-600',
  cancelled: 'border-l-slate-300',
};

export function TaskCard({ task }: { task: Task }) {
  const t = useTranslations('task');
  const { state, now } = useBoard();
  const { terms } = useBoardUi();
  const clock = useClockFormat();
  const overdue = isOverdue(task, overdueAt(state, now));
  const finished = !isActiveTask(task);
  const pending = usePendingForTask(task.id);
  const offline = useConnectionState() !== 'live';
  const requestedBy = task.createdBy.agency && task.createdBy.agency !== task.agency ? task.createdBy.agency : null;
  const titleLong = useMemo(() => titleCut(task.title), [task.title]);
  return (
    <article
      data-testid="task-card"
      data-task-id={task.id}
      data-status={task.status}
      data-overdue={overdue || undefined}
      data-pending={pending.length > 0 || undefined}
      data-board-task={task.id}
      tabIndex={-1}
      aria-labelledby={`task-title-${task.id}`}
      className={cx(
        'scroll-my-2 rounded border border-l-4 border-slate-300 bg-white p-2 shadow-xs',
        'focus-visible:outline-3 focus-visible:outline-offset-1 focus-visible:outline-blue-600',
        EDGE[task.status],
        overdue && 'bg-red-50 ring-2 ring-red-600',
        // A finished card is set apart by its ground, not by fading it: faded, its badge and labels
        // fell under WCAG AA contrast (axe, the replay's filters check).
        finished && 'bg-slate-50 shadow-none',
        pending.length > 0 && PENDING_LOOK,
      )}
    >
      <div className="flex items-center gap-1.5">
        <TaskStatusBadge status={task.status} />
        <PriorityBadge priority={task.priority} />
        <span className="ml-auto" />
        <TaskMenu task={task} />
      </div>
      <h3
        id={`task-title-${task.id}`}
        // Cut at three lines: the whole of a long one on hover (titleCut).
        title={titleLong ? task.title : undefined}
        className={cx('mt-1 line-clamp-3 text-sm leading-snug font-semibold break-words', task.status === 'cancelled' && 'line-through')}
      >
        <Highlight text={task.title} terms={terms} />
      </h3>
      <dl className="mt-1 space-y-0.5 text-xs text-slate-700">
        <div className="flex gap-1">
          <dt className="shrink-0 text-slate-600">{t('assignee')}</dt>
          <dd className="truncate font-medium">{task.assignee ? <Highlight text={task.assignee} terms={terms} /> : t('unassigned')}</dd>
        </div>
        {task.dueAt !== null && (
          <div className="flex gap-1">
            <dt className="shrink-0 text-slate-600">{t('due')}</dt>
            <dd data-testid="task-due" className={cx('tabular-nums', overdue && 'font-bold text-red-800')}>
              {clock.nearTime(task.dueAt, now)}
              {overdue && <span className="ml-1 rounded bg-red-700 px-1 text-white">{t('overdue')}</span>}
            </dd>
          </div>
        )}
        {task.location && (
          <div className="flex gap-1">
            <dt className="shrink-0 text-slate-600">{t('location')}</dt>
            <dd className="truncate"><Highlight text={task.location} terms={terms} /></dd>
          </div>
        )}
        {requestedBy && (
          <div className="flex items-center gap-1">
            <dt className="shrink-0 text-slate-600">{t('requestedBy')}</dt>
            <dd className="min-w-0"><AgencyChip code={requestedBy} /></dd>
          </div>
        )}
      </dl>
      {task.details && <TaskDetails text={task.details} terms={terms} titleId={`task-title-${task.id}`} />}
      {task.statusReason && (task.status === 'blocked' || task.status === 'cancelled' || task.status === 'open' || task.status === 'done') && (
        <p className={cx('mt-1 rounded px-1.5 py-0.5 text-xs', task.status === 'blocked' ? 'bg-red-100 text-red-950' : 'bg-slate-100 text-slate-800')}>
          <span className="font-semibold">{t(`reasonLabel.${task.status}`)}</span> {task.statusReason}
        </p>
      )}
      <PendingTaskLabel taskId={task.id} entries={pending} />
      {/* Offline, the next step waits until the pending status change is applied. */}
      {!(offline && pending.some((e) => e.command.type === 'ChangeTaskStatus')) && <TaskNextButton task={task} />}
    </article>
  );
}
