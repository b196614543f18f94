import { agenciesOf } from '../domain/incident/event-kind';
import type { Role } from '../domain/actor';
import type { IncidentEvent } from '../domain/incident/events';
import { applyEvents } from '../domain/incident/evolve';
import type { IncidentState } from '../domain/incident/state';

/**
 * One agency's activity log in the layout of the ICS 214 form (SPEC REV5):
 * 1 incident name, 2 operational period, 3 the agency's people who appear in
 * the log (liaison, responders) with their role, 4 resources assigned (those
 * people and the named assignees of the agency's tasks), 5 the time-ordered
 * notable activities: everything the agency did, and everything done to it by
 * others (tasks created for it or moved to or from it, changes to its tasks,
 * messages to it, its status set by a commander, the updates that brought it
 * into the incident or took it out).
 */
export interface Ics214Person {
  userId: string;
  name: string;
  role: Role;
  /** When they first appear in the log (epoch ms). */
  firstTs: number;
}

export interface Ics214Activity {
  seq: number;
  ts: number;
  actorName: string;
  actorAgency: string | null;
  text: string;
}

export interface Ics214 {
  incidentTitle: string;
  agency: string;
  /** The incident's span: opened → closed, or → the last event while it runs. */
  period: { from: number; to: number };
  people: Ics214Person[];
  /** Named assignees of the agency's tasks (free text on tasks), whoever held one while it was the agency's; sorted. */
  assignees: string[];
  activities: Ics214Activity[];
}

/** Notable for the form: an edit of a task's wording is not; everything else that concerns the agency is. */
function notable(ev: IncidentEvent): boolean {
  return ev.type !== 'IncidentUpdated' || ev.payload.agencies !== undefined;
}

/**
 * Builds the form from the whole log. `describe` gets each event and the state
 * just before it (lib/exports/describe-event.ts, in the reader's language).
 */
export function buildIcs214(
  events: readonly IncidentEvent[],
  agency: string,
  describe: (ev: IncidentEvent, before: IncidentState | null) => string,
): Ics214 {
  let state: IncidentState | null = null;
  const people = new Map<string, Ics214Person>();
  const assignees = new Set<string>();
  const activities: Ics214Activity[] = [];
  for (const ev of events) {
    const before: IncidentState | null = state;
    const concerns = ev.type === 'IncidentOpened' || (before !== null && agenciesOf(ev, before).includes(agency));
    if (ev.actor.agency === agency && !people.has(ev.actor.userId))
      people.set(ev.actor.userId, { userId: ev.actor.userId, name: ev.actor.name, role: ev.actor.role, firstTs: ev.ts });
    if (concerns && notable(ev))
      activities.push({ seq: ev.seq, ts: ev.ts, actorName: ev.actor.name, actorAgency: ev.actor.agency, text: describe(ev, before) });
    state = applyEvents(state, [ev], { handOver: true }); // the previous state is not kept: no copy per event
    // Everyone the agency's tasks were ever assigned to, not only at the end: a team replaced
    // on a task, or whose task later went to another agency, still worked for this one.
    const taskId = 'taskId' in ev.payload ? ev.payload.taskId : undefined;
    const task = taskId && state ? state.tasks[taskId] : undefined;
    if (task && task.agency === agency && task.assignee) assignees.add(task.assignee);
  }
  const first = events[0]?.ts ?? 0;
  const last = events[events.length - 1]?.ts ?? first;
  return {
    incidentTitle: state?.title ?? '',
    agency,
    period: { from: state?.openedAt ?? first, to: state?.closedAt ?? last },
    people: [...people.values()].sort((a, b) => a.firstTs - b.firstTs),
    assignees: [...assignees].sort((a, b) => a.localeCompare(b)),
    activities,
  };
}
