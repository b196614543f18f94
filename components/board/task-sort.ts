import { isActiveTask, type Task } from '@/lib/domain/incident/state';
import type { Priority } from '@/lib/domain/incident/vocabulary';

const PRIORITY_RANK: Record<Priority, number> = { urgent: 0, high: 1, normal: 2, low: 3 };

/** Active tasks: blocked first, then by priority, then oldest first. Finished: latest first. */
export function splitTasks(tasks: Task[]): { active: Task[]; finished: Task[] } {
  const active = tasks
    .filter(isActiveTask)
    .sort(
      (a, b) =>
        Number(b.status === 'blocked') - Number(a.status === 'blocked') ||
        PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] ||
        a.createdSeq - b.createdSeq,
    );
  const finished = tasks.filter((t) => !isActiveTask(t)).sort((a, b) => b.updatedAt - a.updatedAt);
  return { active, finished };
}
