import type { Phase, TaskStatus } from './vocabulary';

/**
 * The task lifecycle (SPEC TASK1): open → acknowledged → in progress → done;
 * blocked from acknowledged or in progress and back to in progress; cancelled
 * from anything not finished; done or cancelled reopened to open.
 */
export const TASK_TRANSITIONS: Readonly<Record<TaskStatus, readonly TaskStatus[]>> = {
  open: ['acknowledged', 'cancelled'],
  acknowledged: ['in_progress', 'blocked', 'cancelled'],
  in_progress: ['done', 'blocked', 'cancelled'],
  blocked: ['in_progress', 'cancelled'],
  done: ['open'],
  cancelled: ['open'],
};

/** Moves that need a reason (SPEC TASK2): blocking, cancelling, reopening. */
export function transitionNeedsReason(from: TaskStatus, to: TaskStatus): boolean {
  return to === 'blocked' || to === 'cancelled' || (to === 'open' && (from === 'done' || from === 'cancelled'));
}

export function canTransitionTask(from: TaskStatus, to: TaskStatus): boolean {
  return TASK_TRANSITIONS[from].includes(to);
}

/** The one-click "next step" for a task, if there is one. */
export function nextTaskStatus(from: TaskStatus): TaskStatus | null {
  switch (from) {
    case 'open':
      return 'acknowledged';
    case 'acknowledged':
    case 'blocked':
      return 'in_progress';
    case 'in_progress':
      return 'done';
    case 'done':
    case 'cancelled':
      return null;
  }
}

/**
 * Phases (SPEC INC1): any move between standby, response, containment and
 * recovery (a vapour cloud can push containment back to response); closed is
 * final.
 */
export function canChangePhase(from: Phase, to: Phase): boolean {
  return from !== to && from !== 'closed';
}
