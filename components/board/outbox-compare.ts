import type { IncidentCommandInput } from '@/lib/domain/incident/commands';
import type { IncidentState, Task } from '@/lib/domain/incident/state';
import { commandTaskId } from '@/lib/client/outbox-queue';

/** One field of a refused change: what the person wanted, and what it is now. */
export interface CompareRow {
  field:
    | 'status'
    | 'reason'
    | 'note'
    | 'title'
    | 'details'
    | 'priority'
    | 'dueAt'
    | 'location'
    | 'agency'
    | 'assignee'
    | 'phase'
    | 'severity'
    | 'description'
    | 'agencies'
    | 'text'
    | 'toAgency'
    | 'alert'
    | 'agencyStatus';
  mine: unknown;
  now: unknown;
}

/**
 * Both versions of a refused change, field by field: for each field the
 * command sets, its value in the command and in the current state (undefined
 * when the thing no longer exists or never did). Everything the person said is
 * a row: "discard" must never throw away words they were not shown. `state`
 * null: the incident cannot be read (its board does not open), and each row
 * has the person's value only.
 */
export function compareRows(command: IncidentCommandInput, state: IncidentState | null): CompareRow[] {
  const taskId = commandTaskId(command);
  const task: Task | undefined = taskId ? state?.tasks[taskId] : undefined;
  const rows = (pairs: [CompareRow['field'], unknown, unknown][]) =>
    pairs.filter(([, mine]) => mine !== undefined).map(([field, mine, now]) => ({ field, mine, now }));
  // A new thing's fields left at their defaults (empty, none) say nothing: not rows.
  const said = (pairs: [CompareRow['field'], unknown, unknown][]) => rows(pairs.filter(([, mine]) => mine !== '' && mine !== null));
  switch (command.type) {
    case 'ChangeTaskStatus':
      return rows([
        ['status', command.to, task?.status],
        // A done note, or the reason for blocking, cancelling or reopening: what the task says now.
        [command.to === 'done' ? 'note' : 'reason', command.reason, task?.statusReason],
      ]);
    case 'EditTask':
      return rows([
        ['title', command.title, task?.title],
        ['details', command.details, task?.details],
        ['priority', command.priority, task?.priority],
        ['dueAt', command.dueAt, task?.dueAt],
        ['location', command.location, task?.location],
      ]);
    case 'ReassignTask':
      return rows([
        ['agency', command.agency, task?.agency],
        ['assignee', command.assignee, task?.assignee],
      ]);
    case 'CreateTask':
      return [
        ...rows([['title', command.title, task?.title]]),
        ...said([
          ['agency', command.agency, task?.agency],
          ['details', command.details, task?.details],
          ['assignee', command.assignee, task?.assignee],
          ['priority', command.priority, task?.priority],
          ['dueAt', command.dueAt, task?.dueAt],
          ['location', command.location, task?.location],
        ]),
      ];
    case 'ChangePhase':
      return rows([['phase', command.phase, state?.phase]]);
    case 'ChangeSeverity':
      return rows([
        ['severity', command.severity, state?.severity],
        ['reason', command.reason, undefined],
      ]);
    case 'UpdateIncident':
      return rows([
        ['title', command.title, state?.title],
        ['description', command.description, state?.description],
        ['location', command.location, state?.location],
        ['agencies', command.agencies, state?.agencies],
      ]);
    case 'PostMessage':
      return rows([
        ['text', command.text, undefined],
        // null: to everyone (the composer's default).
        ['toAgency', command.toAgency ?? null, undefined],
        ['alert', command.alert === true ? true : undefined, undefined],
      ]);
    case 'SetAgencyStatus':
      return rows([
        // Whose status (a commander may set any agency's): the same agency now.
        ['agency', command.agency, state ? command.agency : undefined],
        ['agencyStatus', command.status, state?.agencyStatus[command.agency]?.status],
      ]);
    default:
      return [];
  }
}

/** The version "apply mine anyway" is made against: the task's or the incident's now; null when it is gone. */
export function currentVersion(command: IncidentCommandInput, state: IncidentState): number | null {
  const taskId = commandTaskId(command);
  if (taskId) return state.tasks[taskId]?.version ?? null;
  return state.version;
}

/**
 * Whether a CONFLICT named a version (`details.currentVersion`) later than `version`, the one the
 * board shows: it came while the board was still catching up (SPEC SYNC5 keeps the old state shown
 * meanwhile). Whatever is built on what the board shows then (the "now" of a refused change, an
 * edit dialog's fields, "apply mine" or the next save) waits until the board is there.
 */
export function conflictAhead(error: { code: string; details?: Record<string, unknown> } | null | undefined, version: number | null): boolean {
  const at = error?.code === 'CONFLICT' ? error.details?.currentVersion : undefined;
  return typeof at === 'number' && version !== null && version < at;
}
