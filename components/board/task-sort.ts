import { isActiveTask, type Task } from '@/lib/domain/incident/state';
import type { Priority } from '@/lib/domain/incident/vocabulary';

const PRIORITY_RANK: Record<Priority, number> = { urgent: 0, high: 1, normal: 2, low: 3 };

/** Active tasks: blocked first, then by priority, then oldest first. */
const activeOrder = (a: Task, b: Task) =>
  Number(b.status === 'blocked') - Number(a.status === 'blocked') || PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] || a.createdSeq - b.createdSeq;
/** Finished tasks: latest first. */
const finishedOrder = (a: Task, b: Task) => b.updatedAt - a.updatedAt;

/** Active tasks: blocked first, then by priority, then oldest first. Finished: latest first. */
export function splitTasks(tasks: Task[]): { active: Task[]; finished: Task[] } {
  return { active: tasks.filter(isActiveTask).sort(activeOrder), finished: tasks.filter((t) => !isActiveTask(t)).sort(finishedOrder) };
}

export interface LaneTasks {
  active: Task[];
  /** Sorted as splitTasks does, on first read: a lane shows them only once its list is opened. */
  readonly finished: Task[];
  finishedCount: number;
}

const NO_TASKS: LaneTasks = { active: [], finished: [], finishedCount: 0 };

/**
 * One lane's tasks split, the finished ones sorted only when first read: most of a long
 * incident's tasks are finished, and the replay makes a new tasks record on almost every
 * slider move, where sorting every lane's finished tasks took about a millisecond.
 */
function laneOf(tasks: Task[]): LaneTasks {
  const active: Task[] = [];
  const done: Task[] = [];
  for (const t of tasks) (isActiveTask(t) ? active : done).push(t);
  active.sort(activeOrder);
  let sorted: Task[] | null = null;
  return {
    active,
    finishedCount: done.length,
    get finished() {
      return (sorted ??= done.sort(finishedOrder));
    },
  };
}
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
    lanes = new Map([...groups].map(([code, list]) => [code, laneOf(list)]));
    byAgency.set(tasks, lanes);
  }
  return lanes.get(agency) ?? NO_TASKS;
}
