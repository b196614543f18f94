import { isActiveTask, type IncidentState } from './state';
import { leftWork } from './agency-work';
import { SEVERITIES, type AgencyStatus, type IncidentKind, type Phase, type Scenario, type Severity } from './vocabulary';

/** One agency's share of an incident: its reported status and its unfinished tasks. */
export interface AgencySummary {
  agency: string;
  /** Its last reported status, null before the first report. */
  status: AgencyStatus | null;
  /** Active tasks that are not blocked (open, acknowledged, in progress). */
  open: number;
  blocked: number;
  /** Due times of its active tasks that have one, earliest first: overdue = those before now. */
  dueAt: number[];
}

/** One row of the incident list. */
export interface IncidentSummary {
  id: string;
  seq: number;
  title: string;
  kind: IncidentKind;
  scenario: Scenario;
  severity: Severity;
  phase: Phase;
  location: string;
  agencies: string[];
  openedAt: number;
  closedAt: number | null;
  updatedAt: number;
  tasks: { total: number; open: number; blocked: number; done: number };
  /** Per participating agency, in the incident's order. */
  byAgency: AgencySummary[];
  /** The latest message posted as an alert, or null. */
  /** The newest alert: its sender's agency, and the agency it went to (null: the whole incident). */
  latestAlert: { text: string; ts: number; agency: string | null; toAgency: string | null } | null;
}

/** How many of these due times have passed at `now`. */
export function overdueCount(dueAt: readonly number[], now: number): number {
  let n = 0;
  for (const d of dueAt) if (d < now) n++;
  return n;
}

/**
 * An overview card's agency rows when only `fit` of them fit: those that need the command centre's
 * eye (blocked or overdue work, or standing down leaving work: SPEC AGS1) first, the rest after,
 * each group in the incident's order; in that order as given when all fit. `hiddenUrgent`: how many
 * of those needing an eye are left out (the card's "+N more" line says so).
 */
export function overviewRows<R extends IncidentSummary['byAgency'][number]>(rows: readonly R[], fit: number, now: number): { rows: readonly R[]; hiddenUrgent: number } {
  if (fit >= rows.length) return { rows, hiddenUrgent: 0 };
  const urgent = (row: R) => row.blocked > 0 || overdueCount(row.dueAt, now) > 0 || leftWork(row.status, row.open + row.blocked) > 0;
  const ordered = [...rows.filter(urgent), ...rows.filter((r) => !urgent(r))];
  return { rows: ordered, hiddenUrgent: ordered.slice(fit).filter(urgent).length };
}

/**
 * What a list shows of a summary's tasks, counted as the board's lanes and the wall count them:
 * `active` every task not finished (blocked ones too: the summary's `open` leaves them out),
 * `done` out of `of` the tasks not cancelled, so an incident whose every task is finished reads
 * 8/8, not 8/9 for one cancelled.
 */
export function listedCounts(tasks: IncidentSummary['tasks']): { active: number; blocked: number; done: number; of: number } {
  const active = tasks.open + tasks.blocked;
  return { active, blocked: tasks.blocked, done: tasks.done, of: active + tasks.done };
}

export function summarize(s: IncidentState): IncidentSummary {
  const tasks = { total: 0, open: 0, blocked: 0, done: 0 };
  const byAgency = new Map<string, AgencySummary>(
    s.agencies.map((agency) => [agency, { agency, status: s.agencyStatus[agency]?.status ?? null, open: 0, blocked: 0, dueAt: [] }]),
  );
  for (const t of Object.values(s.tasks)) {
    tasks.total++;
    if (t.status === 'blocked') tasks.blocked++;
    else if (t.status === 'done') tasks.done++;
    else if (t.status !== 'cancelled') tasks.open++;
    const row = byAgency.get(t.agency);
    if (!row || !isActiveTask(t)) continue;
    if (t.status === 'blocked') row.blocked++;
    else row.open++;
    if (t.dueAt !== null) row.dueAt.push(t.dueAt);
  }
  for (const row of byAgency.values()) row.dueAt.sort((a, b) => a - b);
  const alert = s.messages.findLast((m) => m.alert);
  return {
    id: s.id,
    seq: s.seq,
    title: s.title,
    kind: s.kind,
    scenario: s.scenario,
    severity: s.severity,
    phase: s.phase,
    location: s.location,
    agencies: s.agencies,
    openedAt: s.openedAt,
    closedAt: s.closedAt,
    updatedAt: s.updatedAt,
    tasks,
    byAgency: [...byAgency.values()],
    latestAlert: alert ? { text: alert.text, ts: alert.ts, agency: alert.actor.agency, toAgency: alert.toAgency } : null,
  };
}

/**
 * The order of an all-active wall's overview (SPEC AUTH7): real incidents before drills, then the
 * most severe first (I before IV), then as given (the list's newest first). A real Level I incident
 * is never on page 2 behind drills left open.
 */
export function overviewOrder<T extends Pick<IncidentSummary, 'kind' | 'severity'>>(incidents: readonly T[]): T[] {
  const rank = (i: T) => (i.kind === 'real' ? 0 : 1) * SEVERITIES.length + SEVERITIES.indexOf(i.severity);
  return incidents
    .map((incident, at) => ({ incident, at }))
    .sort((a, b) => rank(a.incident) - rank(b.incident) || a.at - b.at)
    .map((x) => x.incident);
}
