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

type TaskAgencies = { readonly tasks: Readonly<Record<string, Pick<IncidentState['tasks'][string], 'agency'>>> };

/** Every agency an event concerns: who did it, whose task (in `state`), to whom, whose status, which it brought in or took out. */
export function agenciesOf(ev: IncidentEvent, state: TaskAgencies): string[] {
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
    case 'IncidentUpdated': {
      // An agency brought into the incident or taken out of it (its ICS 214 says when it was activated).
      const list = ev.payload.agencies;
      if (list) for (const a of [...list.from, ...list.to]) if (list.from.includes(a) !== list.to.includes(a)) out.add(a);
      break;
    }
    case 'IncidentOpened':
    case 'PhaseChanged':
    case 'SeverityChanged':
      break;
    default:
      assertNever(ev);
  }
  return [...out];
}

/**
 * The agency each task event (an edit, a status change) of `events` (oldest first, ending at the
 * state the caller shows) had its task held by when it happened, by seq, where a later
 * reassignment moved the task; walked back from the newest. Events not in it concern the agency
 * that holds their task in that state.
 */
export function heldWhen(events: readonly IncidentEvent[]): Map<number, string> {
  const before = new Map<string, string>();
  const out = new Map<number, string>();
  for (let i = events.length - 1; i >= 0; i--) {
    const ev = events[i];
    if (ev.type === 'TaskReassigned') before.set(ev.payload.taskId, ev.payload.agency.from);
    else if (ev.type === 'TaskEdited' || ev.type === 'TaskStatusChanged') {
      const agency = before.get(ev.payload.taskId);
      if (agency !== undefined) out.set(ev.seq, agency);
    }
  }
  return out;
}

/**
 * Every agency that held each task, from the seq of the event that gave it to it (its creation, a
 * reassignment) on, oldest first: which agency held a task at any moment (a finding's, SPEC REV3).
 * `heldWhen` answers the same for the task events of a log, walking it once from the newest.
 */
export type TaskHolders = ReadonlyMap<string, readonly { seq: number; agency: string }[]>;

export function taskHolders(events: readonly IncidentEvent[]): TaskHolders {
  const out = new Map<string, { seq: number; agency: string }[]>();
  const held = (taskId: string, seq: number, agency: string) => {
    const steps = out.get(taskId);
    if (steps) steps.push({ seq, agency });
    else out.set(taskId, [{ seq, agency }]);
  };
  for (const e of events) {
    if (e.type === 'TaskCreated') held(e.payload.taskId, e.seq, e.payload.agency);
    else if (e.type === 'TaskReassigned') held(e.payload.taskId, e.seq, e.payload.agency.to);
  }
  return out;
}

/** The agency that held `taskId` right after event `seq` (its first before it was created); null for a task `holders` does not know. */
export function heldAt(holders: TaskHolders, taskId: string, seq: number): string | null {
  const steps = holders.get(taskId);
  if (!steps) return null;
  let agency = steps[0].agency;
  for (const s of steps) if (s.seq <= seq) agency = s.agency;
  return agency;
}

/**
 * Every agency an event concerns as the incident stood when it happened: `agenciesOf` with the
 * agency that held its task then (`held`, from `heldWhen`), not the one it was reassigned to
 * since (the timeline's and the replay's agency filters, as the ICS 214 log has it).
 */
export function agenciesThen(ev: IncidentEvent, state: TaskAgencies, held: ReadonlyMap<number, string>): string[] {
  const then = held.get(ev.seq);
  return agenciesOf(ev, then !== undefined && 'taskId' in ev.payload ? { tasks: { [ev.payload.taskId]: { agency: then } } } : state);
}
