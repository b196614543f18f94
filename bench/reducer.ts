import type { Actor } from '../lib/domain/actor';
import type { EventBody, IncidentEvent } from '../lib/domain/incident/events';
import { applyEvents } from '../lib/domain/incident/evolve';
import { commander, fireResponder, opened, sequence, taskCreated } from '../lib/domain/incident/fixtures';
import { canTransitionTask, transitionNeedsReason, TASK_TRANSITIONS } from '../lib/domain/incident/transitions';
import {
  AGENCY_STATUSES,
  PRIORITIES,
  type AgencyStatus,
  type Phase,
  type Severity,
  type TaskStatus,
} from '../lib/domain/incident/vocabulary';
import { median, percentile } from './stats';
import { mulberry32 } from '../server/demo/drill';

/**
 * The reducer on a long incident: a generated log of realistic events (about
 * 40 tasks moving through their lifecycle and edited, many messages, agency
 * status, phase and severity changes), numbered by fixtures.sequence() and
 * folded from nothing with applyEvents(null, events).
 */

const AGENCIES = ['port', 'fire', 'customs', 'medical', 'maritime', 'border', 'police'];
const TASK_COUNT = 40;
const TEXTS = [
  '消防一中队已到达C3堆场上风口，正在布设水幕。',
  'Gas detector at the C3/C4 boundary reads 12 ppm, rising slowly.',
  'Customs has held all container releases in zone C until further notice.',
  'Ambulance 2 staged at gate 5; two dock workers being assessed, both stable.',
  'Vessel asked to delay berthing at berth 7 by two hours; pilot informed.',
  '海事局已在7号泊位外设置临时警戒区。',
];

export function generateEvents(count: number, seed = 42): IncidentEvent[] {
  const rand = mulberry32(seed); // deterministic: every run folds the same log
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const bodies: EventBody[] = [opened(AGENCIES)];
  const tasks: Array<{ id: string; status: TaskStatus; agency: string }> = [];
  const agencyStatus = new Map<string, AgencyStatus>();
  let phase: Phase = 'response';
  let severity: Severity = 'III';

  while (bodies.length < count) {
    // The first tasks are raised early, as in a real response; the rest of the log works on them.
    if (tasks.length < TASK_COUNT && (bodies.length < 200 || rand() < 0.01)) {
      const id = `00000000-0000-4000-8000-${String(tasks.length).padStart(12, '0')}`;
      const agency = pick(AGENCIES);
      tasks.push({ id, status: 'open', agency });
      bodies.push(taskCreated(id, agency, `Task ${tasks.length}: ${pick(TEXTS).slice(0, 40)}`));
      continue;
    }
    const r = rand();
    if (r < 0.58 || tasks.length === 0) {
      bodies.push({
        type: 'MessagePosted',
        payload: {
          messageId: `msg-${bodies.length}`,
          text: pick(TEXTS),
          toAgency: rand() < 0.2 ? pick(AGENCIES) : null,
          alert: rand() < 0.03,
        },
      });
    } else if (r < 0.8) {
      const t = pick(tasks);
      const to = pick(TASK_TRANSITIONS[t.status]);
      if (!canTransitionTask(t.status, to)) continue;
      bodies.push({
        type: 'TaskStatusChanged',
        payload: { taskId: t.id, from: t.status, to, reason: transitionNeedsReason(t.status, to) ? 'Waiting for the gas readings' : null },
      });
      t.status = to;
    } else if (r < 0.88) {
      const t = pick(tasks);
      bodies.push({
        type: 'TaskEdited',
        payload: {
          taskId: t.id,
          ...(rand() < 0.5 ? { details: { from: '', to: pick(TEXTS) } } : {}),
          priority: { from: 'normal', to: pick(PRIORITIES) },
        },
      });
    } else if (r < 0.91) {
      const t = pick(tasks);
      const agency = pick(AGENCIES);
      bodies.push({
        type: 'TaskReassigned',
        payload: { taskId: t.id, agency: { from: t.agency, to: agency }, assignee: { from: null, to: 'Team B' } },
      });
      t.agency = agency;
    } else if (r < 0.98) {
      const agency = pick(AGENCIES);
      const from = agencyStatus.get(agency) ?? null;
      const to = pick(AGENCY_STATUSES.filter((s) => s !== from));
      agencyStatus.set(agency, to);
      bodies.push({ type: 'AgencyStatusChanged', payload: { agency, from, to } });
    } else if (r < 0.99) {
      const to = pick((['response', 'containment', 'recovery'] as const).filter((p) => p !== phase));
      bodies.push({ type: 'PhaseChanged', payload: { from: phase, to } });
      phase = to;
    } else {
      const to = pick((['I', 'II', 'III', 'IV'] as const).filter((s) => s !== severity));
      bodies.push({ type: 'SeverityChanged', payload: { from: severity, to, reason: 'Vapour cloud moving toward gate 4' } });
      severity = to;
    }
  }
  // Several people write to a real incident: vary the actor along the log.
  const actors: Actor[] = [commander, fireResponder];
  return sequence(bodies).map((ev, i) => (i % 3 === 2 ? { ...ev, actor: actors[i % 2] } : ev));
}

export interface ReducerResult {
  events: number;
  runs: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
  tasks: number;
  messages: number;
}

export function timeFold(events: IncidentEvent[], runs = 5): ReducerResult {
  applyEvents(null, events); // warm-up: JIT and inline caches
  applyEvents(null, events);
  const times: number[] = [];
  let state = null;
  for (let k = 0; k < runs; k++) {
    const t = performance.now();
    state = applyEvents(null, events);
    times.push(performance.now() - t);
  }
  if (!state || state.seq !== events.length) throw new Error('fold did not reach the last event');
  return {
    events: events.length,
    runs,
    medianMs: median(times),
    minMs: Math.min(...times),
    maxMs: Math.max(...times),
    tasks: Object.keys(state.tasks).length,
    messages: state.messages.length,
  };
}

/** One live event applied to the state of a long log, as a server hub or a browser does per push. */
export function timeLiveApply(events: IncidentEvent[], tries = 200): { stateEvents: number; medianMs: number; p99Ms: number } {
  const base = applyEvents(null, events);
  const extra = JSON.parse(JSON.stringify(generateEvents(events.length + tries, 7).slice(events.length))) as IncidentEvent[];
  const times: number[] = [];
  for (let k = 0; k < tries; k++) {
    const ev = { ...extra[k], seq: events.length + 1 } as IncidentEvent;
    const t = performance.now();
    applyEvents(base, [ev]);
    times.push(performance.now() - t);
  }
  const sorted = Float64Array.from(times).sort();
  return { stateEvents: events.length, medianMs: median(times), p99Ms: percentile(sorted, 99) };
}

export function runReducerBench(): { fold: ReducerResult[]; live: ReturnType<typeof timeLiveApply> } {
  // Events reach a reducer from JSON (the store, the socket): fold objects shaped as JSON.parse makes them.
  const all = JSON.parse(JSON.stringify(generateEvents(100_000))) as IncidentEvent[];
  const fold = [timeFold(all.slice(0, 10_000)), timeFold(all)];
  return { fold, live: timeLiveApply(all) };
}
