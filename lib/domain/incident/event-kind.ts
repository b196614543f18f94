import { assertNever } from '../errors';
import type { EventType, IncidentEvent } from './events';
import type { IncidentState } from './state';

export const EVENT_KINDS = ['tasks', 'messages', 'incident', 'agency'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** Which filter group an event belongs to. */
export function kindOf(ev: IncidentEvent): EventKind {
  return kindOfType(ev.type);
}

/** Which filter group an event type belongs to (the replay's ticks carry only the type). */
export function kindOfType(type: EventType): EventKind {
  switch (type) {
    case 'TaskCreated':
    case 'TaskEdited':
    case 'TaskReassigned':
    case 'TaskStatusChanged':
      return 'tasks';
    case 'MessagePosted':
      return 'messages';
    case 'AgencyStatusChanged':
      return 'agency';
    case 'IncidentOpened':
    case 'IncidentUpdated':
    case 'PhaseChanged':
    case 'SeverityChanged':
      return 'incident';
    default:
      return assertNever(type);
  }
}

/** Every agency an event concerns: who did it, whose task, to whom, whose status. */
export function agenciesOf(ev: IncidentEvent, state: { readonly tasks: Readonly<Record<string, Pick<IncidentState['tasks'][string], 'agency'>>> }): string[] {
  const out = new Set<string>();
  if (ev.actor.agency) out.add(ev.actor.agency);
  switch (ev.type) {
    case 'TaskCreated':
      out.add(ev.payload.agency);
      break;
    case 'TaskEdited':
    case 'TaskStatusChanged': {
      const task = state.tasks[ev.payload.taskId];
      if (task) out.add(task.agency);
      break;
    }
    case 'TaskReassigned':
      out.add(ev.payload.agency.from);
      out.add(ev.payload.agency.to);
      break;
    case 'MessagePosted':
      if (ev.payload.toAgency) out.add(ev.payload.toAgency);
      break;
    case 'AgencyStatusChanged':
      out.add(ev.payload.agency);
      break;
    case 'IncidentOpened':
    case 'IncidentUpdated':
    case 'PhaseChanged':
    case 'SeverityChanged':
      break;
    default:
      assertNever(ev);
  }
  return [...out];
}

/**
 * Whether each event of a log (oldest first, from its start) concerns `agency` as the incident
 * stood when it happened: an edit or a status change of a task belongs to the agency that held the
 * task then, not to the one it was reassigned to later (as the ICS 214 log has it).
 */
export function concerning(events: readonly IncidentEvent[], agency: string): boolean[] {
  const tasks: Record<string, { agency: string }> = {};
  const at = { tasks };
  return events.map((ev) => {
    const yes = agenciesOf(ev, at).includes(agency);
    if (ev.type === 'TaskCreated') tasks[ev.payload.taskId] = { agency: ev.payload.agency };
    else if (ev.type === 'TaskReassigned') tasks[ev.payload.taskId] = { agency: ev.payload.agency.to };
    return yes;
  });
}
