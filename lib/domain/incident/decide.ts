import { assertNever, domainError, ErrorCode, type DomainError } from '../errors';
import type * as C from './commands';
import type { IncidentCommand } from './commands';
import type { Change, EventBody } from './events';
import { hasMessageId } from './message-ids';
import { isActiveTask, type IncidentState, type Task } from './state';
import { canChangePhase, canTransitionTask, transitionNeedsReason } from './transitions';

export interface DecideContext {
  /** Agency codes that exist (configured by the admin). */
  knownAgencies: ReadonlySet<string>;
}

export type Decision = { ok: true; events: EventBody[] } | { ok: false; error: DomainError };

const reject = (code: ErrorCode, message: string, details?: Record<string, unknown>): Decision => ({
  ok: false,
  error: domainError(code, message, details),
});
const accept = (...events: EventBody[]): Decision => ({ ok: true, events });

/**
 * Decides a command against the current state: which events it causes, or why
 * not. Pure; authorisation has already happened (SPEC CMD1).
 */
export function decide(state: IncidentState | null, cmd: IncidentCommand, ctx: DecideContext): Decision {
  if (cmd.type === 'OpenIncident') return openIncident(state, cmd, ctx);
  if (!state) return reject(ErrorCode.NOT_FOUND, 'No such incident.');
  if (state.phase === 'closed') return reject(ErrorCode.INCIDENT_CLOSED, 'The incident is closed; its record is read-only.');

  switch (cmd.type) {
    case 'UpdateIncident':
      return updateIncident(state, cmd, ctx);
    case 'ChangePhase':
      return changePhase(state, cmd);
    case 'ChangeSeverity':
      return changeSeverity(state, cmd);
    case 'CreateTask':
      return createTask(state, cmd);
    case 'EditTask':
      return editTask(state, cmd);
    case 'ReassignTask':
      return reassignTask(state, cmd);
    case 'ChangeTaskStatus':
      return changeTaskStatus(state, cmd);
    case 'PostMessage':
      return postMessage(state, cmd);
    case 'SetAgencyStatus':
      return setAgencyStatus(state, cmd);
    default:
      return assertNever(cmd);
  }
}

function unknownAgencies(codes: readonly string[], ctx: DecideContext): string[] {
  return codes.filter((c) => !ctx.knownAgencies.has(c));
}

/** SPEC INC4: a refusal of agencies the directory lacks, which names them (unknownAgenciesOf reads them back). */
function refuseUnknown(unknown: string[]): Decision {
  return reject(ErrorCode.BAD_REQUEST, `Unknown agency: ${unknown.join(', ')}.`, { unknown });
}

/** The agencies a refusal named as unknown to the directory (refuseUnknown), else none. */
export function unknownAgenciesOf(error: DomainError): string[] {
  const unknown = error.code === ErrorCode.BAD_REQUEST ? error.details?.unknown : undefined;
  return Array.isArray(unknown) ? unknown.filter((c): c is string => typeof c === 'string') : [];
}

function openIncident(state: IncidentState | null, cmd: C.OpenIncident, ctx: DecideContext): Decision {
  if (state) return reject(ErrorCode.ALREADY_EXISTS, 'An incident with this id already exists.');
  const agencies = [...new Set(cmd.agencies)];
  const unknown = unknownAgencies(agencies, ctx);
  if (unknown.length) return refuseUnknown(unknown);
  const { type: _type, ...payload } = cmd;
  return accept({ type: 'IncidentOpened', payload: { ...payload, agencies } });
}

function checkIncidentVersion(state: IncidentState, expected: number): Decision | null {
  if (state.version === expected) return null;
  return reject(ErrorCode.CONFLICT, 'The incident was changed by someone else; review and try again.', {
    currentVersion: state.version,
  });
}

/** Returns the change only when the value really changes. */
function diff<T>(from: T, to: T | undefined): Change<T> | undefined {
  if (to === undefined) return undefined;
  return JSON.stringify(from) === JSON.stringify(to) ? undefined : { from, to };
}

function updateIncident(state: IncidentState, cmd: C.UpdateIncident, ctx: DecideContext): Decision {
  const conflict = checkIncidentVersion(state, cmd.expectedVersion);
  if (conflict) return conflict;
  const agencies = cmd.agencies ? [...new Set(cmd.agencies)] : undefined;
  if (agencies) {
    const unknown = unknownAgencies(agencies, ctx);
    if (unknown.length) return refuseUnknown(unknown);
    const removed = state.agencies.filter((a) => !agencies.includes(a));
    const busy = removed.filter((a) => Object.values(state.tasks).some((t) => t.agency === a && isActiveTask(t)));
    if (busy.length)
      return reject(ErrorCode.INVALID_TRANSITION, `Agency still has active tasks: ${busy.join(', ')}.`, { busy });
  }
  const payload = {
    title: diff(state.title, cmd.title),
    description: diff(state.description, cmd.description),
    location: diff(state.location, cmd.location),
    agencies: diff(state.agencies, agencies),
  };
  const changes = Object.fromEntries(Object.entries(payload).filter(([, v]) => v !== undefined));
  if (Object.keys(changes).length === 0) return reject(ErrorCode.BAD_REQUEST, 'Nothing to change.');
  return accept({ type: 'IncidentUpdated', payload: changes });
}

function changePhase(state: IncidentState, cmd: C.ChangePhase): Decision {
  const conflict = checkIncidentVersion(state, cmd.expectedVersion);
  if (conflict) return conflict;
  if (!canChangePhase(state.phase, cmd.phase))
    return reject(ErrorCode.INVALID_TRANSITION, `Cannot change phase from ${state.phase} to ${cmd.phase}.`);
  return accept({ type: 'PhaseChanged', payload: { from: state.phase, to: cmd.phase } });
}

function changeSeverity(state: IncidentState, cmd: C.ChangeSeverity): Decision {
  const conflict = checkIncidentVersion(state, cmd.expectedVersion);
  if (conflict) return conflict;
  if (state.severity === cmd.severity) return reject(ErrorCode.INVALID_TRANSITION, `Severity is already ${cmd.severity}.`);
  return accept({
    type: 'SeverityChanged',
    payload: { from: state.severity, to: cmd.severity, reason: cmd.reason ?? null },
  });
}

function requireParticipating(state: IncidentState, agency: string): Decision | null {
  if (state.agencies.includes(agency)) return null;
  return reject(ErrorCode.BAD_REQUEST, `Agency ${agency} does not take part in this incident.`);
}

function createTask(state: IncidentState, cmd: C.CreateTask): Decision {
  if (state.tasks[cmd.taskId]) return reject(ErrorCode.ALREADY_EXISTS, 'A task with this id already exists.');
  const notIn = requireParticipating(state, cmd.agency);
  if (notIn) return notIn;
  const { type: _type, ...payload } = cmd;
  return accept({ type: 'TaskCreated', payload: { ...payload, assignee: payload.assignee || null } });
}

/** Finds the task and checks its version (SPEC CONC1). */
function loadTask(state: IncidentState, taskId: string, expected: number): { task: Task } | { error: Decision } {
  const task = state.tasks[taskId];
  if (!task) return { error: reject(ErrorCode.NOT_FOUND, 'No such task.') };
  if (task.version !== expected)
    return {
      error: reject(ErrorCode.CONFLICT, 'The task was changed by someone else; review and try again.', {
        currentVersion: task.version,
      }),
    };
  return { task };
}

function editTask(state: IncidentState, cmd: C.EditTask): Decision {
  const r = loadTask(state, cmd.taskId, cmd.expectedVersion);
  if ('error' in r) return r.error;
  const t = r.task;
  const changes = {
    title: diff(t.title, cmd.title),
    details: diff(t.details, cmd.details),
    priority: diff(t.priority, cmd.priority),
    dueAt: diff(t.dueAt, cmd.dueAt),
    location: diff(t.location, cmd.location),
  };
  const present = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
  if (Object.keys(present).length === 0) return reject(ErrorCode.BAD_REQUEST, 'Nothing to change.');
  // SPEC TASK4: a finished task's due time is what it was judged against (REV2's overdue): moving it
  // afterwards would rewrite how the agency did. Reopened first, as for a reassignment.
  if (changes.dueAt !== undefined && !isActiveTask(t))
    return reject(ErrorCode.INVALID_TRANSITION, 'A finished task keeps its due time; reopen it first to change it.');
  return accept({ type: 'TaskEdited', payload: { taskId: t.id, ...present } });
}

function reassignTask(state: IncidentState, cmd: C.ReassignTask): Decision {
  const r = loadTask(state, cmd.taskId, cmd.expectedVersion);
  if ('error' in r) return r.error;
  const t = r.task;
  const notIn = requireParticipating(state, cmd.agency);
  if (notIn) return notIn;
  if (!isActiveTask(t)) return reject(ErrorCode.INVALID_TRANSITION, 'A finished task cannot be reassigned; reopen it first.');
  const assignee = cmd.assignee === '' ? null : cmd.assignee;
  if (t.agency === cmd.agency && t.assignee === assignee) return reject(ErrorCode.BAD_REQUEST, 'Nothing to change.');
  return accept({
    type: 'TaskReassigned',
    payload: { taskId: t.id, agency: { from: t.agency, to: cmd.agency }, assignee: { from: t.assignee, to: assignee } },
  });
}

function changeTaskStatus(state: IncidentState, cmd: C.ChangeTaskStatus): Decision {
  const r = loadTask(state, cmd.taskId, cmd.expectedVersion);
  if ('error' in r) return r.error;
  const t = r.task;
  if (!canTransitionTask(t.status, cmd.to))
    return reject(ErrorCode.INVALID_TRANSITION, `A task cannot go from ${t.status} to ${cmd.to}.`, {
      from: t.status,
      to: cmd.to,
    });
  // SPEC TASK5: only finished tasks can be of an agency that left (INC4); reopened, nobody of it would be told.
  if (!state.agencies.includes(t.agency))
    return reject(ErrorCode.INVALID_TRANSITION, `${t.agency} no longer takes part in the incident: its finished task cannot be reopened. Create a new task instead.`, {
      from: t.status,
      to: cmd.to,
    });
  if (transitionNeedsReason(t.status, cmd.to) && !cmd.reason)
    return reject(ErrorCode.BAD_REQUEST, `A reason is required to move a task to ${cmd.to}.`);
  return accept({
    type: 'TaskStatusChanged',
    payload: { taskId: t.id, from: t.status, to: cmd.to, reason: cmd.reason ?? null },
  });
}

function postMessage(state: IncidentState, cmd: C.PostMessage): Decision {
  if (hasMessageId(state.messages, cmd.messageId))
    return reject(ErrorCode.ALREADY_EXISTS, 'A message with this id already exists.');
  if (cmd.toAgency) {
    const notIn = requireParticipating(state, cmd.toAgency);
    if (notIn) return notIn;
  }
  return accept({
    type: 'MessagePosted',
    payload: { messageId: cmd.messageId, text: cmd.text, toAgency: cmd.toAgency, alert: cmd.alert },
  });
}

function setAgencyStatus(state: IncidentState, cmd: C.SetAgencyStatus): Decision {
  const notIn = requireParticipating(state, cmd.agency);
  if (notIn) return notIn;
  const from = state.agencyStatus[cmd.agency]?.status ?? null;
  if (from === cmd.status) return reject(ErrorCode.INVALID_TRANSITION, `Agency status is already ${cmd.status}.`);
  return accept({ type: 'AgencyStatusChanged', payload: { agency: cmd.agency, from, to: cmd.status } });
}
