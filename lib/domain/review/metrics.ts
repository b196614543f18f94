import type { IncidentEvent } from '../incident/events';
import { applyEvents } from '../incident/evolve';
import type { IncidentState } from '../incident/state';
import {
  AGENCY_STATUSES,
  type AgencyStatus,
  type IncidentKind,
  type Phase,
  type Priority,
  type Scenario,
  type Severity,
  type TaskStatus,
} from '../incident/vocabulary';

/**
 * Metrics of one incident (SPEC REV2): pure functions over its event log, no I/O.
 * Every time is epoch ms (server clock, the events' `ts`); every duration is ms.
 * The exact definitions are rule REV2 in lib/domain/SPEC.md; the comments here
 * repeat them next to the code that implements them.
 */

/** A stretch of one task status: [from, to), `to` = the metrics' end for the current one. */
export interface StatusSegment {
  status: TaskStatus;
  from: number;
  to: number;
}

/**
 * One holding of a task (REV2): [from, to) with one agency, from its creation or the reassignment
 * to it until the next reassignment or the metrics' end.
 */
export interface TaskHolder {
  agency: string;
  from: number;
  to: number;
  /** The task was open (not yet acknowledged) when this holding began: the agency had it to acknowledge. */
  receivedOpen: boolean;
  /** When it was acknowledged within this holding, if it began open; else null (a missed acknowledgement when receivedOpen). */
  acknowledgedAt: number | null;
}

export interface TaskMetrics {
  taskId: string;
  title: string;
  priority: Priority;
  /** The agency holding the task at the end (its tasks, done / cancelled / active and complete count it; REV2). */
  agency: string;
  /** Every holding in order; more than one when reassigned. */
  holders: TaskHolder[];
  status: TaskStatus;
  createdAt: number;
  createdSeq: number;
  /** First time it became acknowledged / in progress; null if never. */
  acknowledgedAt: number | null;
  inProgressAt: number | null;
  /** When it last became done or cancelled, if that is its status at the end; else null. */
  endedAt: number | null;
  /** acknowledgedAt − createdAt, inProgressAt − createdAt, endedAt − createdAt (null when the end is null). */
  toAcknowledge: number | null;
  toInProgress: number | null;
  toEnd: number | null;
  /** Sum of the time spent blocked; a block still running counts up to the end. */
  blocked: number;
  /** Due time at the end (after edits), if any. */
  dueAt: number | null;
  /** Finished (done) after dueAt, or still active past dueAt at the end. Cancelled tasks are never overdue. */
  overdue: boolean;
  /** By how much (0 when not overdue). */
  overdueBy: number;
  segments: StatusSegment[];
}

/** Median, 90th percentile and maximum of a set of durations; all null when empty. */
export interface DurationStats {
  n: number;
  median: number | null;
  p90: number | null;
  max: number | null;
}

/** An agency's acknowledgements: the durations over its holdings that began open, and how many did (`received`). */
export interface AcknowledgeStats extends DurationStats {
  /** Holdings that began while the task was open; received − n were never acknowledged while held. */
  received: number;
}

export interface AgencyStatusStep {
  /** null when the status was cleared. */
  status: AgencyStatus | null;
  at: number;
  /** at − openedAt. */
  sinceOpen: number;
}

export interface AgencyMetrics {
  agency: string;
  /** Whether it is on the incident's agency list at the end. */
  participating: boolean;
  /** Tasks held at the end, and of those done / cancelled / active. */
  tasks: number;
  done: number;
  cancelled: number;
  active: number;
  /** Over its holdings that began open: acknowledged time − the holding's start. */
  acknowledge: AcknowledgeStats;
  /** Over the done tasks it holds at the end: done time − the start of its last holding. */
  complete: DurationStats;
  /** Overdue tasks it held at their due time. */
  overdue: number;
  messagesSent: number;
  alertsSent: number;
  /** Every AgencyStatusChanged of this agency, oldest first. */
  statusChanges: AgencyStatusStep[];
  /**
   * First time each status was set (ms since opening), null if never. `notified`, when no one set
   * it, is when the agency was brought into the incident (at its opening, or the update that added
   * it): Portline told it then (its lists show the incident). `notifiedOn` says which.
   */
  firstStatus: Record<AgencyStatus, number | null>;
  /** Where `firstStatus.notified` comes from: the status set (`status`), the agency's adding (`added`), or neither. */
  notifiedOn: 'status' | 'added' | null;
  /** Between consecutive first times: notified → en route → on scene → standing down; null unless both exist and in order. */
  notifiedToEnRoute: number | null;
  enRouteToOnScene: number | null;
  onSceneToStandingDown: number | null;
}

export interface PhaseStep {
  phase: Phase;
  at: number;
  sinceOpen: number;
}

export interface SeverityStep {
  from: Severity | null;
  to: Severity;
  at: number;
  sinceOpen: number;
  reason: string | null;
}

/**
 * A moment worth a line in the after-action report: phase and severity
 * changes, alerts, an agency arriving on scene, a task blocked, a task falling
 * overdue (at its due time). Oldest first.
 */
export type KeyEvent = { at: number; sinceOpen: number } & (
  | { kind: 'phase'; phase: Phase }
  | { kind: 'severity'; from: Severity | null; to: Severity; reason: string | null }
  | { kind: 'alert'; agency: string | null; by: string; text: string }
  | { kind: 'arrived'; agency: string }
  | { kind: 'blocked'; agency: string; taskId: string; title: string; reason: string | null }
  | { kind: 'overdue'; agency: string; taskId: string; title: string }
);

/** At most this many alerts and blocks each are listed as key events; the rest are counted. */
export const KEY_EVENTS_PER_KIND = 200;

export interface IncidentMetrics {
  incidentId: string;
  title: string;
  location: string;
  kind: IncidentKind;
  scenario: Scenario;
  severity: Severity;
  phase: Phase;
  openedAt: number;
  closedAt: number | null;
  /** The moment the figures are taken at: closedAt, else the `now` given. */
  end: number;
  /** end − openedAt. */
  span: number;
  /** seq of the last event counted. */
  seq: number;
  /** Every phase entered, in order (the opening phase first). */
  phases: PhaseStep[];
  /** First entry into each phase, ms since opening; null if never. */
  firstPhase: Record<Phase, number | null>;
  severities: SeverityStep[];
  counts: { events: number; tasks: number; done: number; cancelled: number; active: number; overdue: number; messages: number; alerts: number };
  /** The incident's agencies in its own order, then any other agency that held a task, set a status or posted. */
  agencies: AgencyMetrics[];
  /** Oldest first (created order). */
  tasks: TaskMetrics[];
  keyEvents: KeyEvent[];
  /** Alerts and blocks beyond KEY_EVENTS_PER_KIND each, not listed. */
  keyEventsLeftOut: number;
}

/** Median (mean of the middle two for an even count), p90 by nearest rank, max. */
export function durationStats(values: readonly number[]): DurationStats {
  const n = values.length;
  if (n === 0) return { n, median: null, p90: null, max: null };
  const s = values.slice().sort((a, b) => a - b);
  const median = n % 2 === 1 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  const p90 = s[Math.ceil(0.9 * n) - 1];
  return { n, median, p90, max: s[n - 1] };
}

/** An unacknowledged holding shorter than this is not counted as a task received to acknowledge (REV2). */
export const ACK_CHANCE_MS = 60_000;

/** A holding as the log is read: its end is the next one's start, or the metrics' end. */
interface Holding {
  agency: string;
  from: number;
  receivedOpen: boolean;
  acknowledgedAt: number | null;
}

/** The holding that contains `at` (the last one begun at or before it); the first if `at` is before them all. */
function holderAt<H extends { from: number }>(holdings: readonly H[], at: number): H {
  let h = holdings[0];
  for (const x of holdings) if (x.from <= at) h = x;
  return h;
}

interface TaskTrack {
  taskId: string;
  /** Its title as it stands (for key events as they happen). */
  title: string;
  /** Its status as it stands. */
  status: TaskStatus;
  holdings: Holding[];
  createdAt: number;
  acknowledgedAt: number | null;
  inProgressAt: number | null;
  lastEndAt: number | null;
  blocked: number;
  blockedSince: number | null;
  segments: StatusSegment[];
}

/**
 * Computes the metrics of an incident from its whole log (seq 1…n, in order).
 * `now` is used as the end when the incident is not closed.
 */
export function computeMetrics(events: readonly IncidentEvent[], now: number): IncidentMetrics {
  const state = applyEvents(null, events);
  if (!state) throw new Error('empty log');
  return metricsOf(state, events, now);
}

/** The same from a state already folded from exactly these events. */
export function metricsOf(state: IncidentState, events: readonly IncidentEvent[], now: number): IncidentMetrics {
  const acc = new MetricsAccumulator();
  acc.add(events);
  return acc.result(state, now);
}

/**
 * The one pass over the log, kept between calls: `add` the events after `seq`
 * as they come, then `result` with the state folded from the same events.
 * Lets a server answer a long incident's metrics without re-reading its log.
 */
export class MetricsAccumulator {
  seq = 0;
  private openedAt = 0;
  private readonly tracks = new Map<string, TaskTrack>();
  private readonly phases: PhaseStep[] = [];
  private readonly severities: SeverityStep[] = [];
  private readonly sent = new Map<string, { messages: number; alerts: number }>();
  private readonly agencySteps = new Map<string, AgencyStatusStep[]>();
  /** When each agency was first brought into the incident (ms since opening). */
  private readonly broughtIn = new Map<string, number>();
  private messages = 0;
  private alerts = 0;
  private readonly listed: KeyEvent[] = [];
  private listedAlerts = 0;
  private listedBlocks = 0;
  private leftOut = 0;

  add(events: readonly IncidentEvent[]): void {
    for (const ev of events) {
      if (ev.seq !== this.seq + 1) throw new Error(`metrics: event seq ${ev.seq} after ${this.seq}`);
      this.seq = ev.seq;
      this.addOne(ev);
    }
  }

  private addOne(ev: IncidentEvent): void {
    const openedAt = this.openedAt;
    switch (ev.type) {
      case 'IncidentOpened':
        for (const a of ev.payload.agencies) if (!this.broughtIn.has(a)) this.broughtIn.set(a, 0);
        this.openedAt = ev.ts;
        this.phases.push({ phase: ev.payload.phase, at: ev.ts, sinceOpen: 0 });
        this.severities.push({ from: null, to: ev.payload.severity, at: ev.ts, sinceOpen: 0, reason: null });
        break;
      case 'IncidentUpdated':
        for (const a of ev.payload.agencies?.to ?? []) if (!this.broughtIn.has(a)) this.broughtIn.set(a, ev.ts - openedAt);
        break;
      case 'PhaseChanged':
        this.phases.push({ phase: ev.payload.to, at: ev.ts, sinceOpen: ev.ts - openedAt });
        this.listed.push({ kind: 'phase', at: ev.ts, sinceOpen: ev.ts - openedAt, phase: ev.payload.to });
        break;
      case 'SeverityChanged':
        this.severities.push({ from: ev.payload.from, to: ev.payload.to, at: ev.ts, sinceOpen: ev.ts - openedAt, reason: ev.payload.reason });
        this.listed.push({ kind: 'severity', at: ev.ts, sinceOpen: ev.ts - openedAt, from: ev.payload.from, to: ev.payload.to, reason: ev.payload.reason });
        break;
      case 'TaskCreated':
        this.tracks.set(ev.payload.taskId, {
          taskId: ev.payload.taskId,
          title: ev.payload.title,
          status: 'open',
          holdings: [{ agency: ev.payload.agency, from: ev.ts, receivedOpen: true, acknowledgedAt: null }],
          createdAt: ev.ts,
          acknowledgedAt: null,
          inProgressAt: null,
          lastEndAt: null,
          blocked: 0,
          blockedSince: null,
          // The last segment's `to` is filled in by result() with the end.
          segments: [{ status: 'open', from: ev.ts, to: ev.ts }],
        });
        break;
      case 'TaskEdited': {
        const t = this.tracks.get(ev.payload.taskId);
        if (t && ev.payload.title) t.title = ev.payload.title.to;
        break;
      }
      case 'TaskReassigned': {
        const t = this.tracks.get(ev.payload.taskId);
        // Reassigning keeps the status: the new holder receives it open only if it was still open.
        if (t && ev.payload.agency.to !== ev.payload.agency.from)
          t.holdings.push({ agency: ev.payload.agency.to, from: ev.ts, receivedOpen: t.status === 'open', acknowledgedAt: null });
        break;
      }
      case 'TaskStatusChanged': {
        const t = this.tracks.get(ev.payload.taskId);
        if (!t) break;
        const to = ev.payload.to;
        t.status = to;
        t.segments[t.segments.length - 1].to = ev.ts;
        t.segments.push({ status: to, from: ev.ts, to: ev.ts });
        if (t.blockedSince !== null) {
          t.blocked += ev.ts - t.blockedSince;
          t.blockedSince = null;
        }
        if (to === 'blocked') {
          t.blockedSince = ev.ts;
          if (this.listedBlocks < KEY_EVENTS_PER_KIND) {
            this.listedBlocks++;
            const holder = t.holdings[t.holdings.length - 1].agency;
            this.listed.push({ kind: 'blocked', at: ev.ts, sinceOpen: ev.ts - openedAt, agency: holder, taskId: t.taskId, title: t.title, reason: ev.payload.reason });
          } else this.leftOut++;
        }
        if (to === 'acknowledged' && t.acknowledgedAt === null) t.acknowledgedAt = ev.ts;
        if (to === 'acknowledged') {
          // The first acknowledgement within a holding that began open is that holder's.
          const h = t.holdings[t.holdings.length - 1];
          if (h.receivedOpen && h.acknowledgedAt === null) h.acknowledgedAt = ev.ts;
        }
        if (to === 'in_progress' && t.inProgressAt === null) t.inProgressAt = ev.ts;
        if (to === 'done' || to === 'cancelled') t.lastEndAt = ev.ts;
        break;
      }
      case 'MessagePosted': {
        this.messages++;
        if (ev.payload.alert) {
          this.alerts++;
          if (this.listedAlerts < KEY_EVENTS_PER_KIND) {
            this.listedAlerts++;
            this.listed.push({ kind: 'alert', at: ev.ts, sinceOpen: ev.ts - openedAt, agency: ev.actor.agency, by: ev.actor.name, text: ev.payload.text });
          } else this.leftOut++;
        }
        const a = ev.actor.agency;
        if (a) {
          const c = this.sent.get(a) ?? { messages: 0, alerts: 0 };
          c.messages++;
          if (ev.payload.alert) c.alerts++;
          this.sent.set(a, c);
        }
        break;
      }
      case 'AgencyStatusChanged': {
        const list = this.agencySteps.get(ev.payload.agency) ?? [];
        list.push({ status: ev.payload.to, at: ev.ts, sinceOpen: ev.ts - openedAt });
        this.agencySteps.set(ev.payload.agency, list);
        if (ev.payload.to === 'on_scene' && !list.slice(0, -1).some((x) => x.status === 'on_scene'))
          this.listed.push({ kind: 'arrived', at: ev.ts, sinceOpen: ev.ts - openedAt, agency: ev.payload.agency });
        break;
      }
      default:
        break;
    }
  }

  /** The figures at `state` (folded from the same events: state.seq === this.seq); nothing kept here is changed. */
  result(state: IncidentState, now: number): IncidentMetrics {
    if (state.seq !== this.seq) throw new Error(`metrics: state at ${state.seq}, log at ${this.seq}`);
    const { tracks, phases, severities, sent, agencySteps, broughtIn, messages, alerts } = this;
    const openedAt = state.openedAt;
    const end = state.closedAt ?? Math.max(now, state.updatedAt);
    const tasks: TaskMetrics[] = [];
    for (const t of tracks.values()) {
      const task = state.tasks[t.taskId];
      if (!task) continue;
      const blocked = t.blocked + (t.blockedSince !== null ? end - t.blockedSince : 0);
      const finished = task.status === 'done' || task.status === 'cancelled';
      const endedAt = finished ? t.lastEndAt : null;
      let overdueBy = 0;
      if (task.dueAt !== null) {
        if (task.status === 'done' && endedAt !== null) overdueBy = Math.max(0, endedAt - task.dueAt);
        else if (!finished) overdueBy = Math.max(0, end - task.dueAt);
      }
      const since = (at: number | null) => (at === null ? null : at - t.createdAt);
      const holders = t.holdings.map((h, i): TaskHolder => ({ ...h, to: i + 1 < t.holdings.length ? t.holdings[i + 1].from : end }));
      tasks.push({
        taskId: t.taskId,
        title: task.title,
        priority: task.priority,
        agency: task.agency,
        holders,
        status: task.status,
        createdAt: t.createdAt,
        createdSeq: task.createdSeq,
        acknowledgedAt: t.acknowledgedAt,
        inProgressAt: t.inProgressAt,
        endedAt,
        toAcknowledge: since(t.acknowledgedAt),
        toInProgress: since(t.inProgressAt),
        toEnd: since(endedAt),
        blocked,
        dueAt: task.dueAt,
        overdue: overdueBy > 0,
        overdueBy,
        segments: t.segments.map((g, i) => (i === t.segments.length - 1 ? { ...g, to: end } : { ...g })),
      });
    }
    tasks.sort((a, b) => a.createdSeq - b.createdSeq);

    const codes: string[] = [...state.agencies];
    const seen = new Set(codes);
    const addCode = (c: string) => {
      if (!seen.has(c)) {
        seen.add(c);
        codes.push(c);
      }
    };
    for (const t of tasks) for (const h of t.holders) addCode(h.agency);
    for (const c of agencySteps.keys()) addCode(c);
    for (const c of sent.keys()) addCode(c);

    // Per holding: acknowledgements (holdings begun open) and who held each overdue task at its due time.
    const received = new Map<string, number>();
    const ackSamples = new Map<string, number[]>();
    const overdueOf = new Map<string, number>();
    for (const t of tasks) {
      for (const h of t.holders) {
        if (!h.receivedOpen) continue;
        // Unacknowledged and over within a minute (a task made in the wrong lane and moved or
        // cancelled at once, or one just received at the end): no chance to acknowledge, no miss.
        // A holding's chance to acknowledge ends with the task, if the task ended (cancelled) in it.
        const until = t.endedAt !== null && t.endedAt >= h.from && t.endedAt < h.to ? t.endedAt : h.to;
        if (h.acknowledgedAt === null && until - h.from < ACK_CHANCE_MS) continue;
        received.set(h.agency, (received.get(h.agency) ?? 0) + 1);
        if (h.acknowledgedAt === null) continue;
        const list = ackSamples.get(h.agency);
        if (list) list.push(h.acknowledgedAt - h.from);
        else ackSamples.set(h.agency, [h.acknowledgedAt - h.from]);
      }
      if (t.overdue && t.dueAt !== null) {
        const a = holderAt(t.holders, t.dueAt).agency;
        overdueOf.set(a, (overdueOf.get(a) ?? 0) + 1);
      }
    }

    const agencies = codes.map((agency): AgencyMetrics => {
      const mine = tasks.filter((t) => t.agency === agency);
      const steps = agencySteps.get(agency) ?? [];
      const firstStatus = Object.fromEntries(AGENCY_STATUSES.map((s) => [s, null])) as Record<AgencyStatus, number | null>;
      for (const st of steps) if (st.status && firstStatus[st.status] === null) firstStatus[st.status] = st.sinceOpen;
      const notifiedOn = firstStatus.notified !== null ? 'status' : broughtIn.has(agency) ? 'added' : null;
      if (notifiedOn === 'added') firstStatus.notified = broughtIn.get(agency)!;
      const between = (a: AgencyStatus, b: AgencyStatus) => {
        const x = firstStatus[a];
        const y = firstStatus[b];
        return x !== null && y !== null && y >= x ? y - x : null;
      };
      const c = sent.get(agency) ?? { messages: 0, alerts: 0 };
      return {
        agency,
        participating: state.agencies.includes(agency),
        tasks: mine.length,
        done: mine.filter((t) => t.status === 'done').length,
        cancelled: mine.filter((t) => t.status === 'cancelled').length,
        active: mine.filter((t) => t.status !== 'done' && t.status !== 'cancelled').length,
        acknowledge: { ...durationStats(ackSamples.get(agency) ?? []), received: received.get(agency) ?? 0 },
        complete: durationStats(
          mine.flatMap((t) => (t.status === 'done' && t.endedAt !== null ? [t.endedAt - t.holders[t.holders.length - 1].from] : [])),
        ),
        overdue: overdueOf.get(agency) ?? 0,
        messagesSent: c.messages,
        alertsSent: c.alerts,
        statusChanges: steps.slice(),
        firstStatus,
        notifiedOn,
        notifiedToEnRoute: between('notified', 'en_route'),
        enRouteToOnScene: between('en_route', 'on_scene'),
        onSceneToStandingDown: between('on_scene', 'standing_down'),
      };
    });

    const firstPhase: Record<Phase, number | null> = { standby: null, response: null, containment: null, recovery: null, closed: null };
    for (const p of phases) if (firstPhase[p.phase] === null) firstPhase[p.phase] = p.sinceOpen;

    return {
      incidentId: state.id,
      title: state.title,
      location: state.location,
      kind: state.kind,
      scenario: state.scenario,
      severity: state.severity,
      phase: state.phase,
      openedAt,
      closedAt: state.closedAt,
      end,
      span: end - openedAt,
      seq: state.seq,
      // Copies: the accumulator goes on pushing to its own lists, and an answer already made (a
      // server's, not yet written out when the next request catches up) must not change under it.
      phases: phases.slice(),
      firstPhase,
      severities: severities.slice(),
      counts: {
        events: this.seq,
        tasks: tasks.length,
        done: tasks.filter((t) => t.status === 'done').length,
        cancelled: tasks.filter((t) => t.status === 'cancelled').length,
        active: tasks.filter((t) => t.status !== 'done' && t.status !== 'cancelled').length,
        overdue: tasks.filter((t) => t.overdue).length,
        messages,
        alerts,
      },
      agencies,
      tasks,
      keyEvents: [
        ...this.listed,
        ...tasks.flatMap((t): KeyEvent[] =>
          t.overdue && t.dueAt !== null
            ? [{ kind: 'overdue', at: t.dueAt, sinceOpen: t.dueAt - openedAt, agency: holderAt(t.holders, t.dueAt).agency, taskId: t.taskId, title: t.title }]
            : [],
        ),
      ].sort((a, b) => a.at - b.at),
      keyEventsLeftOut: this.leftOut,
    };
  }
}
