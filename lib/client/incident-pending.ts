import type { IncidentCommandInput } from '../domain/incident/commands';
import type { AgencyStatus, Phase, Severity, TaskStatus } from '../domain/incident/vocabulary';
import { commandTaskId, waiting, type OutboxEntry } from './outbox-queue';

/**
 * What an incident's board shows as pending beside the server's values (SPEC SYNC4): the
 * person's changes that wait in the outbox to be sent, or are on the wire. Refused entries
 * (they wait for the person's decision) and applied ones are not pending. Where several
 * changes of one thing wait, the last one queued is what it will be.
 */
export interface IncidentPending {
  /** Per agency, the agency status it will have. */
  agencyStatus: Readonly<Record<string, AgencyStatus>>;
  phase: Phase | null;
  severity: Severity | null;
  /** An incident-details edit (title, description, location, agencies) waits. */
  incidentEdit: boolean;
  /** Per task, the status it will have. */
  taskStatus: Readonly<Record<string, TaskStatus>>;
}

export const NOTHING_PENDING: IncidentPending = Object.freeze({
  agencyStatus: Object.freeze({}),
  phase: null,
  severity: null,
  incidentEdit: false,
  taskStatus: Object.freeze({}),
});

/**
 * The pending changes of incident `incidentId` among `entries` (a board passes its `outbox`,
 * which already shows an applied entry it has not folded yet as sending: `onBoard`).
 */
export function incidentPending(entries: readonly OutboxEntry[], incidentId: string): IncidentPending {
  const mine = waiting(entries).filter((e) => e.incidentId === incidentId);
  if (mine.length === 0) return NOTHING_PENDING;
  const agencyStatus: Record<string, AgencyStatus> = {};
  const taskStatus: Record<string, TaskStatus> = {};
  let phase: Phase | null = null;
  let severity: Severity | null = null;
  let incidentEdit = false;
  // `waiting` is in queue order: a later entry overrides an earlier one.
  for (const { command } of mine) {
    switch (command.type) {
      case 'SetAgencyStatus':
        agencyStatus[command.agency] = command.status;
        break;
      case 'ChangePhase':
        phase = command.phase;
        break;
      case 'ChangeSeverity':
        severity = command.severity;
        break;
      case 'UpdateIncident':
        incidentEdit = true;
        break;
      case 'ChangeTaskStatus':
        taskStatus[command.taskId] = command.to;
        break;
      default:
        break;
    }
  }
  return { agencyStatus, phase, severity, incidentEdit, taskStatus };
}

/** A new task that waits to be sent: a ghost card in its lane. */
export type PendingNewTask = OutboxEntry & { command: Extract<IncidentCommandInput, { type: 'CreateTask' }> };

/** What a task or lane with nothing pending gets: one array, so memoised children keep their props. */
export const NO_ENTRIES: readonly never[] = Object.freeze([]);
const NO_GROUPS: ReadonlyMap<string, readonly never[]> = new Map();

/**
 * Per task, the changes of it that wait in incident `incidentId`'s outbox (status changes, edits,
 * reassignments), oldest first. Its creation is not one: a new task is a ghost card (`pendingNewTasks`).
 * A task with nothing pending has no key.
 */
export function pendingByTask(entries: readonly OutboxEntry[], incidentId: string): ReadonlyMap<string, readonly OutboxEntry[]> {
  const byTask = new Map<string, OutboxEntry[]>();
  // `waiting` is in queue order, and each task's list keeps it: oldest first.
  for (const e of waiting(entries)) {
    const taskId = commandTaskId(e.command);
    if (e.incidentId !== incidentId || e.command.type === 'CreateTask' || taskId === null) continue;
    const list = byTask.get(taskId);
    if (list) list.push(e);
    else byTask.set(taskId, [e]);
  }
  return byTask.size > 0 ? byTask : NO_GROUPS;
}

/**
 * Per agency, the new tasks for its lane that wait in incident `incidentId`'s outbox, oldest first.
 * Whether the board already has one (applied, folded) is the lane's to check: it has the state.
 */
export function pendingNewTasks(entries: readonly OutboxEntry[], incidentId: string): ReadonlyMap<string, readonly PendingNewTask[]> {
  const byAgency = new Map<string, PendingNewTask[]>();
  for (const e of waiting(entries)) {
    if (e.incidentId !== incidentId || e.command.type !== 'CreateTask') continue;
    const ghost = e as PendingNewTask;
    const list = byAgency.get(ghost.command.agency);
    if (list) list.push(ghost);
    else byAgency.set(ghost.command.agency, [ghost]);
  }
  return byAgency.size > 0 ? byAgency : NO_GROUPS;
}

/**
 * Everything one board shows as pending, worked out once per board when its outbox changes
 * (BoardProvider), not in each card, lane chip and menu that shows some of it.
 */
export interface BoardPending {
  incident: IncidentPending;
  byTask: ReadonlyMap<string, readonly OutboxEntry[]>;
  newTasks: ReadonlyMap<string, readonly PendingNewTask[]>;
}

export const NOTHING_ON_BOARD: BoardPending = Object.freeze({ incident: NOTHING_PENDING, byTask: NO_GROUPS, newTasks: NO_GROUPS });

export function boardPending(entries: readonly OutboxEntry[], incidentId: string): BoardPending {
  const mine = waiting(entries).filter((e) => e.incidentId === incidentId);
  // Usually nothing waits (a replay's board has no outbox at all): always the same value then.
  if (mine.length === 0) return NOTHING_ON_BOARD;
  return { incident: incidentPending(mine, incidentId), byTask: pendingByTask(mine, incidentId), newTasks: pendingNewTasks(mine, incidentId) };
}
