import { toCsv } from '../../lib/csv';
import { tPlus } from '../../lib/i18n/elapsed';
import { ErrorCode } from '../../lib/domain/errors';
import { MetricsAccumulator, type IncidentMetrics, type TaskMetrics } from '../../lib/domain/review/metrics';
import type { IncidentHub } from '../incidents/hub';
import type { Services } from '../services';
import { HttpError } from './respond';
import { accountReadableHub, authorizeReviewOrThrow } from './routes-incidents';
import { localStamp } from '../../lib/exports/timeline-csv';
import type { Translate } from '../../lib/exports/describe-event';
import { csvFile, csvWords } from './routes-exports';
import type { Route } from './router';

/** Pages read from the store when folding a whole log (larger than a client's page: one reader, no socket). */
const LOG_PAGE = 5000;


/**
 * Metrics are computed here from the store's log (SPEC REV2), not in the
 * browser: a page then gets a few hundred kilobytes at most instead of the
 * whole log (100,000 events are tens of megabytes to ship and fold), and the
 * CSV export uses the same figures.
 *
 * Each process keeps, per incident it was asked about, the one-pass
 * accumulator (no events are kept, only per-task tracks and counters) at some
 * seq; a request reads only the events after it, up to the hub's state (the
 * fold of exactly the events up to its seq: states are immutable). So a long
 * incident reads its log once, then only what is new. Least recently used
 * incidents are dropped beyond ACCUMULATORS_MAX.
 */
type Accumulators = Map<string, { acc: MetricsAccumulator; busy: Promise<void> }>;
/** Per server (Services), like the replay checkpoints: two servers in one process never share one. */
const accumulatorsOf = new WeakMap<Services, Accumulators>();
const ACCUMULATORS_MAX = 16;

async function catchUp(services: Services, incidentId: string, acc: MetricsAccumulator, head: number): Promise<void> {
  while (acc.seq < head) {
    const page = await services.store.events.read(incidentId, acc.seq + 1, Math.min(LOG_PAGE, head - acc.seq));
    if (page.length === 0) throw new Error(`metrics: the store has no event ${acc.seq + 1} of ${incidentId}`);
    acc.add(page);
  }
}

export async function incidentMetrics(services: Services, hub: IncidentHub, now: number): Promise<IncidentMetrics> {
  const state = hub.state;
  if (!state) throw HttpError.of(ErrorCode.NOT_FOUND, 'No such incident.');
  let accumulators = accumulatorsOf.get(services);
  if (!accumulators) accumulatorsOf.set(services, (accumulators = new Map()));
  let entry = accumulators.get(hub.id);
  if (entry) accumulators.delete(hub.id);
  // A newer accumulator than this state (another request read further): start again rather than wait.
  if (!entry || entry.acc.seq > state.seq) entry = { acc: new MetricsAccumulator(), busy: Promise.resolve() };
  accumulators.set(hub.id, entry);
  if (accumulators.size > ACCUMULATORS_MAX) accumulators.delete(accumulators.keys().next().value as string);
  // One catch-up at a time per accumulator; a failed read leaves it at the last whole page.
  const e = entry;
  const run = e.busy.then(() => catchUp(services, hub.id, e.acc, state.seq));
  e.busy = run.catch(() => undefined);
  await run;
  if (e.acc.seq !== state.seq) {
    const fresh = new MetricsAccumulator();
    await catchUp(services, hub.id, fresh, state.seq);
    return fresh.result(state, now);
  }
  return e.acc.result(state, now);
}

// ---- CSV: lib/csv.ts (RFC 4180, UTF-8 with BOM, formula-safe) ----

const seconds = (ms: number | null) => (ms === null ? null : Math.round(ms / 1000));

/**
 * The tasks CSV's columns (SPEC REV2), in order. Headings are exports.tasksCsv.<column> in the
 * chosen language, as the timeline CSV's are: it is read by people in Excel or WPS, not by a
 * program. Times are local to the chosen zone (named in their headings), durations whole seconds.
 */
export const TASKS_CSV_COLUMNS = [
  'taskId',
  'title',
  'agency',
  'agencyCode',
  'priority',
  'status',
  'created',
  'createdElapsed',
  'acknowledged',
  'toAcknowledge',
  'inProgress',
  'toInProgress',
  'ended',
  'toEnd',
  'blocked',
  'due',
  'overdue',
  'overdueBy',
  'holders',
] as const;

export function tasksCsv(m: IncidentMetrics, c: { t: Translate; agencyName: (code: string) => string; timeZone: string }): string {
  const { t, agencyName, timeZone } = c;
  const local = (ms: number | null) => (ms === null ? null : localStamp(ms, timeZone));
  return toCsv(
    TASKS_CSV_COLUMNS.map((k) => t(`exports.tasksCsv.${k}`, { zone: timeZone })),
    m.tasks.map((task: TaskMetrics) => [
      task.taskId,
      task.title,
      agencyName(task.agency),
      task.agency,
      t(`priority.${task.priority}`),
      t(`taskStatus.${task.status}`),
      local(task.createdAt),
      tPlus(task.createdAt - m.openedAt),
      local(task.acknowledgedAt),
      seconds(task.toAcknowledge),
      local(task.inProgressAt),
      seconds(task.toInProgress),
      local(task.endedAt),
      seconds(task.toEnd),
      seconds(task.blocked),
      local(task.dueAt),
      t(task.overdue ? 'exports.tasksCsv.yes' : 'exports.tasksCsv.no'),
      seconds(task.overdueBy),
      task.holders.map((h) => `${agencyName(h.agency)} ${tPlus(h.from - m.openedAt)}`).join(' → '),
    ]),
  );
}

/** Metrics (any reader of the incident but wall screens) and the tasks CSV (those who may export). */
export const metricsRoutes: Route[] = [
  {
    method: 'GET',
    path: '/api/incidents/:id/metrics',
    access: 'reader',
    async handle(ctx) {
      const hub = await accountReadableHub(ctx);
      const metrics = await incidentMetrics(ctx.services, hub, Date.now());
      return { body: { metrics } };
    },
  },
  {
    method: 'GET',
    path: '/api/incidents/:id/export/tasks.csv',
    access: 'reader',
    async handle(ctx) {
      authorizeReviewOrThrow(ctx.principal, 'Export');
      const hub = await accountReadableHub(ctx);
      const words = await csvWords(ctx);
      const m = await incidentMetrics(ctx.services, hub, Date.now());
      return csvFile(hub.state!, hub.id, words, 'tasks', tasksCsv(m, words));
    },
  },
];
