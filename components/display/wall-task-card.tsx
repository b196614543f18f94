'use client';

import { isOverdue, type Task } from '@/lib/domain/incident/state';
import { cx } from '@/components/ui/cx';
import { BlockedIcon, ClockIcon } from './wall-icons';
import { Bi, WallNearTime } from './wall-lang';
import { PriorityWord, TaskStatusWord, WallText } from './wall-words';

/** Colour of each status's edge and group header; the group header always names the status too. */
export const STATUS_EDGE: Record<Task['status'], string> = {
  blocked: '#dc2626',
  in_progress: '#3b82f6',
  acknowledged: '#06b6d4',
  open: '#94a3b8',
  done: '#22c55e',
  cancelled: '#64748b',
};

/** One task on the wall: title, who has it, when it is due; blocked and overdue say so in words and colour. */
export function WallTaskCard({ task, now, overdueAt, measuring }: { task: Task; now: number; /** overdueAt(state, now) */ overdueAt: number; measuring: boolean }) {
  const overdue = isOverdue(task, overdueAt);
  const blocked = task.status === 'blocked';
  return (
    <article
      data-testid={measuring ? undefined : 'wall-task'}
      data-task-id={measuring ? undefined : task.id}
      data-status={task.status}
      data-overdue={overdue || undefined}
      className={cx(
        'rounded-[0.3rem] border-l-[0.4rem] bg-(--wall-card) px-[0.55rem] py-[0.35rem]',
        blocked && 'bg-(--wall-blocked-bg)',
        overdue && 'outline-[0.2rem] -outline-offset-[0.2rem] outline-amber-400 outline-solid',
        overdue && !blocked && 'bg-(--wall-overdue-bg)',
      )}
      style={{ borderLeftColor: STATUS_EDGE[task.status] }}
    >
      {(blocked || overdue || task.priority === 'urgent' || task.priority === 'high') && (
        <div className="mb-[0.2rem] flex flex-wrap items-center gap-[0.3rem] text-[0.8rem] leading-tight font-bold">
          {blocked && (
            <span className="inline-flex items-center gap-[0.25rem] rounded bg-red-700 px-[0.35rem] py-px text-white">
              <BlockedIcon />
              <span>
                <Bi>
                  <TaskStatusWord status="blocked" />
                </Bi>
              </span>
            </span>
          )}
          {overdue && (
            <span className="inline-flex items-center gap-[0.25rem] rounded bg-amber-400 px-[0.35rem] py-px text-black">
              <ClockIcon />
              <span>
                <Bi>
                  <WallText k="overdue" />
                </Bi>
              </span>
            </span>
          )}
          {(task.priority === 'urgent' || task.priority === 'high') && (
            <span className={cx('rounded border px-[0.35rem]', task.priority === 'urgent' ? 'border-red-400 text-(--wall-fg)' : 'border-(--wall-line) text-(--wall-muted)')}>
              <Bi>
                <PriorityWord priority={task.priority} />
              </Bi>
            </span>
          )}
        </div>
      )}
      <h3 className="line-clamp-2 text-[1.05rem] leading-snug font-semibold break-words">{task.title}</h3>
      {(task.assignee || task.dueAt !== null) && (
        <p className="mt-[0.1rem] flex min-w-0 gap-[0.5rem] text-[0.85rem] leading-snug text-(--wall-muted)">
          {task.assignee && <span className="min-w-0 truncate">{task.assignee}</span>}
          {task.dueAt !== null && (
            <span className={cx('ml-auto shrink-0 tabular-nums', overdue && 'font-bold text-(--wall-fg)')}>
              {/* The label in the screen's language(s), as every other label on a bilingual wall; the time once. */}
              <Bi>
                <WallText k="due" />
              </Bi>{' '}
              <span data-testid="wall-task-due-time">
                <WallNearTime at={task.dueAt} now={now} />
              </span>
            </span>
          )}
        </p>
      )}
      {blocked && task.statusReason && (
        <p className="mt-[0.15rem] line-clamp-2 text-[0.85rem] leading-snug break-words">{task.statusReason}</p>
      )}
    </article>
  );
}
