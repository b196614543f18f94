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

export interface LaneTasks {
  active: Task[];
  finished: Task[];
}

const NO_TASKS: LaneTasks = { active: [], finished: [] };
const byAgency = new WeakMap<Readonly<Record<string, Task>>, Map<string, LaneTasks>>();

/**
 * One agency's tasks, split and sorted (splitTasks). All agencies are grouped in
 * one pass per tasks record and the lanes share it: a state's tasks record is
 * never changed once made (applyEvents copies it), so its identity is the key.
 */
export function laneTasks(tasks: Readonly<Record<string, Task>>, agency: string): LaneTasks {
  let lanes = byAgency.get(tasks);
  if (!lanes) {
    const groups = new Map<string, Task[]>();
    for (const task of Object.values(tasks)) {
      const g = groups.get(task.agency);
      if (g) g.push(task);
      else groups.set(task.agency, [task]);
    }
    lanes = new Map([...groups].map(([code, list]) => [code, splitTasks(list)]));
    byAgency.set(tasks, lanes);
  }
  return lanes.get(agency) ?? NO_TASKS;
}
