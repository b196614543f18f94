import type { IncidentState } from './state';
import type { IncidentKind, Phase, Scenario, Severity } from './vocabulary';

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
}

export function summarize(s: IncidentState): IncidentSummary {
  const tasks = { total: 0, open: 0, blocked: 0, done: 0 };
  for (const t of Object.values(s.tasks)) {
    tasks.total++;
    if (t.status === 'blocked') tasks.blocked++;
    else if (t.status === 'done') tasks.done++;
    else if (t.status !== 'cancelled') tasks.open++;
  }
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
  };
}
