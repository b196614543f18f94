import type { Actor } from '../actor';
import type { TaskFields } from './events';
import type { AgencyStatus, IncidentKind, Phase, Scenario, Severity, TaskStatus } from './vocabulary';

export interface Task extends TaskFields {
  id: string;
  status: TaskStatus;
  /** Reason given for the current blocked/cancelled/reopened status. */
  statusReason: string | null;
  createdAt: number;
  createdBy: Actor;
  createdSeq: number;
  updatedAt: number;
  /** seq of the last event that changed this task: the expectedVersion for edits (SPEC CONC1). */
  version: number;
}

export interface Message {
  id: string;
  seq: number;
  ts: number;
  text: string;
  toAgency: string | null;
  alert: boolean;
  actor: Actor;
}

export interface AgencyState {
  status: AgencyStatus;
  at: number;
  by: Actor;
}

export interface IncidentState {
  id: string;
  /** seq of the last applied event. */
  seq: number;
  /** seq of the last incident-level change (details, phase, severity): expectedVersion. */
  version: number;
  title: string;
  description: string;
  kind: IncidentKind;
  scenario: Scenario;
  severity: Severity;
  location: string;
  phase: Phase;
  agencies: string[];
  agencyStatus: Record<string, AgencyState>;
  tasks: Record<string, Task>;
  /** Oldest first. */
  messages: Message[];
  openedAt: number;
  openedBy: Actor;
  /** When each phase was last entered. */
  phaseAt: Partial<Record<Phase, number>>;
  closedAt: number | null;
  updatedAt: number;
}

/** Tasks that are still somebody's work. */
export function isActiveTask(t: Pick<Task, 'status'>): boolean {
  return t.status !== 'done' && t.status !== 'cancelled';
}

/** Past its due time at `now` and not finished. */
export function isOverdue(task: Task, now: number): boolean {
  return task.dueAt !== null && task.dueAt < now && isActiveTask(task);
}

/**
 * The moment a board or wall judges its tasks overdue at: `now`, or a closed incident's close. Its
 * record ends there (SPEC TASK6): a task left open at the close is as overdue as it was then, as the
 * metrics judge it (REV2), not more so every minute after.
 */
export function overdueAt(state: Pick<IncidentState, 'closedAt'>, now: number): number {
  return state.closedAt ?? now;
}
