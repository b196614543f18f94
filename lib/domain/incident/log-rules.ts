import { ErrorCode } from '../errors';
import { IncidentCommand } from './commands';
import { decide, type DecideContext } from './decide';
import type { IncidentEvent } from './events';
import { applyEvents } from './evolve';
import { isActiveTask, type AgencyState, type IncidentState } from './state';

/**
 * Whether a whole log is one a live incident could have written (SPEC REV5): an
 * imported log must not hold an event that `decide` would never have produced.
 *
 * Walks the log with the reducer's own state (applyEvents) and, for each event,
 * rebuilds the command that would have caused it and asks `decide` itself, at
 * that state, what that command writes. The event must be exactly that (payload
 * compared field by field), so every rule of decide applies as it is, not a
 * copy: closed is final (INC2), phase and severity changes must change something
 * (INC1, INC3), agencies with active tasks stay (INC4), the task lifecycle and
 * its reasons (TASK1, TASK2, via transitions.ts), no finished task reassigned and
 * no edit or reassignment that changes nothing (TASK3, TASK4), task and message
 * ids unique, agency statuses that change (AGS1), and every `from` equal to the
 * state at that point. The rebuilt command is first parsed with the live command
 * schema (IncidentCommand, what `command:submit` parses), so the event's fields
 * are only what a live command accepts (a title trimmed and not empty, a reason
 * when one is given, the limits, clean text, uuid task and message ids, a due
 * time after 2000, at least one agency), and decide gets the parsed command: text
 * the schema would have trimmed is refused too, since decide writes it trimmed.
 *
 * Not checked: who did it (the actors are another installation's accounts, and
 * authorisation is not part of the record), versions (rebuilt from the state, so
 * never a conflict), and whether a message's `toAgency` takes part in the
 * incident (the import's rule for agencies is "known here or in the header").
 * Things an earlier Portline wrote are accepted: a task created with
 * assignee '' (now null), an agency status cleared (`to: null`, which the
 * reducer supports; no command writes it today, so it is not parsed), a finished
 * task's due time moved, and an agency brought back in reporting `from` the status
 * it had when taken out (viewFor).
 *
 * Assumes seq 1..n in order (parseIncidentLog checks that first). O(n): the
 * state is handed over from event to event (SPEC STATE2).
 */
export interface LogRuleBreak {
  seq: number;
  /** "seq 14: task t-3 is 'open', the event says from 'acknowledged'" */
  message: string;
}

export function logRuleBreak(events: readonly IncidentEvent[]): LogRuleBreak | null {
  const ctx: DecideContext = { knownAgencies: agenciesNamed(events) };
  let state: IncidentState | null = null;
  // The status each agency brought back into the incident had when it was taken out, until its next
  // report: a Portline before 2026-12-08 kept it (SPEC AGS1), and wrote that report `from` it.
  const carried = new Map<string, AgencyState>();
  for (const ev of events) {
    const wrong = check(state, ev, ctx, carried);
    if (wrong) return { seq: ev.seq, message: `seq ${ev.seq}: ${wrong}` };
    if (ev.type === 'AgencyStatusChanged') carried.delete(ev.payload.agency);
    else if (state && ev.type === 'IncidentUpdated' && ev.payload.agencies) {
      const { from, to } = ev.payload.agencies;
      for (const a of to) if (!from.includes(a) && state.agencyStatus[a]) carried.set(a, state.agencyStatus[a]);
    }
    try {
      state = applyEvents(state, [ev], { handOver: true });
    } catch (err) {
      return { seq: ev.seq, message: `seq ${ev.seq}: ${err instanceof Error ? err.message : String(err)}` };
    }
  }
  return null;
}

/**
 * The agencies the incident itself names (opened with, changed to): whether a
 * code exists is the import's check against the header, not this one's, so
 * decide's "unknown agency" never fires here.
 */
function agenciesNamed(events: readonly IncidentEvent[]): Set<string> {
  const out = new Set<string>();
  for (const ev of events) {
    if (ev.type === 'IncidentOpened') ev.payload.agencies.forEach((a) => out.add(a));
    else if (ev.type === 'IncidentUpdated' && ev.payload.agencies) ev.payload.agencies.to.forEach((a) => out.add(a));
  }
  return out;
}

/** Codes of decide's refusals that say the event's target is wrong, before any `from` can be compared. */
const FIRST = new Set<string>([ErrorCode.NOT_FOUND, ErrorCode.INCIDENT_CLOSED, ErrorCode.ALREADY_EXISTS]);

function check(state: IncidentState | null, ev: IncidentEvent, ctx: DecideContext, carried: ReadonlyMap<string, AgencyState>): string | null {
  const what = `${ev.type}${subjectOf(ev)}`;
  const cmd = liveCommand(commandOf(state, ev));
  if (typeof cmd === 'string') return `${what}: ${cmd}`;
  const view = viewFor(state, ev, carried);
  const d = decide(view, cmd, ctx);
  if (!d.ok && FIRST.has(d.error.code)) return `${what}: ${sentence(d.error.message)}`;
  const from = view ? wrongFrom(view, ev) : null;
  if (from) return from;
  if (!d.ok) return `${what}: ${sentence(d.error.message)}`;
  if (d.events.length !== 1 || d.events[0].type !== ev.type) return `${what}: a live command would have written ${d.events.map((e) => e.type).join(', ')}`;
  const expected = d.events[0].payload as Record<string, unknown>;
  const actual = ev.payload as Record<string, unknown>;
  // Before an empty assignee became null (decide's createTask), a task could be created with ''.
  const lenient = ev.type === 'TaskCreated' && actual.assignee === '' && expected.assignee === null ? { ...expected, assignee: '' } : expected;
  const diff = firstDifference(lenient, actual, '');
  if (!diff) return null;
  if (diff.expected === undefined) return `${what}: the event has ${diff.path} ${show(diff.actual)}, which changes nothing; a live command would not write it`;
  return `${what}: the event has ${diff.path} ${show(diff.actual)}; a live command would have written ${show(diff.expected)}`;
}

function subjectOf(ev: IncidentEvent): string {
  switch (ev.type) {
    case 'TaskCreated':
    case 'TaskEdited':
    case 'TaskReassigned':
    case 'TaskStatusChanged':
      return ` of task ${ev.payload.taskId}`;
    case 'MessagePosted':
      return ` (message ${ev.payload.messageId})`;
    case 'AgencyStatusChanged':
      return ` of agency ${ev.payload.agency}`;
    default:
      return '';
  }
}

/**
 * The state decide sees: the incident's own, except where an earlier Portline wrote what this one
 * would not, for this one decision: a message may go to an agency outside the incident (see
 * above), so its `toAgency` counts as taking part; a finished task's due time could be moved
 * (SPEC TASK4 since 2026-12-08), so the task counts as under way; an agency brought back in kept
 * its status (`carried`, SPEC AGS1 since 2026-12-08), so a report `from` that status counts.
 */
function viewFor(state: IncidentState | null, ev: IncidentEvent, carried: ReadonlyMap<string, AgencyState>): IncidentState | null {
  if (!state) return state;
  switch (ev.type) {
    case 'MessagePosted': {
      const a = ev.payload.toAgency;
      return a === null || state.agencies.includes(a) ? state : { ...state, agencies: [...state.agencies, a] };
    }
    case 'TaskEdited': {
      const task = state.tasks[ev.payload.taskId];
      return task && ev.payload.dueAt && !isActiveTask(task) ? { ...state, tasks: { ...state.tasks, [task.id]: { ...task, status: 'in_progress' } } } : state;
    }
    case 'AgencyStatusChanged': {
      const { agency, from } = ev.payload;
      const kept = carried.get(agency);
      return kept && !state.agencyStatus[agency] && from === kept.status ? { ...state, agencyStatus: { ...state.agencyStatus, [agency]: kept } } : state;
    }
    default:
      return state;
  }
}

/**
 * The command as a live server would take it: parsed with the command schema
 * (trimmed, defaults), or why that schema refuses it (its first issue, naming the
 * field and the event's value). A cleared agency status (`to: null`) is no
 * command today (see above): it is not parsed.
 */
function liveCommand(cmd: IncidentCommand): IncidentCommand | string {
  if (cmd.type === 'SetAgencyStatus' && cmd.status === null) return cmd;
  const r = IncidentCommand.safeParse(cmd);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const path = issue.path.map(String).join('.');
  const value = issue.path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined), cmd);
  return `the event has ${path} ${show(value)}, which a live command may not have (${sentence(issue.message)})`;
}

/**
 * The command that writes this event, with the versions the state has (so never
 * a conflict; 1 where there is no incident or task yet, which decide refuses as
 * NOT_FOUND before it reads a version).
 */
function commandOf(state: IncidentState | null, ev: IncidentEvent): IncidentCommand {
  const version = state?.version ?? 1;
  const taskVersion = (id: string) => state?.tasks[id]?.version ?? 1;
  switch (ev.type) {
    case 'IncidentOpened':
      return { type: 'OpenIncident', ...ev.payload };
    case 'IncidentUpdated': {
      const p = ev.payload;
      return { type: 'UpdateIncident', expectedVersion: version, title: p.title?.to, description: p.description?.to, location: p.location?.to, agencies: p.agencies?.to };
    }
    case 'PhaseChanged':
      return { type: 'ChangePhase', expectedVersion: version, phase: ev.payload.to };
    case 'SeverityChanged':
      return { type: 'ChangeSeverity', expectedVersion: version, severity: ev.payload.to, reason: ev.payload.reason ?? undefined };
    case 'TaskCreated':
      return { type: 'CreateTask', ...ev.payload };
    case 'TaskEdited': {
      const p = ev.payload;
      return {
        type: 'EditTask',
        taskId: p.taskId,
        expectedVersion: taskVersion(p.taskId),
        title: p.title?.to,
        details: p.details?.to,
        priority: p.priority?.to,
        // null is a value here (no due time), not "unchanged".
        dueAt: p.dueAt ? p.dueAt.to : undefined,
        location: p.location?.to,
      };
    }
    case 'TaskReassigned': {
      const p = ev.payload;
      return { type: 'ReassignTask', taskId: p.taskId, expectedVersion: taskVersion(p.taskId), agency: p.agency.to, assignee: p.assignee.to };
    }
    case 'TaskStatusChanged': {
      const p = ev.payload;
      return { type: 'ChangeTaskStatus', taskId: p.taskId, expectedVersion: taskVersion(p.taskId), to: p.to, reason: p.reason ?? undefined };
    }
    case 'MessagePosted':
      return { type: 'PostMessage', ...ev.payload };
    case 'AgencyStatusChanged':
      // `to: null` (a status cleared) is no command today, but decide writes it as such and the reducer applies it.
      return { type: 'SetAgencyStatus', agency: ev.payload.agency, status: ev.payload.to as NonNullable<typeof ev.payload.to> };
  }
}

/**
 * The first `from` that is not the state's value at this point: read from the
 * state the reducer built, for a message that names both (decide's own
 * comparison below would catch it too, but less plainly).
 */
function wrongFrom(s: IncidentState, ev: IncidentEvent): string | null {
  switch (ev.type) {
    case 'IncidentUpdated': {
      const p = ev.payload;
      return (
        differs("the incident's title", s.title, p.title) ??
        differs("the incident's description", s.description, p.description) ??
        differs("the incident's location", s.location, p.location) ??
        differs("the incident's agencies", s.agencies, p.agencies)
      );
    }
    case 'PhaseChanged':
      return differs('the phase', s.phase, ev.payload);
    case 'SeverityChanged':
      return differs('the severity', s.severity, ev.payload);
    case 'AgencyStatusChanged':
      return differs(`agency ${ev.payload.agency}'s status`, s.agencyStatus[ev.payload.agency]?.status ?? null, ev.payload);
    case 'TaskEdited': {
      const p = ev.payload;
      const t = s.tasks[p.taskId];
      const name = `task ${p.taskId}'s`;
      return (
        differs(`${name} title`, t.title, p.title) ??
        differs(`${name} details`, t.details, p.details) ??
        differs(`${name} priority`, t.priority, p.priority) ??
        differs(`${name} dueAt`, t.dueAt, p.dueAt) ??
        differs(`${name} location`, t.location, p.location)
      );
    }
    case 'TaskReassigned': {
      const p = ev.payload;
      const t = s.tasks[p.taskId];
      return differs(`task ${p.taskId}'s agency`, t.agency, p.agency) ?? differs(`task ${p.taskId}'s assignee`, t.assignee, p.assignee);
    }
    case 'TaskStatusChanged':
      return differs(`task ${ev.payload.taskId}`, s.tasks[ev.payload.taskId].status, ev.payload);
    default:
      return null;
  }
}

function differs(what: string, current: unknown, change: { from: unknown } | undefined): string | null {
  if (!change || JSON.stringify(current) === JSON.stringify(change.from)) return null;
  return `${what} is ${show(current)}, the event says from ${show(change.from)}`;
}

/** Deep comparison, key order ignored; the first path where they differ. */
function firstDifference(expected: unknown, actual: unknown, path: string): { path: string; expected: unknown; actual: unknown } | null {
  if (Object.is(expected, actual)) return null;
  if (expected && actual && typeof expected === 'object' && typeof actual === 'object' && Array.isArray(expected) === Array.isArray(actual)) {
    const e = expected as Record<string, unknown>;
    const a = actual as Record<string, unknown>;
    for (const k of new Set([...Object.keys(e), ...Object.keys(a)])) {
      const d = firstDifference(e[k], a[k], path ? `${path}.${k}` : k);
      if (d) return d;
    }
    return null;
  }
  return { path, expected, actual };
}

function show(v: unknown): string {
  const s = typeof v === 'string' ? `'${v}'` : v === undefined ? 'nothing' : JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
}

function sentence(message: string): string {
  return message.endsWith('.') ? message.slice(0, -1) : message;
}
