import type { Actor } from '../../lib/domain/actor';
import type { Agency } from '../../lib/domain/agencies';
import { DEFAULT_AGENCIES } from '../../lib/domain/agencies';
import type { EventBody, IncidentEvent, UnsequencedEvent } from '../../lib/domain/incident/events';
import { TASK_TRANSITIONS, transitionNeedsReason } from '../../lib/domain/incident/transitions';
import type { AgencyStatus, Phase, Priority, TaskStatus } from '../../lib/domain/incident/vocabulary';
import { bootstrap } from '../auth/bootstrap';
import type { Logger } from '../log';
import type { Store } from '../store/types';
import { mulberry32, seededUuid } from './drill';

/**
 * A long incident for replay tests and the replay benchmark (issue #5): tens of
 * thousands of events over many agencies, a realistic mix (mostly messages,
 * task creations, the task lifecycle, reassignments, edits, agency statuses,
 * phases). Deterministic from the seed. Events are built directly (not through
 * decide: folding 100,000 single commands one by one would take minutes), but
 * every status change follows TASK_TRANSITIONS and carries a reason where one is needed.
 */

/** Agencies beyond the seven defaults, so the log spans many lanes. */
export const EXTRA_AGENCIES: readonly Agency[] = [
  { code: 'health', nameZh: '卫生健康', nameEn: 'Health Commission', short: 'HLTH', color: '#14b8a6' },
  { code: 'environ', nameZh: '生态环境', nameEn: 'Environment', short: 'ENV', color: '#65a30d' },
  { code: 'transport', nameZh: '交通运输', nameEn: 'Transport', short: 'TRN', color: '#a855f7' },
  { code: 'weather', nameZh: '气象', nameEn: 'Meteorology', short: 'MET', color: '#0284c7' },
  { code: 'power', nameZh: '电力', nameEn: 'Power Grid', short: 'PWR', color: '#ca8a04' },
];

export interface LongIncidentOptions {
  incidentId: string;
  events: number;
  /** Epoch ms of the first event. */
  start: number;
  /** Span of the incident in ms. */
  spanMs: number;
  seed?: number;
  agencies?: readonly string[];
}

export interface LongIncident {
  incidentId: string;
  agencies: string[];
  /** Every event with its seq and ts, seq 1 … n. */
  events: IncidentEvent[];
}

const PHRASES = [
  'Perimeter holding at gate 3, no change',
  'Wind now from the north-east, 4 m/s',
  'Second crew arriving at berth 12 in five minutes',
  'Requesting an update on the container manifest',
  'Readings at the fence line below threshold',
  'Traffic diverted to the east entrance',
  'Decontamination tent is up and staffed',
  'Two crew members checked by medics, both fine',
  'Passenger terminal announcement made in both languages',
  '海关已核对舱单，等待化验结果',
  '边检通道临时关闭，旅客引导至二号大厅',
  '消防队已完成第一轮冷却',
  'Press officer asks for the next briefing time',
  'Tug on standby at the outer anchorage',
];

const PRIORITIES: readonly Priority[] = ['low', 'normal', 'normal', 'high', 'urgent'];
const AGENCY_STATUSES: readonly AgencyStatus[] = ['notified', 'en_route', 'on_scene'];

/** Builds the log. About 88% messages, 2% task creations, 8% status changes, the rest edits, reassignments, agency statuses, phases. */
export function buildLongIncident(opts: LongIncidentOptions): LongIncident {
  const rng = mulberry32(opts.seed ?? 20261130);
  const ids = mulberry32((opts.seed ?? 20261130) ^ 0x5bd1e995);
  const agencies = (opts.agencies ?? [...DEFAULT_AGENCIES.map((a) => a.code), ...EXTRA_AGENCIES.map((a) => a.code)]).slice();
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];
  const actors: Actor[] = agencies.map((code, i) => ({ userId: `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`, name: `${code} liaison`, agency: code, role: 'liaison' }));
  const commander: Actor = { userId: '00000000-0000-4000-8000-0000000000c0', name: 'Commander Li', agency: null, role: 'commander' };
  // What the log's `from`s must say (SPEC REV5: an exported long incident imports again): each task's holder, status, assignee, location.
  const tasks: Array<{ id: string; agency: string; status: TaskStatus; assignee: string | null; location: string }> = [];
  const active: number[] = [];
  const agencyStatus: Record<string, AgencyStatus | null> = {};
  const phases: Phase[] = ['containment', 'recovery'];
  const events: IncidentEvent[] = [];
  const n = opts.events;
  let ts = opts.start;

  const push = (actor: Actor, body: EventBody) => {
    const seq = events.length + 1;
    events.push({ ...body, incidentId: opts.incidentId, id: seededUuid(ids), actor, commandId: seededUuid(ids), seq, ts } as IncidentEvent);
  };

  push(commander, {
    type: 'IncidentOpened',
    payload: { title: 'Long drill: chemical leak, terminal 4', description: 'Replay benchmark incident', kind: 'drill', scenario: 'hazmat', severity: 'II', location: 'Terminal 4', agencies, phase: 'response' },
  });
  const step = opts.spanMs / Math.max(1, n - 1);
  while (events.length < n) {
    // Irregular gaps, same mean: bursts and lulls.
    ts = Math.min(opts.start + opts.spanMs, Math.round(ts + step * (rng() < 0.7 ? rng() * 0.5 : 1 + rng() * 1.6)));
    const seq = events.length + 1;
    if (phases.length && seq >= n * (phases.length === 2 ? 0.3 : 0.8)) {
      const to = phases.shift()!;
      push(commander, { type: 'PhaseChanged', payload: { from: to === 'containment' ? 'response' : 'containment', to } });
      continue;
    }
    const r = rng();
    if (r < 0.02 || active.length === 0) {
      const agency = pick(agencies);
      const id = seededUuid(ids);
      const actor = rng() < 0.5 ? commander : pick(actors);
      const title = `${pick(PHRASES).slice(0, 40)} (#${tasks.length + 1})`;
      const assignee = rng() < 0.5 ? `Team ${1 + Math.floor(rng() * 9)}` : null;
      const priority = pick(PRIORITIES);
      const dueAt = rng() < 0.3 ? ts + 3_600_000 : null;
      const location = rng() < 0.4 ? `Berth ${1 + Math.floor(rng() * 20)}` : '';
      tasks.push({ id, agency, status: 'open', assignee, location });
      active.push(tasks.length - 1);
      push(actor, { type: 'TaskCreated', payload: { taskId: id, title, details: '', agency, assignee, priority, dueAt, location } });
    } else if (r < 0.1) {
      const k = Math.floor(rng() * active.length);
      const t = tasks[active[k]];
      const options = TASK_TRANSITIONS[t.status];
      const forward = options.filter((s) => s !== 'cancelled' && s !== 'blocked');
      const to = rng() < 0.85 && forward.length ? forward[0] : pick(options);
      const from = t.status;
      t.status = to;
      if (to === 'done' || to === 'cancelled') active.splice(k, 1);
      push(pick(actors.filter((a) => a.agency === t.agency)), {
        type: 'TaskStatusChanged',
        payload: { taskId: t.id, from, to, reason: transitionNeedsReason(from, to) ? 'Waiting for the lab result' : null },
      });
    } else if (r < 0.107) {
      const k = Math.floor(rng() * active.length);
      const t = tasks[active[k]];
      const to = pick(agencies.filter((a) => a !== t.agency));
      push(commander, { type: 'TaskReassigned', payload: { taskId: t.id, agency: { from: t.agency, to }, assignee: { from: t.assignee, to: null } } });
      t.agency = to;
      t.assignee = null;
    } else if (r < 0.112) {
      const t = tasks[active[Math.floor(rng() * active.length)]];
      const actor = pick(actors);
      const berth = 1 + Math.floor(rng() * 20);
      // Never to where it is already (an edit that changes nothing is not one, SPEC TASK4).
      const to = `Berth ${t.location === `Berth ${berth}` ? (berth % 20) + 1 : berth}`;
      push(actor, { type: 'TaskEdited', payload: { taskId: t.id, location: { from: t.location, to } } });
      t.location = to;
    } else if (r < 0.115) {
      const agency = pick(agencies);
      const from = agencyStatus[agency] ?? null;
      const to = pick(AGENCY_STATUSES.filter((s) => s !== from));
      agencyStatus[agency] = to;
      push(actors[agencies.indexOf(agency)], { type: 'AgencyStatusChanged', payload: { agency, from, to } });
    } else {
      const actor = rng() < 0.1 ? commander : pick(actors);
      push(actor, { type: 'MessagePosted', payload: { messageId: seededUuid(ids), text: pick(PHRASES), toAgency: rng() < 0.2 ? pick(agencies) : null, alert: rng() < 0.002 } });
    }
  }
  return { incidentId: opts.incidentId, agencies, events };
}

/**
 * Appends the log through the store's own appendBatch, `perBatch` commands per
 * call (each call one transaction and one backdated ts, that of its first event),
 * so a 100,000-event log is written in seconds. Returns the ts the store kept per seq.
 */
export async function appendLongIncident(store: Store, log: LongIncident, perBatch = 25): Promise<IncidentEvent[]> {
  const written: IncidentEvent[] = [];
  for (let i = 0; i < log.events.length; i += perBatch) {
    const group = log.events.slice(i, i + perBatch);
    const commands = group.map(({ seq: _s, ts: _t, ...body }) => ({ commandId: body.commandId, events: [body as UnsequencedEvent] }));
    const r = await store.events.appendBatch(log.incidentId, group[0].seq - 1, commands, { ts: group[0].ts });
    if (r.status !== 'appended') throw new Error(`long incident: append at ${group[0].seq - 1} answered ${r.status}`);
    written.push(...r.events);
  }
  return written;
}

/**
 * A fresh store made ready for the long incident: its admin (bootstrap, with `adminPassword`),
 * the extra agencies, and the log built from `opts` and appended (`appendLongIncident`).
 * Returns the events as stored. The replay benchmark and the day-long e2e spec seed theirs so.
 */
export async function seedLongIncident(
  store: Store,
  opts: LongIncidentOptions & { adminPassword: string; log: Logger; perBatch?: number },
): Promise<IncidentEvent[]> {
  await bootstrap(store, opts.adminPassword, opts.log);
  for (const a of EXTRA_AGENCIES) await store.accounts.createAgency(a);
  return appendLongIncident(store, buildLongIncident(opts), opts.perBatch);
}
