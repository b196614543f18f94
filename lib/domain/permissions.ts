import type { Principal } from './actor';
import { assertNever, domainError, ErrorCode, type DomainError } from './errors';
import type { IncidentCommand } from './incident/commands';
import type { IncidentState } from './incident/state';

/**
 * The one place that says who may do what (SPEC AUTH1–AUTH7). The server calls
 * it for every command, every read and every admin route; the UI calls it to
 * hide what a person may not do; docs/security.md renders it as a table
 * (scripts/security-matrix.ts).
 *
 * A principal is an account (Actor) or a wall screen (DisplayPrincipal), told
 * apart by `role`, so every rule below is one exhaustive switch over roles.
 */

const forbid = (message: string): DomainError => domainError(ErrorCode.FORBIDDEN, message);

/** Commanders and admins run incidents (AUTH2). */
export function isCommandLevel(p: Principal): boolean {
  return p.role === 'admin' || p.role === 'commander';
}

/**
 * Who may see an incident (AUTH5, AUTH6, AUTH7): command level and observers see
 * all; liaisons and responders only incidents their agency takes part in; a
 * display the incident its token names, or every incident not closed.
 */
export function canReadIncident(p: Principal, state: Pick<IncidentState, 'id' | 'agencies' | 'phase'>): boolean {
  switch (p.role) {
    case 'admin':
    case 'commander':
    case 'observer':
      return true;
    case 'liaison':
    case 'responder':
      return p.agency !== null && state.agencies.includes(p.agency);
    case 'display':
      return p.scope.kind === 'incident' ? p.scope.incidentId === state.id : state.phase !== 'closed';
    default:
      return assertNever(p);
  }
}

/**
 * Returns null when allowed, otherwise a FORBIDDEN error saying why.
 * Authorisation comes before the decision (SPEC CMD1), so a principal who may
 * not write gets FORBIDDEN even on a closed incident, and one who may gets the
 * decision's INCIDENT_CLOSED.
 */
export function authorize(p: Principal, cmd: IncidentCommand, state: IncidentState | null): DomainError | null {
  if (p.role === 'display') return forbid('A wall screen only reads.');
  if (p.role === 'observer') return forbid('Observers read only.');
  if (state && !canReadIncident(p, state)) return forbid('Your agency does not take part in this incident.');
  if (isCommandLevel(p)) return null;
  if (cmd.type === 'OpenIncident') return forbid('Only a commander or an admin opens an incident.');
  if (!state) return null; // the decision reports NOT_FOUND
  // A liaison or responder of a participating agency from here on (canReadIncident above).
  const own = p.agency;

  switch (cmd.type) {
    case 'UpdateIncident':
    case 'ChangePhase':
    case 'ChangeSeverity':
      return forbid('Only a commander changes the incident itself.');
    case 'CreateTask':
      // A liaison may raise a request for another participating agency (AUTH3).
      if (cmd.agency === own || p.role === 'liaison') return null;
      return forbid('Responders create tasks for their own agency only.');
    case 'EditTask':
    case 'ChangeTaskStatus': {
      const task = state.tasks[cmd.taskId];
      if (!task || task.agency === own) return null;
      return forbid('This task belongs to another agency.');
    }
    case 'ReassignTask': {
      if (p.role === 'responder') return forbid("Responders do not reassign tasks; ask your agency's liaison.");
      const task = state.tasks[cmd.taskId];
      if (task && task.agency !== own) return forbid('This task belongs to another agency.');
      if (cmd.agency !== own) return forbid('Only a commander moves a task to another agency.');
      return null;
    }
    case 'PostMessage':
      return null;
    case 'SetAgencyStatus':
      if (p.role === 'liaison' && cmd.agency === own) return null;
      return forbid("Only the agency's liaison or a commander sets the agency's status.");
    default:
      return assertNever(cmd);
  }
}

/** What the admin screens do (AUTH2): each is one group of HTTP routes. */
export const ADMIN_ACTIONS = ['ManageAccounts', 'ManageAgencies', 'ManagePlans', 'ManageSessions', 'ManageDisplays', 'ReadAudit'] as const;
export type AdminAction = (typeof ADMIN_ACTIONS)[number];

/** Only admins administer; a display never does (AUTH2, AUTH7). */
export function authorizeAdmin(p: Principal, action: AdminAction): DomainError | null {
  switch (p.role) {
    case 'admin':
      return null;
    case 'display':
      return forbid('A wall screen only reads.');
    case 'commander':
    case 'liaison':
    case 'responder':
    case 'observer':
      return forbid(`Only an admin may do this (${action}).`);
    default:
      return assertNever(p);
  }
}

/**
 * After-action review (REV1–REV4, issue #5). Anyone who may read an incident may
 * replay it and see its metrics and findings; these actions need more.
 */
export const REVIEW_ACTIONS = ['AddFinding', 'ManageImprovements', 'Export', 'ImportLog'] as const;
export type ReviewAction = (typeof REVIEW_ACTIONS)[number];

/**
 * Observers, commanders and admins add findings, keep the improvement plan and
 * export; only an admin imports a log into this installation. Liaisons,
 * responders and wall screens are refused FORBIDDEN (nothing written).
 */
export function authorizeReview(p: Principal, action: ReviewAction): DomainError | null {
  switch (p.role) {
    case 'admin':
      return null;
    case 'commander':
    case 'observer':
      return action === 'ImportLog' ? forbid('Only an admin imports an incident log.') : null;
    case 'liaison':
    case 'responder':
      return forbid('Only observers and commanders review an incident.');
    case 'display':
      return forbid('A wall screen only reads.');
    default:
      return assertNever(p);
  }
}

/** Convenience for the UI: may this principal write anything at all? */
export function canWrite(p: Principal): boolean {
  return p.role !== 'observer' && p.role !== 'display';
}
