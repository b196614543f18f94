import type { Actor } from './actor';
import { assertNever, domainError, ErrorCode, type DomainError } from './errors';
import type { IncidentCommand } from './incident/commands';
import type { IncidentState } from './incident/state';

/**
 * The one place that says who may do what (SPEC AUTH1–AUTH6). The server calls
 * it for every command; the UI calls it to hide what a person may not do.
 */

const forbid = (message: string): DomainError => domainError(ErrorCode.FORBIDDEN, message);

/** Commanders and admins run incidents (AUTH2). */
export function isCommandLevel(actor: Actor): boolean {
  return actor.role === 'admin' || actor.role === 'commander';
}

/**
 * Who may see an incident (AUTH5): command level and observers see all;
 * liaisons and responders only incidents their agency takes part in.
 */
export function canReadIncident(actor: Actor, state: Pick<IncidentState, 'agencies'>): boolean {
  switch (actor.role) {
    case 'admin':
    case 'commander':
    case 'observer':
      return true;
    case 'liaison':
    case 'responder':
      return actor.agency !== null && state.agencies.includes(actor.agency);
    default:
      return assertNever(actor.role);
  }
}

/** Returns null when allowed, otherwise a FORBIDDEN error saying why. */
export function authorize(actor: Actor, cmd: IncidentCommand, state: IncidentState | null): DomainError | null {
  if (isCommandLevel(actor)) return null;
  if (actor.role === 'observer') return forbid('Observers read only.');
  if (cmd.type === 'OpenIncident') return forbid('Only a commander or an admin opens an incident.');
  if (!state) return null; // the decision reports NOT_FOUND
  if (!actor.agency || !state.agencies.includes(actor.agency))
    return forbid('Your agency does not take part in this incident.');
  const own = actor.agency;

  switch (cmd.type) {
    case 'UpdateIncident':
    case 'ChangePhase':
    case 'ChangeSeverity':
      return forbid('Only a commander changes the incident itself.');
    case 'CreateTask':
      // A liaison may raise a request for another participating agency (AUTH3).
      if (cmd.agency === own || actor.role === 'liaison') return null;
      return forbid('Responders create tasks for their own agency only.');
    case 'EditTask':
    case 'ChangeTaskStatus': {
      const task = state.tasks[cmd.taskId];
      if (!task || task.agency === own) return null;
      return forbid('This task belongs to another agency.');
    }
    case 'ReassignTask': {
      const task = state.tasks[cmd.taskId];
      if (task && task.agency !== own) return forbid('This task belongs to another agency.');
      if (cmd.agency !== own) return forbid('Only a commander moves a task to another agency.');
      return null;
    }
    case 'PostMessage':
      return null;
    case 'SetAgencyStatus':
      if (actor.role === 'liaison' && cmd.agency === own) return null;
      return forbid("Only the agency's liaison or a commander sets the agency's status.");
    default:
      return assertNever(cmd);
  }
}

/** Convenience for the UI: may this person write anything at all? */
export function canWrite(actor: Actor): boolean {
  return actor.role !== 'observer';
}
