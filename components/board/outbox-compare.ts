import type { IncidentCommandInput } from '@/lib/domain/incident/commands';
import type { IncidentState, Task } from '@/lib/domain/incident/state';

/** One field of a refused change: what the person wanted, and what it is now. */
export interface CompareRow {
  field: 'status' | 'title' | 'details' | 'priority' | 'dueAt' | 'location' | 'agency' | 'assignee' | 'phase' | 'severity' | 'description' | 'agencies' | 'text' | 'agencyStatus';
  mine: unknown;
  now: unknown;
}

/** The task a command is about, if it is about one. */
export function commandTaskId(command: IncidentCommandInput): string | null {
  return 'taskId' in command && typeof command.taskId === 'string' ? command.taskId : null;
}

/**
 * Both versions of a refused change, field by field: for each field the
 * command sets, its value in the command and in the current state (undefined
 * when the thing no longer exists or never did).
 */
export function compareRows(command: IncidentCommandInput, state: IncidentState): CompareRow[] {
  const taskId = commandTaskId(command);
  const task: Task | undefined = taskId ? state.tasks[taskId] : undefined;
  const rows = (pairs: [CompareRow['field'], unknown, unknown][]) =>
    pairs.filter(([, mine]) => mine !== undefined).map(([field, mine, now]) => ({ field, mine, now }));
  switch (command.type) {
    case 'ChangeTaskStatus':
      return rows([['status', command.to, task?.status]]);
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
      return rows([['title', command.title, task?.title]]);
    case 'ChangePhase':
      return rows([['phase', command.phase, state.phase]]);
    case 'ChangeSeverity':
      return rows([['severity', command.severity, state.severity]]);
    case 'UpdateIncident':
      return rows([
        ['title', command.title, state.title],
        ['description', command.description, state.description],
        ['location', command.location, state.location],
        ['agencies', command.agencies, state.agencies],
      ]);
    case 'PostMessage':
      return rows([['text', command.text, undefined]]);
    case 'SetAgencyStatus':
      return rows([['agencyStatus', command.status, state.agencyStatus[command.agency]?.status]]);
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
