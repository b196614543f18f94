import { assertNever } from '../errors';
import type { IncidentEvent } from './events';
import { carryMessageIds } from './message-ids';
import type { AgencyState, IncidentState, Message, Task } from './state';

/**
 * Applies a batch of events to a state and returns the new state (SPEC STATE1).
 *
 * Pure from the caller's view: the input state is never modified. Inside a batch
 * the containers (tasks, messages, agencyStatus) are copied once, on first write,
 * and then written in place, so folding 100,000 events costs one copy, not
 * 100,000 (SPEC STATE2). Task objects are always replaced, never mutated, so a
 * React component holding an old task keeps seeing the old values.
 *
 * `handOver`: the caller gives the input state up — it will not read it again —
 * so its containers are written in place from the first event on instead of
 * copied (SPEC STATE2), except those listed in `keep`: containers someone else
 * may still hold (compared by identity), copied on first write as usual.
 * Without it, a live event onto an incident of 5,000 tasks copies all 5,000;
 * with it, it costs the same as onto an empty one. Users: the hub for its own
 * state (`keep`: what a reader of `hub.state` may hold), the committer for its
 * provisional states (`keep`: the hub's), and the one-pass folds of the exports
 * (lib/exports: timeline CSV, ICS 214), which keep no earlier state. The result is the
 * same state either way; only the input's fate differs.
 *
 * Events must arrive in sequence order starting at state.seq + 1; anything else
 * is a caller bug and throws (gaps are filled before applying: SPEC SYNC2).
 */
export function applyEvents(
  state: IncidentState | null,
  events: readonly IncidentEvent[],
  opts?: { handOver?: boolean; keep?: Partial<Containers> | null },
): IncidentState | null {
  if (events.length === 0) return state;
  const d = new Draft(state, opts?.handOver === true, opts?.keep ?? null);
  for (const ev of events) d.apply(ev);
  return d.state;
}

/** The parts of a state applyEvents writes in place within a batch (and across batches with handOver). */
export type Containers = Pick<IncidentState, 'tasks' | 'messages' | 'agencyStatus'>;

export function containersOf(state: IncidentState): Containers {
  return { tasks: state.tasks, messages: state.messages, agencyStatus: state.agencyStatus };
}

/** Of `kept`, the containers `state` still has (null if none): what a later handOver must still copy. */
export function stillShared(state: IncidentState | null, kept: Partial<Containers> | null): Partial<Containers> | null {
  if (!state || !kept) return null;
  const out: Partial<Containers> = {};
  if (kept.tasks === state.tasks) out.tasks = kept.tasks;
  if (kept.messages === state.messages) out.messages = kept.messages;
  if (kept.agencyStatus === state.agencyStatus) out.agencyStatus = kept.agencyStatus;
  return out.tasks || out.messages || out.agencyStatus ? out : null;
}

export function evolve(state: IncidentState | null, event: IncidentEvent): IncidentState | null {
  return applyEvents(state, [event]);
}

/** Folds a whole log; throws if it does not start with IncidentOpened. */
export function replay(events: readonly IncidentEvent[]): IncidentState {
  const s = applyEvents(null, events);
  if (!s) throw new Error('empty log');
  return s;
}

class Draft {
  state: IncidentState | null;
  private copiedTop = false;
  private copiedTasks = false;
  private copiedMessages = false;
  private copiedAgencyStatus = false;

  constructor(state: IncidentState | null, handOver: boolean, keep: Partial<Containers> | null) {
    this.state = state;
    // A handed-over state's containers are ours, but for those someone else keeps: write them
    // in place (the top object is still copied, a few dozen fields, so the result is a new
    // object as usual).
    if (handOver && state) {
      this.copiedTasks = state.tasks !== keep?.tasks;
      this.copiedMessages = state.messages !== keep?.messages;
      this.copiedAgencyStatus = state.agencyStatus !== keep?.agencyStatus;
    }
  }

  private top(): IncidentState {
    const s = this.state;
    if (!s) throw new Error('event before IncidentOpened');
    if (!this.copiedTop) {
      this.state = { ...s };
      this.copiedTop = true;
    }
    return this.state as IncidentState;
  }

  private tasks(): Record<string, Task> {
    const s = this.top();
    if (!this.copiedTasks) {
      s.tasks = { ...s.tasks };
      this.copiedTasks = true;
    }
    return s.tasks;
  }

  private messages(): Message[] {
    const s = this.top();
    if (!this.copiedMessages) {
      const from = s.messages;
      s.messages = from.slice();
      // The copy starts with the ids decide has noted for `from` (SPEC MSG1): one next
      // PostMessage must not note every message again (message-ids.ts).
      carryMessageIds(from, s.messages);
      this.copiedMessages = true;
    }
    return s.messages;
  }

  private agencyStatus(): Record<string, AgencyState> {
    const s = this.top();
    if (!this.copiedAgencyStatus) {
      s.agencyStatus = { ...s.agencyStatus };
      this.copiedAgencyStatus = true;
    }
    return s.agencyStatus;
  }

  private task(id: string): Task {
    const t = this.state?.tasks[id];
    if (!t) throw new Error(`event for unknown task ${id}`);
    return t;
  }

  private putTask(t: Task, ev: IncidentEvent): void {
    this.tasks()[t.id] = { ...t, updatedAt: ev.ts, version: ev.seq };
  }

  apply(ev: IncidentEvent): void {
    const expected = (this.state?.seq ?? 0) + 1;
    if (ev.seq !== expected) throw new Error(`event seq ${ev.seq} applied at ${expected - 1}`);

    if (ev.type === 'IncidentOpened') {
      if (this.state) throw new Error('IncidentOpened twice');
      const p = ev.payload;
      this.state = {
        id: ev.incidentId,
        seq: ev.seq,
        version: ev.seq,
        title: p.title,
        description: p.description,
        kind: p.kind,
        scenario: p.scenario,
        severity: p.severity,
        location: p.location,
        phase: p.phase,
        agencies: p.agencies.slice(),
        agencyStatus: {},
        tasks: {},
        messages: [],
        openedAt: ev.ts,
        openedBy: ev.actor,
        phaseAt: { [p.phase]: ev.ts },
        closedAt: null,
        updatedAt: ev.ts,
      };
      this.copiedTop = this.copiedTasks = this.copiedMessages = this.copiedAgencyStatus = true;
      return;
    }

    const s = this.top();
    s.seq = ev.seq;
    s.updatedAt = ev.ts;

    switch (ev.type) {
      case 'IncidentUpdated': {
        const p = ev.payload;
        if (p.title) s.title = p.title.to;
        if (p.description) s.description = p.description.to;
        if (p.location) s.location = p.location.to;
        if (p.agencies) {
          s.agencies = p.agencies.to.slice();
          // SPEC AGS1: an agency brought (back) in starts unreported: the status it had when it was
          // taken out ("standing down") is not its status now that it is called in again.
          const from = p.agencies.from;
          for (const code of p.agencies.to) if (!from.includes(code) && s.agencyStatus[code]) delete this.agencyStatus()[code];
        }
        s.version = ev.seq;
        return;
      }
      case 'PhaseChanged':
        s.phase = ev.payload.to;
        s.phaseAt = { ...s.phaseAt, [ev.payload.to]: ev.ts };
        s.closedAt = ev.payload.to === 'closed' ? ev.ts : null;
        s.version = ev.seq;
        return;
      case 'SeverityChanged':
        s.severity = ev.payload.to;
        s.version = ev.seq;
        return;
      case 'TaskCreated': {
        const { taskId, ...fields } = ev.payload;
        this.tasks()[taskId] = {
          id: taskId,
          ...fields,
          status: 'open',
          statusReason: null,
          createdAt: ev.ts,
          createdBy: ev.actor,
          createdSeq: ev.seq,
          updatedAt: ev.ts,
          version: ev.seq,
        };
        return;
      }
      case 'TaskEdited': {
        const p = ev.payload;
        const t = { ...this.task(p.taskId) };
        if (p.title) t.title = p.title.to;
        if (p.details) t.details = p.details.to;
        if (p.priority) t.priority = p.priority.to;
        if (p.dueAt) t.dueAt = p.dueAt.to;
        if (p.location) t.location = p.location.to;
        this.putTask(t, ev);
        return;
      }
      case 'TaskReassigned': {
        const p = ev.payload;
        this.putTask({ ...this.task(p.taskId), agency: p.agency.to, assignee: p.assignee.to }, ev);
        return;
      }
      case 'TaskStatusChanged': {
        const p = ev.payload;
        this.putTask({ ...this.task(p.taskId), status: p.to, statusReason: p.reason }, ev);
        return;
      }
      case 'MessagePosted': {
        const p = ev.payload;
        this.messages().push({
          id: p.messageId,
          seq: ev.seq,
          ts: ev.ts,
          text: p.text,
          toAgency: p.toAgency,
          alert: p.alert,
          actor: ev.actor,
        });
        return;
      }
      case 'AgencyStatusChanged': {
        const p = ev.payload;
        if (p.to === null) delete this.agencyStatus()[p.agency];
        else this.agencyStatus()[p.agency] = { status: p.to, at: ev.ts, by: ev.actor };
        return;
      }
      default:
        assertNever(ev);
    }
  }
}
