import { isActiveTask, type Task } from './state';
import type { AgencyStatus } from './vocabulary';

/** An agency's unfinished tasks: `active` open, acknowledged, in progress or blocked; `blocked` how many of them blocked. */
export interface UnfinishedWork {
  active: number;
  blocked: number;
}

/** The unfinished tasks of one agency among these (its lane's active tasks, the wall's "active" count). */
export function unfinishedWork(tasks: Iterable<Task>, agency: string): UnfinishedWork {
  const work = { active: 0, blocked: 0 };
  for (const t of tasks) {
    if (t.agency !== agency || !isActiveTask(t)) continue;
    work.active++;
    if (t.status === 'blocked') work.blocked++;
  }
  return work;
}

/**
 * Whether setting an agency's status to `to` asks first (SPEC AGS1): standing down while it
 * still holds unfinished tasks. The change stays the agency's call; the question makes it deliberate.
 */
export function standDownAsks(to: AgencyStatus, work: UnfinishedWork): boolean {
  return to === 'standing_down' && work.active > 0;
}

/**
 * How many unfinished tasks an agency standing down leaves behind (SPEC AGS1): its active ones
 * while its status is standing down, else 0. The wall marks a column or an overview row with it,
 * the board the lane's status chip.
 */
export function leftWork(status: AgencyStatus | null | undefined, active: number): number {
  return status === 'standing_down' ? Math.max(0, active) : 0;
}
