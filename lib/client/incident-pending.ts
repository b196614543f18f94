import type { AgencyStatus, Phase, Severity, TaskStatus } from '../domain/incident/vocabulary';
import { waiting, type OutboxEntry } from './outbox-queue';

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
