import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../lib/csv';
import en from '../messages/en.json';
import zh from '../messages/zh-CN.json';
import type { IncidentEvent } from '../lib/domain/incident/events';
import { applyEvents } from '../lib/domain/incident/evolve';
import type { IncidentState } from '../lib/domain/incident/state';
import { LIMITS } from '../lib/domain/limits';
import { LOG_FORMAT } from '../lib/protocol/export';
import type { ReviewLogView } from '../lib/protocol/review';
import { localStamp } from '../lib/exports/timeline-csv';
import { seedDemo, type SeededDemo } from './demo/seed-store';
import { createLogger } from './log';
import { createDisplay, createUser, readLog, request, signIn } from './testing/client';
import { startRedisServer, type RedisServerHandle } from './testing/redis-server';
import { startServerProcess, TEST_ADMIN_PASSWORD, type ServerProcess } from './testing/server-process';
import { tempStore, type TempStore } from './testing/temp-store';

/**
 * SPEC REV5 (issue #5): export → import into an empty store → replay gives
 * identical states at every seq; every import refusal is typed and writes
 * nothing; who may export and import (REV4). Real server processes, real Redis.
 */

let temp: TempStore;
let seeded: SeededDemo;
let source: ServerProcess;
let emptySqlite: ServerProcess;
let emptyRedis: ServerProcess;
let redis: RedisServerHandle;
let observer: string;
let observerName: string;
let sourceAdmin: string;

async function download(url: string, route: string, token: string): Promise<{ status: number; type: string; disposition: string; text: string }> {
  const res = await fetch(url + route, { headers: { authorization: `Bearer ${token}` } });
  // Keep a byte order mark (Response.text() would drop it).
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
  return { status: res.status, type: res.headers.get('content-type') ?? '', disposition: res.headers.get('content-disposition') ?? '', text };
}

/** An exported log without its review part (version 2, reviewHeadSeq 0): for the tests that edit its events. */
function withoutReview(text: string): string {
  const [h, ...rest] = text.trimEnd().split('\n');
  const header = JSON.parse(h);
  return [JSON.stringify({ ...header, reviewHeadSeq: 0 }), ...rest.slice(0, header.headSeq)].join('\n') + '\n';
}

/** Folds the log event by event and returns the state after each seq. */
function statesAtEverySeq(events: readonly IncidentEvent[]): IncidentState[] {
  const out: IncidentState[] = [];
  let s: IncidentState | null = null;
  for (const ev of events) {
    s = applyEvents(s, [ev]);
    out.push(s!);
  }
  return out;
}

beforeAll(async () => {
  temp = await tempStore('portline-export-src-');
  const { store } = temp;
  try {
    seeded = await seedDemo(store, { adminPassword: TEST_ADMIN_PASSWORD, log: createLogger('silent', 'seed') });
  } finally {
    await store.close();
  }
  redis = await startRedisServer();
  [source, emptySqlite, emptyRedis] = await Promise.all([
    startServerProcess({ dataDir: temp.dir, serverId: 'source' }),
    startServerProcess({ serverId: 'target-sqlite' }),
    startServerProcess({ serverId: 'target-redis', redisUrl: redis.url }),
  ]);
  const obs = seeded.accounts.find((a) => a.key === 'observer')!;
  observer = await signIn(source.url, obs.username, obs.password);
  observerName = obs.displayName;
  sourceAdmin = await signIn(source.url);
}, 120_000);

afterAll(async () => {
  await Promise.all([source?.stop(), emptySqlite?.stop(), emptyRedis?.stop()]);
  await redis?.stop();
  await temp?.cleanup();
});

describe('REV5 export and import between real server processes', () => {
  it('exports the drill as JSON Lines: a versioned header, then every stored event in seq order', async () => {
    const r = await download(source.url, `/api/incidents/${seeded.incidentId}/export/log.jsonl`, observer);
    expect(r.status).toBe(200);
    expect(r.type).toContain('application/x-ndjson');
    expect(r.disposition).toContain('attachment');
    const lines = r.text.trimEnd().split('\n');
    const header = JSON.parse(lines[0]);
    expect(header).toMatchObject({ format: LOG_FORMAT, version: 2, incidentId: seeded.incidentId, exportedBy: { role: 'observer' }, reviewHeadSeq: 0 });
    const stored = await readLog(source.url, sourceAdmin, seeded.incidentId);
    expect(header.headSeq).toBe(stored.length);
    expect(stored.length).toBeGreaterThan(150);
    expect(header.agencies.map((a: { code: string }) => a.code).sort()).toEqual(['border', 'customs', 'fire', 'maritime', 'medical', 'police', 'port']);
    expect(lines.slice(1).map((l) => JSON.parse(l))).toEqual(stored);
    // Exactly as stored: the same JSON text the events route serves, key order included.
    expect(lines[1]).toBe(JSON.stringify(stored[0]));
  });

  for (const target of ['SQLite', 'Redis'] as const) {
    it(`round trip SQLite → ${target}: the imported log is identical and replays to identical states at every seq`, async () => {
      const server = target === 'SQLite' ? emptySqlite : emptyRedis;
      const exported = await download(source.url, `/api/incidents/${seeded.incidentId}/export/log.jsonl`, observer);
      const admin = await signIn(server.url);
      expect((await request<{ incidents: unknown[] }>(server.url, 'GET', '/api/incidents', { token: admin })).json.incidents).toEqual([]);
      const t0 = Date.now();
      const r = await request<{ incidentId: string; headSeq: number; agenciesCreated: string[] }>(server.url, 'POST', '/api/incidents/import', {
        token: admin,
        body: { jsonl: exported.text },
      });
      expect(r.status, JSON.stringify(r.json)).toBe(201);
      const original = await readLog(source.url, sourceAdmin, seeded.incidentId);
      expect(r.json).toMatchObject({ ok: true, incidentId: seeded.incidentId, headSeq: original.length });
      console.log(`[REV5] imported ${original.length} events into ${target} in ${Date.now() - t0} ms`);

      const imported = await readLog(server.url, admin, seeded.incidentId);
      expect(imported).toEqual(original); // ids, seq, ts, command ids, actors, payloads
      const a = statesAtEverySeq(original);
      const b = statesAtEverySeq(imported);
      expect(b.length).toBe(a.length);
      let same = 0;
      for (let i = 0; i < a.length; i++) {
        expect(b[i], `state at seq ${i + 1}`).toEqual(a[i]);
        same++;
      }
      console.log(`[REV5] ${target}: identical states at all ${same} seqs`);

      // The server's own view agrees: the summary and the list show the incident.
      const summary = await request<{ incident: { seq: number; title: string } }>(server.url, 'GET', `/api/incidents/${seeded.incidentId}`, { token: admin });
      expect(summary.json.incident).toMatchObject({ seq: original.length, title: a[a.length - 1].title });
      const list = await request<{ incidents: Array<{ id: string }> }>(server.url, 'GET', '/api/incidents', { token: admin });
      expect(list.json.incidents.map((i) => i.id)).toEqual([seeded.incidentId]);

      // Its re-export is the same log, line for line.
      const again = await download(server.url, `/api/incidents/${seeded.incidentId}/export/log.jsonl`, admin);
      expect(again.text.split('\n').slice(1)).toEqual(exported.text.split('\n').slice(1));

      // The import is in the audit log (SPEC AUTH12), once.
      const audit = await request<{ entries: Array<{ action: string; target: { kind: string; id: string } | null }> }>(server.url, 'GET', '/api/audit?limit=50', { token: admin });
      expect(audit.json.entries.filter((e) => e.action === 'incident.imported').map((e) => e.target)).toEqual([
        { kind: 'incident', id: seeded.incidentId, label: null },
      ]);

      // Importing it a second time: CONFLICT, nothing written.
      const twice = await request(server.url, 'POST', '/api/incidents/import', { token: admin, body: { jsonl: exported.text } });
      expect(twice.status).toBe(409);
      expect(twice.json.error?.code).toBe('CONFLICT');
      expect(await readLog(server.url, admin, seeded.incidentId)).toEqual(original);
    });
  }

  it('the timeline CSV has a BOM, one row per event, correct quoting, and the chosen language', async () => {
    const stored = await readLog(source.url, sourceAdmin, seeded.incidentId);
    for (const lang of ['en', 'zh-CN'] as const) {
      const r = await download(source.url, `/api/incidents/${seeded.incidentId}/export/timeline.csv?lang=${lang}&tz=Asia/Shanghai`, observer);
      expect(r.status).toBe(200);
      expect(r.type).toBe('text/csv; charset=utf-8');
      expect(r.text.charCodeAt(0)).toBe(0xfeff);
      const rows = parseCsv(r.text);
      expect(rows[0]).toEqual(
        lang === 'en'
          ? ['Seq', 'Time (UTC, ISO 8601)', 'Local time (Asia/Shanghai)', 'T+', 'Agency', 'Who', 'Role', 'Kind', 'Description']
          : ['序号', '时间（UTC，ISO 8601）', '本地时间（Asia/Shanghai）', 'T+', '单位', '操作人', '角色', '类别', '说明'],
      );
      expect(rows.length).toBe(stored.length + 1);
      expect(rows.slice(1).map((row) => Number(row[0]))).toEqual(stored.map((e) => e.seq));
      expect(rows.every((row) => row.length === 9)).toBe(true);
      expect(rows[1][1]).toBe(new Date(stored[0].ts).toISOString());
      expect(rows[1][3]).toBe('T+00:00:00');
      expect(rows[1][8]).toContain((lang === 'en' ? en : zh).timeline.ev.opened); // the board's own words
      const statusRow = rows.find((row) => row[8].includes('→'));
      expect(statusRow).toBeDefined();
      console.log(`[REV5] timeline.csv ${lang}: ${rows.length - 1} rows; e.g. ${JSON.stringify(rows[2])}`);
    }
    const bad = await request(source.url, 'GET', `/api/incidents/${seeded.incidentId}/export/timeline.csv?lang=fr`, { token: observer });
    expect(bad.status).toBe(400);
  });

  it('the findings and improvement plan CSVs: every finding (a withdrawn one marked, with who and why; a reinstated one with both sides), every item with its finding and status history, in the chosen language', async () => {
    const id = seeded.incidentId;
    const tz = 'Asia/Shanghai';
    const stored = await readLog(source.url, sourceAdmin, id);
    const created = stored.find((e) => e.type === 'TaskCreated')!;
    const last = stored[stored.length - 1];
    const task = created.payload as { taskId: string; title: string };
    type Written = { id: string; revision: number; createdAt: number; atTs: number };
    const review = (path: string, body: unknown) => request<Record<string, Written>>(source.url, 'POST', `/api/incidents/${id}/review${path}`, { token: observer, body });
    const lateText = '=1+1 typed first: acknowledged late, "on the radio"';
    const late = await review('/findings', { id: randomUUID(), atSeq: created.seq, ref: { kind: 'task', taskId: task.taskId }, verdict: 'improvement', text: lateText });
    expect(late.status).toBe(201);
    const wrong = await review('/findings', { id: randomUUID(), atSeq: 1, ref: { kind: 'agency', agency: 'fire' }, verdict: 'strength', text: 'Written about the wrong agency' });
    expect((await review(`/findings/${wrong.json.finding.id}/withdraw`, { id: randomUUID(), expectedRevision: wrong.json.finding.revision, reason: 'Wrong agency' })).status).toBe(200);
    const back = await review('/findings', { id: randomUUID(), atSeq: last.seq, verdict: 'strength', text: 'Closed in good order' });
    const out = await review(`/findings/${back.json.finding.id}/withdraw`, { id: randomUUID(), expectedRevision: back.json.finding.revision, reason: 'Meant the other one' });
    expect((await review(`/findings/${back.json.finding.id}/reinstate`, { id: randomUUID(), expectedRevision: out.json.finding.revision, reason: 'Withdrawn by mistake' })).status).toBe(200);
    const item = await review('/improvements', { id: randomUUID(), findingId: late.json.finding.id, action: 'Name a duty officer who watches the board', agency: 'customs', dueDate: '2027-03-31' });
    expect(item.status).toBe(201);
    expect((await review(`/improvements/${item.json.item.id}/status`, { status: 'in_progress', expectedStatus: 'open' })).status).toBe(200);
    const alone = await review('/improvements', { id: randomUUID(), action: '-Drill the hall B closure twice a year', agency: 'port', dueDate: '2027-06-30' });
    expect(alone.status).toBe(201);

    for (const lang of ['en', 'zh-CN'] as const) {
      const words = lang === 'en' ? en : zh;
      const observerIs = `${observerName}${lang === 'en' ? ` (${words.roles.observer})` : `（${words.roles.observer}）`}`;
      const f = await download(source.url, `/api/incidents/${id}/export/findings.csv?lang=${lang}&tz=${tz}`, observer);
      expect(f.status).toBe(200);
      expect(f.type).toBe('text/csv; charset=utf-8');
      expect(f.disposition).toContain(`-findings-${lang}.csv`);
      expect(f.text.charCodeAt(0)).toBe(0xfeff);
      const rows = parseCsv(f.text);
      // The findings page's own words.
      expect(rows[0]).toEqual(lang === 'en'
        ? ['Finding ID', 'Event', 'Moment (Asia/Shanghai)', 'Moment (T+)', 'Verdict', 'About', 'Finding', 'Written by', 'Role', 'Written (Asia/Shanghai)', 'Last amended', 'Withdrawn', 'Withdrawn by', 'Reason withdrawn', 'Withdrawn and reinstated', 'Improvement items']
        : ['发现编号', '记录序号', '时刻（Asia/Shanghai）', '时刻（T+）', '评价', '关联对象', '发现内容', '记录人', '角色', '记录时间（Asia/Shanghai）', '最近修改', '已撤回', '撤回人', '撤回原因', '撤回与恢复记录', '改进项数']);
      // Oldest moment first, as the review page lists them: the withdrawn one (event 1), the late one, the reinstated one (the last event).
      expect(rows.length).toBe(4);
      const [w, l, r] = rows.slice(1);
      expect(w.slice(0, 5)).toEqual([wrong.json.finding.id, '1', localStamp(stored[0].ts, tz), 'T+00:00:00', words.findings.verdict.strength]);
      expect(w[5]).toBe(words.report.refAgency.replace('{agency}', lang === 'en' ? 'Fire and Rescue' : '消防救援'));
      expect(w.slice(7, 10)).toEqual([observerName, words.roles.observer, localStamp(wrong.json.finding.createdAt, tz)]);
      expect(w.slice(11, 14)).toEqual([words.exports.tasksCsv.yes, expect.stringMatching(new RegExp(`^${observerIs.replace(/[()]/g, '\\$&')}`)), 'Wrong agency']);
      expect(l.slice(0, 3)).toEqual([late.json.finding.id, String(created.seq), localStamp(created.ts, tz)]);
      expect(l[5]).toBe(words.report.refTask.replace('{title}', task.title));
      expect(l[6]).toBe(`'${lateText}`); // formula-safe: a cell that starts with = gets a leading '
      expect(l.slice(11)).toEqual([words.exports.tasksCsv.no, '', '', '', '1']);
      expect(r.slice(0, 2)).toEqual([back.json.finding.id, String(last.seq)]);
      expect(r[5]).toBe('');
      // Reinstated: it stands (not withdrawn), and the withdrawal it undid is kept, both sides with who, when and why.
      expect(r.slice(11, 14)).toEqual([words.exports.tasksCsv.no, '', '']);
      expect(r[14]).toContain('Meant the other one');
      expect(r[14]).toContain('Withdrawn by mistake');
      expect(r[14].split(observerIs)).toHaveLength(3);
      expect(r[15]).toBe('0');

      const p = await download(source.url, `/api/incidents/${id}/export/improvement-plan.csv?lang=${lang}&tz=${tz}`, observer);
      expect(p.status).toBe(200);
      expect(p.disposition).toContain(`-improvement-plan-${lang}.csv`);
      const plan = parseCsv(p.text);
      expect(plan[0]).toEqual(lang === 'en'
        ? ['Item ID', 'What to change', 'Owning agency', 'Agency code', 'Due date', 'Status', 'Status since (Asia/Shanghai)', 'From finding', 'Finding ID', 'Added by', 'Added (Asia/Shanghai)', 'Status history']
        : ['改进项编号', '改进内容', '负责单位', '单位代码', '截止日期', '状态', '状态起始时间（Asia/Shanghai）', '来自发现', '发现编号', '添加人', '添加时间（Asia/Shanghai）', '状态记录']);
      expect(plan.length).toBe(3);
      const [fromFinding, onItsOwn] = plan.slice(1);
      expect(fromFinding.slice(0, 6)).toEqual([item.json.item.id, 'Name a duty officer who watches the board', lang === 'en' ? 'Customs' : '海关', 'customs', '2027-03-31', words.findings.status.in_progress]);
      expect(fromFinding[7]).toBe(`${words.findings.verdict.improvement} · ${lateText}`);
      expect(fromFinding.slice(8, 11)).toEqual([late.json.finding.id, observerIs, localStamp(item.json.item.createdAt, tz)]);
      const steps = fromFinding[11].split(' → ');
      expect(steps).toHaveLength(2);
      expect(steps[0].startsWith(`${words.findings.status.open}${lang === 'en' ? ' (' : '（'}${observerName}`)).toBe(true);
      expect(steps[1].startsWith(`${words.findings.status.in_progress}${lang === 'en' ? ' (' : '（'}${observerName}`)).toBe(true);
      expect(onItsOwn[1]).toBe("'-Drill the hall B closure twice a year");
      expect(onItsOwn.slice(2, 6)).toEqual([lang === 'en' ? 'Port Operator' : '港口运营', 'port', '2027-06-30', words.findings.status.open]);
      expect(onItsOwn.slice(7, 9)).toEqual(['', '']);
      console.log(`[REV5] findings.csv and improvement-plan.csv ${lang}: ${rows.length - 1} findings, ${plan.length - 1} items; e.g. ${JSON.stringify(r[14])}`);
    }
  });

  it('the review log goes out after the events (version 2) and comes back in whole, SQLite and Redis: the same findings, corrections and plan, and the review goes on there', async () => {
    // The findings and items the test above wrote: findings amended, withdrawn and reinstated, items with status changes.
    const id = seeded.incidentId;
    const before = await request<ReviewLogView>(source.url, 'GET', `/api/incidents/${id}/review`, { token: observer });
    const standing = before.json.findings.find((f) => !f.withdrawn)!;
    const amended = await request(source.url, 'POST', `/api/incidents/${id}/review/findings/${standing.id}/amend`, {
      token: observer,
      body: { id: randomUUID(), expectedRevision: standing.revision, verdict: standing.verdict, text: `${standing.text} (amended: 堆场 C3)` },
    });
    expect(amended.status, JSON.stringify(amended.json)).toBe(200);
    const original = await request<ReviewLogView>(source.url, 'GET', `/api/incidents/${id}/review`, { token: observer });
    expect(original.json.headSeq).toBeGreaterThanOrEqual(9);
    const exported = await download(source.url, `/api/incidents/${id}/export/log.jsonl`, observer);
    const lines = exported.text.trimEnd().split('\n');
    const header = JSON.parse(lines[0]);
    expect(header).toMatchObject({ version: 2, reviewHeadSeq: original.json.headSeq });
    expect(lines.length).toBe(1 + header.headSeq + header.reviewHeadSeq);
    const reviewLines = lines.slice(1 + header.headSeq).map((l) => JSON.parse(l) as { seq: number; type: string });
    expect(reviewLines.map((e) => e.seq)).toEqual(Array.from({ length: header.reviewHeadSeq }, (_, i) => i + 1));
    expect(new Set(reviewLines.map((e) => e.type))).toEqual(new Set(['FindingAdded', 'FindingAmended', 'FindingWithdrawn', 'FindingReinstated', 'ImprovementAdded', 'ImprovementStatusChanged']));
    // As stored: seq and ts first.
    expect(lines[1 + header.headSeq]).toMatch(/^\{"seq":1,"ts":\d+,"type":"FindingAdded",/);

    for (const server of [emptySqlite, emptyRedis]) {
      // The incident is there already (the round trips above): the same file under another incident id.
      const copy = randomUUID();
      const text = exported.text.split(id).join(copy);
      const admin = await signIn(server.url);
      const r = await request<{ headSeq: number; reviewHeadSeq: number }>(server.url, 'POST', '/api/incidents/import', { token: admin, body: { jsonl: text } });
      expect(r.status, JSON.stringify(r.json)).toBe(201);
      expect(r.json).toMatchObject({ headSeq: header.headSeq, reviewHeadSeq: header.reviewHeadSeq });
      const there = await request<ReviewLogView>(server.url, 'GET', `/api/incidents/${copy}/review`, { token: admin });
      expect(there.json).toEqual(JSON.parse(JSON.stringify(original.json).split(id).join(copy)));
      // Exported again from there: the same lines.
      const again = await download(server.url, `/api/incidents/${copy}/export/log.jsonl`, admin);
      expect(again.text.split('\n').slice(1)).toEqual(text.split('\n').slice(1));
      // The review goes on there after the imported entries.
      const more = await request<{ finding: { reviewSeq: number } }>(server.url, 'POST', `/api/incidents/${copy}/review/findings`, {
        token: admin,
        body: { id: randomUUID(), atSeq: 1, verdict: 'strength', text: 'Reviewed again at headquarters' },
      });
      expect(more.status).toBe(201);
      expect(more.json.finding.reviewSeq).toBe(header.reviewHeadSeq + 1);
      console.log(`[REV5] ${server === emptySqlite ? 'SQLite' : 'Redis'}: ${header.reviewHeadSeq} review entries imported with ${header.headSeq} events; the same ${there.json.findings.length} findings and ${there.json.improvements.length} items`);
    }
  });
});

describe('REV4/REV5 who may export and import', () => {
  it('liaisons, responders and wall screens are FORBIDDEN on every export; commanders and admins may', async () => {
    const liaison = seeded.accounts.find((a) => a.key === 'fire')!;
    const liaisonToken = await signIn(source.url, liaison.username, liaison.password);
    const { token: responder } = await createUser(source.url, sourceAdmin, 'resp-fire-export', 'responder', 'fire');
    const display = await createDisplay(source.url, sourceAdmin, 'wall', { kind: 'incident', incidentId: seeded.incidentId });
    const commander = seeded.accounts.find((a) => a.key === 'commander')!;
    const commanderToken = await signIn(source.url, commander.username, commander.password);
    for (const route of ['log.jsonl', 'timeline.csv?lang=en', 'findings.csv?lang=en', 'improvement-plan.csv?lang=en']) {
      const path = `/api/incidents/${seeded.incidentId}/export/${route}`;
      for (const token of [liaisonToken, responder]) {
        const r = await request(source.url, 'GET', path, { token });
        expect(r.status, path).toBe(403);
        expect(r.json.error?.code).toBe('FORBIDDEN');
      }
      const d = await request(source.url, 'GET', path, { displayToken: display.token });
      expect(d.status).toBe(403);
      expect(d.json.error?.code).toBe('FORBIDDEN');
      for (const token of [commanderToken, sourceAdmin]) expect((await download(source.url, path, token)).status).toBe(200);
    }
    // FORBIDDEN comes before NOT_FOUND (no probing for incident ids).
    expect((await request(source.url, 'GET', '/api/incidents/nope/export/log.jsonl', { token: liaisonToken })).status).toBe(403);
    expect((await request(source.url, 'GET', '/api/incidents/nope/export/log.jsonl', { token: observer })).status).toBe(404);
  });

  it('only an admin imports: observers, commanders, liaisons and responders are FORBIDDEN and nothing is written', async () => {
    const exported = await download(source.url, `/api/incidents/${seeded.incidentId}/export/log.jsonl`, observer);
    const admin = await signIn(emptySqlite.url);
    const other = exported.text.replaceAll(seeded.incidentId, '11111111-2222-4333-8444-555555555555');
    for (const [name, role, agency] of [
      ['imp-observer', 'observer', null],
      ['imp-commander', 'commander', null],
      ['imp-liaison', 'liaison', 'fire'],
      ['imp-responder', 'responder', 'fire'],
    ] as const) {
      const { token } = await createUser(emptySqlite.url, admin, name, role, agency);
      const r = await request(emptySqlite.url, 'POST', '/api/incidents/import', { token, body: { jsonl: other } });
      expect(r.status).toBe(403);
      expect(r.json.error?.code).toBe('FORBIDDEN');
    }
    const list = await request<{ incidents: Array<{ id: string }> }>(emptySqlite.url, 'GET', '/api/incidents', { token: admin });
    expect(list.json.incidents.map((i) => i.id)).not.toContain('11111111-2222-4333-8444-555555555555');
  });
});

describe('REV5 import refusals: typed, nothing written', () => {
  let server: ServerProcess;
  let admin: string;
  let log: string;
  const NEW_ID = '22222222-3333-4444-8555-666666666666';
  beforeAll(async () => {
    server = await startServerProcess({ serverId: 'refusals' });
    admin = await signIn(server.url);
    const exported = await download(source.url, `/api/incidents/${seeded.incidentId}/export/log.jsonl`, observer);
    log = withoutReview(exported.text).replaceAll(seeded.incidentId, NEW_ID);
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  const lines = () => log.trimEnd().split('\n');
  async function refused(jsonl: string, status: number, code: string): Promise<string> {
    const r = await request(server.url, 'POST', '/api/incidents/import', { token: admin, body: { jsonl } });
    expect(r.status, JSON.stringify(r.json)).toBe(status);
    expect(r.json.error?.code).toBe(code);
    expect(await request(server.url, 'GET', `/api/incidents/${NEW_ID}`, { token: admin }).then((x) => x.status)).toBe(404);
    const list = await request<{ incidents: unknown[] }>(server.url, 'GET', '/api/incidents', { token: admin });
    expect(list.json.incidents).toEqual([]);
    return r.json.error!.message;
  }

  it('an unknown format version: BAD_REQUEST naming the version', async () => {
    const [h, ...rest] = lines();
    const message = await refused([JSON.stringify({ ...JSON.parse(h), version: 7 }), ...rest].join('\n'), 400, 'BAD_REQUEST');
    expect(message).toContain('version 7');
  });

  it('a gap in seq: BAD_REQUEST', async () => {
    const l = lines();
    const gap = [l[0], ...l.slice(1, 10), ...l.slice(11)];
    const header = JSON.stringify({ ...JSON.parse(l[0]), headSeq: gap.length - 1 });
    expect(await refused([header, ...gap.slice(1)].join('\n'), 400, 'BAD_REQUEST')).toContain('seq');
  });

  it('ts going back, another incident id on a line, a repeated event id, an event that does not fold: BAD_REQUEST', async () => {
    const l = lines();
    const ev = (i: number) => JSON.parse(l[i]);
    const back = [...l];
    back[5] = JSON.stringify({ ...ev(5), ts: ev(4).ts - 1 });
    expect(await refused(back.join('\n'), 400, 'BAD_REQUEST')).toContain('ts');
    const foreign = [...l];
    foreign[3] = JSON.stringify({ ...ev(3), incidentId: '99999999-3333-4444-8555-666666666666' });
    await refused(foreign.join('\n'), 400, 'BAD_REQUEST');
    const repeated = [...l];
    repeated[4] = JSON.stringify({ ...ev(4), id: ev(3).id });
    await refused(repeated.join('\n'), 400, 'BAD_REQUEST');
    // A status change of a task that never existed: valid shape, but the log does not replay.
    const status = l.findIndex((x) => x.includes('"TaskStatusChanged"'));
    const orphan = [...l];
    orphan[status] = JSON.stringify({ ...ev(status), payload: { ...ev(status).payload, taskId: '00000000-0000-4000-8000-000000000000' } });
    expect(await refused(orphan.join('\n'), 400, 'BAD_REQUEST')).toContain('does not replay');
  });

  it('a malformed line (not JSON, or not an event): BAD_REQUEST naming the line', async () => {
    const l = lines();
    const broken = [...l];
    broken[7] = l[7].slice(0, -5);
    expect(await refused(broken.join('\n'), 400, 'BAD_REQUEST')).toContain('Line 8');
    const unknownType = [...l];
    unknownType[7] = JSON.stringify({ ...JSON.parse(l[7]), type: 'TaskExploded' });
    expect(await refused(unknownType.join('\n'), 400, 'BAD_REQUEST')).toContain('Line 8');
    const extraKey = [...l];
    extraKey[7] = JSON.stringify({ ...JSON.parse(l[7]), sneaky: true });
    await refused(extraKey.join('\n'), 400, 'BAD_REQUEST');
  });

  it('too large: a body over the import limit is PAYLOAD_TOO_LARGE before it is read', async () => {
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const u = new URL(server.url + '/api/incidents/import');
      const req = httpRequest(
        { host: u.hostname, port: u.port, path: u.pathname, method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json', 'content-length': String(LIMITS.importBodyBytes + 1) } },
        (res) => {
          let body = '';
          res.on('data', (d: Buffer) => (body += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.write('{"jsonl":"');
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it("an incident id that is not a uuid, an event dated past this server's clock, a task title '' or '   ': BAD_REQUEST, nothing written", async () => {
    const l = lines();
    // A non-uuid incident would be listed but could never be joined, commanded or shown on a wall.
    const drill = [JSON.stringify({ ...JSON.parse(l[0]), incidentId: 'drill-1' }), ...l.slice(1).map((x) => x.replaceAll(NEW_ID, 'drill-1'))];
    expect(await refused(drill.join('\n'), 400, 'BAD_REQUEST')).toContain('header (line 1)');
    expect((await request(server.url, 'GET', '/api/incidents/drill-1', { token: admin })).status).toBe(404);
    // A last event in 2099 would hold the incident's clock there.
    const last = JSON.parse(l[l.length - 1]) as { seq: number; ts: number };
    const future = [...l.slice(0, -1), JSON.stringify({ ...last, ts: Date.UTC(2099, 0, 1) })];
    expect(await refused(future.join('\n'), 400, 'BAD_REQUEST')).toContain(`seq ${last.seq}: ts 2099-01-01`);
    // A title no live command could have written.
    const at = l.findIndex((x) => x.includes('"TaskCreated"'));
    const created = JSON.parse(l[at]) as { seq: number; payload: Record<string, unknown> };
    for (const title of ['', '   ']) {
      const blank = [...l];
      blank[at] = JSON.stringify({ ...created, payload: { ...created.payload, title } });
      expect(await refused(blank.join('\n'), 400, 'BAD_REQUEST')).toContain(`seq ${created.seq}: TaskCreated of task ${String(created.payload.taskId)}: the event has title '${title}'`);
    }
  });

  // Last in this block: it imports NEW_ID for good, and the refusals above expect an empty server.
  it('an incident that exists here: CONFLICT, nothing written', async () => {
    const r = await request(server.url, 'POST', '/api/incidents/import', { token: admin, body: { jsonl: log } });
    expect(r.status).toBe(201);
    const before = await readLog(server.url, admin, NEW_ID);
    const again = await request(server.url, 'POST', '/api/incidents/import', { token: admin, body: { jsonl: log } });
    expect(again.status).toBe(409);
    expect(again.json.error?.code).toBe('CONFLICT');
    expect(await readLog(server.url, admin, NEW_ID)).toEqual(before);
  });
});

describe('REV5 import adds missing agencies from the header, never overwriting', () => {
  it('creates an agency the log needs and keeps an existing one as it is', async () => {
    const server = await startServerProcess({ serverId: 'agencies' });
    try {
      const admin = await signIn(server.url);
      const exported = await download(source.url, `/api/incidents/${seeded.incidentId}/export/log.jsonl`, observer);
      const [h, ...rest] = withoutReview(exported.text).trimEnd().split('\n');
      const header = JSON.parse(h);
      // The source called "police" something else and had a coast guard the target lacks.
      const ID = '33333333-3333-4444-8555-666666666666';
      const coast = { code: 'coastguard', nameZh: '海警', nameEn: 'Coast Guard', short: 'CG', color: '#0f766e' };
      header.incidentId = ID;
      header.agencies = header.agencies.map((a: { code: string }) => (a.code === 'police' ? { ...a, nameEn: 'Renamed police' } : a)).concat([coast]);
      const events = rest.map((l) => JSON.parse(l.replaceAll(seeded.incidentId, ID)));
      const lastStatus = events.length;
      events.push({
        ...events[events.length - 1],
        seq: lastStatus + 1,
        id: '44444444-3333-4444-8555-666666666666',
        commandId: '55555555-3333-4444-8555-666666666666',
        type: 'MessagePosted',
        payload: { messageId: '66666666-3333-4444-8555-666666666666', text: 'Coast guard cutter on station', toAgency: 'coastguard', alert: false },
      });
      header.headSeq = events.length;
      const jsonl = [JSON.stringify(header), ...events.map((e) => JSON.stringify(e))].join('\n') + '\n';
      const r = await request<{ agenciesCreated: string[] }>(server.url, 'POST', '/api/incidents/import', { token: admin, body: { jsonl } });
      expect(r.status, JSON.stringify(r.json)).toBe(201);
      expect(r.json.agenciesCreated).toEqual(['coastguard']);
      const agencies = await request<{ agencies: Array<{ code: string; nameEn: string }> }>(server.url, 'GET', '/api/agencies', { token: admin });
      expect(agencies.json.agencies.find((a) => a.code === 'coastguard')).toEqual(coast);
      expect(agencies.json.agencies.find((a) => a.code === 'police')?.nameEn).toBe('Public Security Police');
    } finally {
      await server.stop();
    }
  });
});

describe('REV5 a long incident: 100,000 events go out and back in whole', () => {
  it('imports a 100,000-event log over HTTP and exports it again line for line (streamed)', async () => {
    const server = await startServerProcess({ serverId: 'long' });
    try {
      const admin = await signIn(server.url);
      const id = '77777777-3333-4444-8555-666666666666';
      const actor = { userId: 'u-cmd', name: '指挥长 李明', agency: null, role: 'commander' };
      const t0 = Date.UTC(2026, 3, 1, 8, 0, 0);
      const n = 100_000;
      const lines: string[] = [];
      lines.push(
        JSON.stringify({
          seq: 1, ts: t0, type: 'IncidentOpened', incidentId: id, id: 'e-1', actor, commandId: 'c-1',
          payload: { title: 'Long drill', description: '', kind: 'drill', scenario: 'fire', severity: 'III', location: 'Berth 3', agencies: ['fire', 'port'], phase: 'response' },
        }),
      );
      for (let seq = 2; seq <= n; seq++)
        lines.push(
          JSON.stringify({
            seq, ts: t0 + seq * 100, type: 'MessagePosted', incidentId: id, id: `e-${seq}`, actor, commandId: `c-${seq}`,
            payload: { messageId: `00000000-0000-4000-8000-${seq.toString(16).padStart(12, '0')}`, text: `进度报告 ${seq}, "ok"`, toAgency: seq % 3 === 0 ? 'fire' : null, alert: false },
          }),
        );
      const header = { format: LOG_FORMAT, version: 1, exportedAt: Date.now(), exportedBy: { userId: 'u-x', name: 'x', role: 'admin' }, incidentId: id, headSeq: n, agencies: [] };
      const jsonl = [JSON.stringify(header), ...lines].join('\n') + '\n';
      const started = Date.now();
      const r = await request(server.url, 'POST', '/api/incidents/import', { token: admin, body: { jsonl } });
      const importMs = Date.now() - started;
      expect(r.status, JSON.stringify(r.json).slice(0, 300)).toBe(201);
      const e0 = Date.now();
      const out = await download(server.url, `/api/incidents/${id}/export/log.jsonl`, admin);
      const exportMs = Date.now() - e0;
      const back = out.text.trimEnd().split('\n');
      expect(back.length).toBe(n + 1);
      expect(back.slice(1)).toEqual(lines);
      console.log(
        `[REV5] ${n} events, ${(jsonl.length / 1024 / 1024).toFixed(1)} MiB: import ${importMs} ms, export ${exportMs} ms (${(out.text.length / 1024 / 1024).toFixed(1)} MiB)`,
      );
    } finally {
      await server.stop();
    }
  }, 180_000);
});
