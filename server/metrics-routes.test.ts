import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateEvents } from '../bench/reducer';
import type { IncidentEvent, UnsequencedEvent } from '../lib/domain/incident/events';
import { computeMetrics, type IncidentMetrics } from '../lib/domain/review/metrics';
import { seedDemo, type SeededDemo } from './demo/seed-store';
import { parseCsv } from '../lib/csv';
import { EXTRA_AGENCIES } from './demo/long-incident';
import { TASKS_CSV_COLUMNS } from './http/routes-metrics';
import { createLogger } from './log';
import type { Store } from './store/types';
import { createUser, readLog, request, signIn } from './testing/client';
import { startServerProcess, TEST_ADMIN_PASSWORD, type ServerProcess } from './testing/server-process';
import { tempStore, type TempStore } from './testing/temp-store';

/**
 * SPEC REV2 / REV4 over HTTP against a real server on a seeded store: the
 * metrics route equals the domain's figures over the log the events route
 * returns; the tasks CSV is UTF-8 with a BOM, one quoted row per task; who may
 * read and who may export; and a 100,000-event incident's figures (times printed).
 */
const BIG_ID = '00000000-0000-4000-8000-00000000b16b';
const BIG_EVENTS = 100_000;

let temp: TempStore;
let srv: ServerProcess;
let demo: SeededDemo;
let admin: string;
const token: Record<string, string> = {};

async function appendBig(store: Store, events: IncidentEvent[]): Promise<void> {
  const start = Date.now() - 3_600_000;
  for (let i = 0; i < events.length; i += 1000) {
    const group = events.slice(i, i + 1000).map(({ seq: _s, ts: _t, ...b }) => ({ ...b, incidentId: BIG_ID, commandId: `big-${i}` }) as UnsequencedEvent);
    const r = await store.events.appendBatch(BIG_ID, i, [{ commandId: `big-${i}`, events: group }], { ts: start + i * 30 });
    if (r.status !== 'appended') throw new Error(`append ${i}: ${r.status}`);
  }
}

beforeAll(async () => {
  temp = await tempStore('portline-metrics-');
  const { store } = temp;
  try {
    demo = await seedDemo(store, { lang: 'zh-CN', adminPassword: TEST_ADMIN_PASSWORD, log: createLogger('silent', 'seed') });
    await appendBig(store, generateEvents(BIG_EVENTS));
    await store.accounts.createAgency(EXTRA_AGENCIES[0]); // not in scenario A: its liaison is an outsider
  } finally {
    await store.close();
  }
  srv = await startServerProcess({ dataDir: temp.dir });
  admin = await signIn(srv.url);
  for (const a of demo.accounts) token[a.key] = await signIn(srv.url, a.username, a.password);
  token.outsider = (await createUser(srv.url, admin, 'metrics-outsider', 'liaison', EXTRA_AGENCIES[0].code)).token;
}, 180_000);

afterAll(async () => {
  await srv?.stop();
  await temp?.cleanup();
});

const metricsOf = (id: string, opts: { token?: string; displayToken?: string }) =>
  request<{ metrics: IncidentMetrics }>(srv.url, 'GET', `/api/incidents/${id}/metrics`, opts);

async function csv(id: string, t: string, query = ''): Promise<{ status: number; type: string | null; disposition: string | null; bytes: Buffer }> {
  const res = await fetch(`${srv.url}/api/incidents/${id}/export/tasks.csv${query}`, { headers: { authorization: `Bearer ${t}` } });
  return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), bytes: Buffer.from(await res.arrayBuffer()) };
}

/** RFC 4180 reader (quoted fields, doubled quotes, CRLF), for checking our writer. */
describe('SPEC REV2 metrics and the tasks CSV over HTTP (real server, scenario A seed)', () => {
  it('REV2 the metrics route equals the domain figures over the log from the events route', async () => {
    const r = await metricsOf(demo.incidentId, { token: token.observer });
    expect(r.status).toBe(200);
    const m = r.json.metrics;
    const log = await readLog(srv.url, token.observer, demo.incidentId);
    const expected = computeMetrics(log, m.end);
    expect(m).toEqual(expected);
    expect(m.counts.tasks).toBe(42);
    expect(m.counts.events).toBe(log.length);
    const opening = log[0].type === 'IncidentOpened' ? log[0].payload.agencies : [];
    expect(m.agencies.map((a) => a.agency)).toEqual(opening);
    expect(m.agencies.reduce((n, a) => n + a.tasks, 0)).toBe(42);
    console.log(
      `scenario A: ${log.length} events, ${m.counts.tasks} tasks (${m.counts.done} done, ${m.counts.overdue} overdue), ` +
        m.agencies.map((a) => `${a.agency} ack median ${Math.round((a.acknowledge.median ?? 0) / 1000)} s`).join(', '),
    );
  });

  it('REV4 any account that may read the incident reads its metrics; a wall screen and an outsider get FORBIDDEN', async () => {
    for (const who of ['commander', 'observer', 'fire', 'police']) expect((await metricsOf(demo.incidentId, { token: token[who] })).status).toBe(200);
    expect((await metricsOf(demo.incidentId, { token: admin })).status).toBe(200);
    const wall = await metricsOf(demo.incidentId, { displayToken: demo.displays.incident.token });
    expect([wall.status, wall.json.error?.code]).toEqual([403, 'FORBIDDEN']);
    const outsider = await metricsOf(demo.incidentId, { token: token.outsider });
    expect([outsider.status, outsider.json.error?.code]).toEqual([403, 'FORBIDDEN']);
    const missing = await metricsOf('00000000-0000-4000-8000-0000000000ff', { token: token.observer });
    expect([missing.status, missing.json.error?.code]).toEqual([404, 'NOT_FOUND']);
    const none = await request(srv.url, 'GET', `/api/incidents/${demo.incidentId}/metrics`);
    expect(none.status).toBe(401);
  });

  it('REV4 only observers, commanders and admins export the tasks CSV; others get a typed FORBIDDEN', async () => {
    for (const who of ['fire', 'customs']) {
      const r = await request(srv.url, 'GET', `/api/incidents/${demo.incidentId}/export/tasks.csv`, { token: token[who] });
      expect([r.status, r.json.error?.code]).toEqual([403, 'FORBIDDEN']);
    }
    const wall = await request(srv.url, 'GET', `/api/incidents/${demo.incidentId}/export/tasks.csv`, { displayToken: demo.displays.incident.token });
    expect([wall.status, wall.json.error?.code]).toEqual([403, 'FORBIDDEN']);
    for (const t of [token.observer, token.commander, admin]) expect((await csv(demo.incidentId, t)).status).toBe(200);
  });

  it('REV2 REV5 the tasks CSV: BOM, headings and words in the chosen language, local times in the chosen zone, one row per task', async () => {
    const r = await csv(demo.incidentId, token.observer, '?lang=en&tz=Asia%2FShanghai');
    expect(r.type).toBe('text/csv; charset=utf-8');
    // Named like the other exports: the title's letters and digits, the opening date, the language (UTF-8 in filename*).
    expect(r.disposition).toMatch(/^attachment; filename="[\w.-]+-\d{4}-\d{2}-\d{2}-tasks-en\.csv"; filename\*=UTF-8''\S+-\d{4}-\d{2}-\d{2}-tasks-en\.csv$/);
    expect([...r.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(r.bytes.subarray(3).toString('utf8'));
    expect(rows[0].slice(0, 8)).toEqual(['Task ID', 'Task', 'Agency', 'Agency code', 'Priority', 'Status', 'Created (Asia/Shanghai)', 'Created (T+)']);
    expect(rows[0]).toHaveLength(TASKS_CSV_COLUMNS.length);
    expect(rows).toHaveLength(43);
    expect(rows.every((row) => row.length === TASKS_CSV_COLUMNS.length)).toBe(true);
    const m = (await metricsOf(demo.incidentId, { token: token.observer })).json.metrics;
    const col = (name: (typeof TASKS_CSV_COLUMNS)[number]) => TASKS_CSV_COLUMNS.indexOf(name);
    /** The same moment on a Shanghai wall clock (UTC+8, no summer time), independently of the server's formatter. */
    const shanghai = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
    const statusWords = { open: 'Open', acknowledged: 'Acknowledged', in_progress: 'In progress', blocked: 'Blocked', done: 'Done', cancelled: 'Cancelled' };
    for (const [i, t] of m.tasks.entries()) {
      const row = rows[i + 1];
      expect(row[col('taskId')]).toBe(t.taskId);
      expect(row[col('title')]).toBe(t.title);
      expect(row[col('agencyCode')]).toBe(t.agency);
      expect(row[col('status')]).toBe(statusWords[t.status]);
      expect(row[col('created')]).toBe(shanghai(t.createdAt));
      expect(row[col('acknowledged')]).toBe(t.acknowledgedAt === null ? '' : shanghai(t.acknowledgedAt));
      expect(row[col('toAcknowledge')]).toBe(t.toAcknowledge === null ? '' : String(Math.round(t.toAcknowledge / 1000)));
      // A block still running grows with the clock between the two requests.
      if (t.status !== 'blocked') expect(row[col('blocked')]).toBe(String(Math.round(t.blocked / 1000)));
      else expect(Math.abs(Number(row[col('blocked')]) - t.blocked / 1000)).toBeLessThanOrEqual(5);
      expect(row[col('overdue')]).toBe(t.overdue ? 'yes' : 'no');
    }
    expect(rows.slice(1).some((row) => row[col('agency')] === 'Customs' && row[col('agencyCode')] === 'customs')).toBe(true);
    // Chinese titles survive (quoting of commas, quotes and line breaks: lib/csv.test.ts).
    expect(rows.some((row) => /[\u4e00-\u9fff]/.test(row[col('title')]))).toBe(true);
  });

  it('REV5 the tasks CSV is in Chinese unless asked otherwise; an unknown language or zone is a typed BAD_REQUEST', async () => {
    const r = await csv(demo.incidentId, token.observer);
    expect(r.disposition).toMatch(/-tasks-zh-CN\.csv/);
    const rows = parseCsv(r.bytes.subarray(3).toString('utf8'));
    const col = (name: (typeof TASKS_CSV_COLUMNS)[number]) => TASKS_CSV_COLUMNS.indexOf(name);
    expect(rows[0].slice(0, 6)).toEqual(['任务编号', '任务', '单位', '单位代码', '优先级', '状态']);
    expect(rows.slice(1).some((row) => row[col('agency')] === '海关')).toBe(true);
    expect(rows.slice(1).every((row) => ['是', '否'].includes(row[col('overdue')]))).toBe(true);
    // Any capitalisation of a zone is that zone, under the runtime's name (one formatter per zone, not per spelling).
    const lower = await csv(demo.incidentId, token.observer, '?lang=en&tz=asia%2FSHANGHAI');
    expect([lower.status, parseCsv(lower.bytes.subarray(3).toString('utf8'))[0][col('created')]]).toEqual([200, 'Created (Asia/Shanghai)']);
    for (const q of ['?lang=fr', '?tz=Mars%2FOlympus', '?lang=en&extra=1']) {
      const bad = await request(srv.url, 'GET', `/api/incidents/${demo.incidentId}/export/tasks.csv${q}`, { token: token.observer });
      expect([q, bad.status, bad.json.error?.code]).toEqual([q, 400, 'BAD_REQUEST']);
    }
  });

  it('REV2 a 100,000-event incident: the route’s figures equal a fold of the whole log, first and again (times printed; a hang bound only)', async () => {
    const t0 = performance.now();
    const cold = await metricsOf(BIG_ID, { token: token.observer });
    const coldMs = performance.now() - t0;
    expect(cold.json.metrics.counts.events).toBe(BIG_EVENTS);
    const times: number[] = [];
    let m: IncidentMetrics | null = null;
    for (let i = 0; i < 3; i++) {
      const t1 = performance.now();
      const r = await metricsOf(BIG_ID, { token: token.observer });
      times.push(performance.now() - t1);
      m = r.json.metrics;
    }
    expect(m!.counts.events).toBe(BIG_EVENTS);
    // The figures equal a fold of the whole log in the test, apart from `end` (now).
    const expected = computeMetrics(
      generateEvents(BIG_EVENTS).map((e, i) => ({ ...e, incidentId: BIG_ID, commandId: `big-${i - (i % 1000)}`, ts: m!.openedAt + (i - (i % 1000)) * 30 })),
      m!.end,
    );
    expect(m!.tasks.map((t) => [t.taskId, t.status, t.toAcknowledge, t.blocked])).toEqual(expected.tasks.map((t) => [t.taskId, t.status, t.toAcknowledge, t.blocked]));
    expect(m!.counts).toEqual(expected.counts);
    const best = Math.min(...times);
    const size = JSON.stringify(cold.json).length;
    console.log(`100k-event metrics: first ${Math.round(coldMs)} ms (reads the log), then ${times.map((t) => Math.round(t)).join(' / ')} ms; ${Math.round(size / 1024)} KiB`);
    // A generous bound against a hang, not a speed target (2 shared cores): the figures above are the measurement.
    expect(best).toBeLessThan(10_000);
  }, 120_000);
});
