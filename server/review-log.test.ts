import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PortlineSocket } from '../lib/client/socket';
import type { IncidentEvent } from '../lib/domain/incident/events';
import { LIMITS } from '../lib/domain/limits';
import type { Finding, ImprovementItem, ReviewLogView } from '../lib/protocol/review';
import { connect, createDisplay, createUser, hazmatIncident, readLog, request, signIn, submit } from './testing/client';
import { startServerProcess, type ServerProcess } from './testing/server-process';

/**
 * SPEC REV3, REV4 (issue #5): the review log over HTTP, against a real server
 * process. Every write is checked against the incident's own log (never
 * touched) and the review log (nothing written when refused).
 */
let server: ServerProcess;
let url: string;
const tokens: Record<'admin' | 'commander' | 'observer' | 'liaison' | 'responder' | 'outsider', string> = {} as never;
let displayToken: string;
let incidentId: string;
let taskId: string;
let laterTaskId: string;
let messageId: string;
/** seq after the task was created (the message and the later task come after it). */
let taskSeq: number;
const sockets: PortlineSocket[] = [];

async function review(token = tokens.observer, id = incidentId) {
  return request<ReviewLogView>(url, 'GET', `/api/incidents/${id}/review`, { token });
}
async function post<T = Record<string, unknown>>(path: string, token: string, body: unknown) {
  return request<T>(url, 'POST', `/api/incidents/${incidentId}/review${path}`, { token, body });
}
const findingBody = (over: Record<string, unknown> = {}) => ({
  id: randomUUID(),
  atSeq: taskSeq,
  ref: { kind: 'task', taskId },
  verdict: 'improvement',
  text: '海关联络员 12 分钟后才确认 The customs liaison acknowledged only after 12 minutes',
  ...over,
});
const itemBody = (over: Record<string, unknown> = {}) => ({
  id: randomUUID(),
  action: 'Add customs to the first call-out list',
  agency: 'customs',
  dueDate: '2027-03-31',
  ...over,
});

/** Runs `act` and checks that neither the review log nor the incident's log changed. */
async function nothingWritten(act: () => Promise<void>): Promise<void> {
  const logBefore = await readLog(url, tokens.admin, incidentId);
  const reviewBefore = (await review(tokens.admin)).json;
  await act();
  expect(await readLog(url, tokens.admin, incidentId)).toEqual(logBefore);
  expect((await review(tokens.admin)).json).toEqual(reviewBefore);
}

beforeAll(async () => {
  server = await startServerProcess();
  url = server.url;
  tokens.admin = await signIn(url);
  tokens.commander = (await createUser(url, tokens.admin, 'rev-commander', 'commander', 'port')).token;
  tokens.observer = (await createUser(url, tokens.admin, 'rev-observer', 'observer', null)).token;
  tokens.liaison = (await createUser(url, tokens.admin, 'rev-liaison', 'liaison', 'fire')).token;
  tokens.responder = (await createUser(url, tokens.admin, 'rev-responder', 'responder', 'fire')).token;
  tokens.outsider = (await createUser(url, tokens.admin, 'rev-outsider', 'liaison', 'police')).token;
  const s = await connect(url, tokens.commander);
  sockets.push(s);
  incidentId = randomUUID();
  const open = await submit(s, incidentId, hazmatIncident(['port', 'fire', 'customs']));
  expect(open.ok).toBe(true);
  taskId = randomUUID();
  const task = await submit(s, incidentId, { type: 'CreateTask', taskId, title: 'Cordon yard block C3', agency: 'fire' });
  if (!task.ok) throw new Error(JSON.stringify(task));
  taskSeq = task.seqs[0];
  messageId = randomUUID();
  expect((await submit(s, incidentId, { type: 'PostMessage', messageId, text: 'Wind from the north-east' })).ok).toBe(true);
  laterTaskId = randomUUID();
  expect((await submit(s, incidentId, { type: 'CreateTask', taskId: laterTaskId, title: 'Sample the leak', agency: 'customs' })).ok).toBe(true);
  displayToken = (await createDisplay(url, tokens.admin, 'Wall 1', { kind: 'incident', incidentId })).token;
}, 120_000);

afterAll(async () => {
  for (const s of sockets) s.close();
  await server?.stop();
});

describe('review log over HTTP (SPEC REV3, REV4)', () => {
  it('REV4: anyone who may read the incident reads its review log; others get FORBIDDEN or NOT_FOUND', async () => {
    for (const who of ['observer', 'commander', 'liaison', 'responder', 'admin'] as const) {
      const r = await review(tokens[who]);
      expect(r.status, who).toBe(200);
      expect(r.json).toMatchObject({ ok: true, incidentId });
    }
    const wall = await request<ReviewLogView>(url, 'GET', `/api/incidents/${incidentId}/review`, { displayToken });
    expect(wall.status).toBe(200);
    const outsider = await review(tokens.outsider);
    expect([outsider.status, outsider.json.error?.code]).toEqual([403, 'FORBIDDEN']);
    const unknown = await review(tokens.observer, randomUUID());
    expect([unknown.status, unknown.json.error?.code]).toEqual([404, 'NOT_FOUND']);
    const anonymous = await request(url, 'GET', `/api/incidents/${incidentId}/review`);
    expect(anonymous.json.error?.code).toBe('UNAUTHENTICATED');
  });

  it('REV3: an observer adds a finding at a moment with a task ref: its own seq, author and time, atTs copied, the incident log untouched, a repeated id not added twice', async () => {
    const logBefore = await readLog(url, tokens.admin, incidentId);
    const headBefore = (await review()).json.headSeq;
    const body = findingBody();
    const t0 = Date.now();
    const r = await post<{ finding: Finding; duplicate: boolean }>('/findings', tokens.observer, body);
    expect(r.status).toBe(201);
    const f = r.json.finding;
    expect(f).toMatchObject({ id: body.id, incidentId, atSeq: taskSeq, ref: body.ref, verdict: 'improvement', text: body.text, reviewSeq: headBefore + 1 });
    expect(f.atTs).toBe(logBefore.find((e: IncidentEvent) => e.seq === taskSeq)!.ts);
    expect(f.author).toMatchObject({ name: 'rev-observer', role: 'observer' });
    expect(f.createdAt).toBeGreaterThanOrEqual(t0 - 2_000);
    // Sent again (a flaky network): answered with the same finding, nothing new.
    const again = await post<{ finding: Finding; duplicate: boolean }>('/findings', tokens.observer, body);
    expect([again.status, again.json.duplicate, again.json.finding]).toEqual([200, true, f]);
    const log = (await review()).json;
    expect(log.headSeq).toBe(headBefore + 1);
    expect(log.findings.filter((x) => x.id === body.id)).toEqual([f]);
    // The incident's own log: not one event more, none changed.
    expect(await readLog(url, tokens.admin, incidentId)).toEqual(logBefore);
  });

  it('REV3: refs are checked against the incident as it was at atSeq: message, participating agency, none', async () => {
    const head = (await readLog(url, tokens.admin, incidentId)).length;
    const m = await post<{ finding: Finding }>('/findings', tokens.commander, findingBody({ atSeq: head, ref: { kind: 'message', messageId }, verdict: 'strength' }));
    expect(m.status).toBe(201);
    const a = await post<{ finding: Finding }>('/findings', tokens.commander, findingBody({ atSeq: 1, ref: { kind: 'agency', agency: 'customs' } }));
    expect(a.status).toBe(201);
    const none = await post<{ finding: Finding }>('/findings', tokens.admin, findingBody({ atSeq: 1, ref: null }));
    expect([none.status, none.json.finding?.ref]).toEqual([201, null]);
    const omitted = await post<{ finding: Finding }>('/findings', tokens.admin, findingBody({ atSeq: 2, ref: undefined }));
    expect(omitted.status).toBe(201);
    // Oldest moment first, ties in the order written.
    const seqs = (await review()).json.findings.map((f) => f.atSeq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
  });

  it('REV4 Permissions: observers and commanders add findings; liaisons, responders and displays cannot add findings (typed FORBIDDEN, nothing written)', async () => {
    for (const who of ['liaison', 'responder'] as const) {
      await nothingWritten(async () => {
        const r = await post('/findings', tokens[who], findingBody());
        expect([r.status, r.json.error?.code], who).toEqual([403, 'FORBIDDEN']);
        const i = await post('/improvements', tokens[who], itemBody());
        expect([i.status, i.json.error?.code], who).toEqual([403, 'FORBIDDEN']);
      });
    }
    await nothingWritten(async () => {
      const wall = await request(url, 'POST', `/api/incidents/${incidentId}/review/findings`, { displayToken, body: findingBody() });
      expect([wall.status, wall.json.error?.code]).toEqual([403, 'FORBIDDEN']);
      const wallItem = await request(url, 'POST', `/api/incidents/${incidentId}/review/improvements`, { displayToken, body: itemBody() });
      expect([wallItem.status, wallItem.json.error?.code]).toEqual([403, 'FORBIDDEN']);
    });
    // A liaison is refused even with a bad body: authorisation comes first.
    const bad = await post('/findings', tokens.liaison, { nonsense: true });
    expect(bad.json.error?.code).toBe('FORBIDDEN');
    for (const who of ['observer', 'commander'] as const) {
      const r = await post('/findings', tokens[who], findingBody());
      expect(r.status, who).toBe(201);
    }
  });

  it('REV3: bad findings are refused with typed errors and nothing is written', async () => {
    const head = (await readLog(url, tokens.admin, incidentId)).length;
    const cases: Array<[string, Record<string, unknown>, number, string]> = [
      ['atSeq 0', findingBody({ atSeq: 0 }), 400, 'BAD_REQUEST'],
      ['atSeq past the head', findingBody({ atSeq: head + 1 }), 400, 'BAD_REQUEST'],
      ['a task created after atSeq', findingBody({ atSeq: taskSeq, ref: { kind: 'task', taskId: laterTaskId } }), 404, 'NOT_FOUND'],
      ['an unknown task', findingBody({ ref: { kind: 'task', taskId: randomUUID() } }), 404, 'NOT_FOUND'],
      ['a message posted after atSeq', findingBody({ atSeq: 1, ref: { kind: 'message', messageId } }), 404, 'NOT_FOUND'],
      ['an agency not taking part', findingBody({ ref: { kind: 'agency', agency: 'police' } }), 404, 'NOT_FOUND'],
      ['text over the limit', findingBody({ text: 'x'.repeat(LIMITS.findingText + 1) }), 400, 'BAD_REQUEST'],
      ['empty text', findingBody({ text: '   ' }), 400, 'BAD_REQUEST'],
      ['a control character', findingBody({ text: 'a\u0000b' }), 400, 'BAD_REQUEST'],
      ['an unknown verdict', findingBody({ verdict: 'meh' }), 400, 'BAD_REQUEST'],
      ['an unknown field', findingBody({ extra: 1 }), 400, 'BAD_REQUEST'],
      ['an id that is not a uuid', findingBody({ id: 'f1' }), 400, 'BAD_REQUEST'],
      ['a ref of an unknown kind', findingBody({ ref: { kind: 'person', name: 'x' } }), 400, 'BAD_REQUEST'],
    ];
    await nothingWritten(async () => {
      for (const [what, body, status, code] of cases) {
        const r = await post('/findings', tokens.observer, body);
        expect([r.status, r.json.error?.code], what).toEqual([status, code]);
      }
      const unknown = await request(url, 'POST', `/api/incidents/${randomUUID()}/review/findings`, { token: tokens.observer, body: findingBody() });
      expect([unknown.status, unknown.json.error?.code]).toEqual([404, 'NOT_FOUND']);
      const big = await request(url, 'POST', `/api/incidents/${incidentId}/review/findings`, {
        token: tokens.observer,
        body: findingBody({ text: 'x'.repeat(LIMITS.payloadBytes) }),
      });
      expect([big.status, big.json.error?.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    });
  });

  it('REV3: the improvement plan: items from a finding and on their own, status open → in progress → done and back, CONFLICT when it changed meanwhile', async () => {
    const finding = (await post<{ finding: Finding }>('/findings', tokens.observer, findingBody())).json.finding;
    const fromFinding = await post<{ item: ImprovementItem; duplicate: boolean }>('/improvements', tokens.observer, itemBody({ findingId: finding.id }));
    expect(fromFinding.status).toBe(201);
    expect(fromFinding.json.item).toMatchObject({ findingId: finding.id, agency: 'customs', dueDate: '2027-03-31', status: 'open' });
    const own = itemBody({ agency: 'fire', action: '每季度演练一次警戒线 Drill the cordon every quarter' });
    const alone = await post<{ item: ImprovementItem; duplicate: boolean }>('/improvements', tokens.commander, own);
    expect(alone.json.item).toMatchObject({ findingId: null, agency: 'fire', status: 'open', createdBy: { name: 'rev-commander' } });
    const dup = await post<{ item: ImprovementItem; duplicate: boolean }>('/improvements', tokens.commander, own);
    expect([dup.status, dup.json.duplicate]).toEqual([200, true]);

    const itemId = alone.json.item.id;
    const status = (body: Record<string, unknown>, token = tokens.observer) =>
      post<{ item: ImprovementItem; changed: boolean; duplicate: boolean }>(`/improvements/${itemId}/status`, token, body);
    const toProgress = await status({ status: 'in_progress', expectedStatus: 'open' });
    expect([toProgress.status, toProgress.json.item.status, toProgress.json.changed]).toEqual([200, 'in_progress', true]);
    const idDone = randomUUID();
    const toDone = await status({ id: idDone, status: 'done', expectedStatus: 'in_progress' }, tokens.commander);
    expect(toDone.json.item).toMatchObject({ status: 'done', updatedBy: { name: 'rev-commander' } });
    // The same request again: nothing appended, answered as done.
    const head = (await review()).json.headSeq;
    const again = await status({ id: idDone, status: 'done', expectedStatus: 'in_progress' }, tokens.commander);
    expect([again.status, again.json.duplicate, again.json.item.status]).toEqual([200, true, 'done']);
    expect((await review()).json.headSeq).toBe(head);
    // Someone else's view was "in progress": CONFLICT with the current status, nothing written.
    await nothingWritten(async () => {
      const stale = await status({ status: 'open', expectedStatus: 'in_progress' });
      expect([stale.status, stale.json.error?.code, stale.json.error?.details?.current]).toEqual([409, 'CONFLICT', 'done']);
    });
    const back = await status({ status: 'in_progress', expectedStatus: 'done' });
    expect(back.json.item.status).toBe('in_progress');
    const plan = (await review()).json.improvements;
    expect(plan.map((i) => [i.id, i.status])).toEqual(
      expect.arrayContaining([
        [fromFinding.json.item.id, 'open'],
        [itemId, 'in_progress'],
      ]),
    );
  });

  it('REV3: two people move the same item at once: exactly one wins, the other gets CONFLICT', async () => {
    const item = (await post<{ item: ImprovementItem }>('/improvements', tokens.commander, itemBody())).json.item;
    const results = await Promise.all(
      [tokens.observer, tokens.commander, tokens.admin, tokens.observer].map((token, i) =>
        post<{ item: ImprovementItem }>(`/improvements/${item.id}/status`, token, { status: i % 2 ? 'done' : 'in_progress', expectedStatus: 'open' }),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.json.error?.code === 'CONFLICT')).toHaveLength(3);
    const entries = (await review()).json.improvements.find((i) => i.id === item.id)!;
    expect(entries.status).toBe(results.find((r) => r.status === 200)!.json.item.status);
  });

  it('REV3: bad plan input is refused with typed errors and nothing is written', async () => {
    const item = (await post<{ item: ImprovementItem }>('/improvements', tokens.commander, itemBody())).json.item;
    await nothingWritten(async () => {
      const cases: Array<[string, string, Record<string, unknown>, number, string]> = [
        ['an unknown finding', '/improvements', itemBody({ findingId: randomUUID() }), 404, 'NOT_FOUND'],
        ['an unknown agency', '/improvements', itemBody({ agency: 'nobody' }), 400, 'BAD_REQUEST'],
        ['not a calendar date', '/improvements', itemBody({ dueDate: '2027-02-30' }), 400, 'BAD_REQUEST'],
        ['a clock time as due date', '/improvements', itemBody({ dueDate: '2027-02-01T10:00' }), 400, 'BAD_REQUEST'],
        ['action over the limit', '/improvements', itemBody({ action: 'x'.repeat(LIMITS.improvementAction + 1) }), 400, 'BAD_REQUEST'],
        ['an unknown item', `/improvements/${randomUUID()}/status`, { status: 'done', expectedStatus: 'open' }, 404, 'NOT_FOUND'],
        ['an unknown status', `/improvements/${item.id}/status`, { status: 'cancelled', expectedStatus: 'open' }, 400, 'BAD_REQUEST'],
        ['no expectedStatus', `/improvements/${item.id}/status`, { status: 'done' }, 400, 'BAD_REQUEST'],
        ['a finding id reused for an item', '/improvements', itemBody({ id: (await review()).json.findings[0].id }), 409, 'ALREADY_EXISTS'],
      ];
      for (const [what, path, body, status, code] of cases) {
        const r = await post(path, tokens.commander, body);
        expect([r.status, r.json.error?.code], what).toEqual([status, code]);
      }
      const liaison = await post(`/improvements/${item.id}/status`, tokens.liaison, { status: 'done', expectedStatus: 'open' });
      expect(liaison.json.error?.code).toBe('FORBIDDEN');
    });
  });

  it('REV3: reviews happen after: a closed incident takes findings and plan changes, its log stays closed and untouched', async () => {
    const s = sockets[0];
    const closed = await submit(s, incidentId, { type: 'ChangePhase', expectedVersion: 1, phase: 'closed' });
    expect(closed.ok).toBe(true);
    const logBefore = await readLog(url, tokens.admin, incidentId);
    const f = await post<{ finding: Finding }>('/findings', tokens.observer, findingBody({ atSeq: logBefore.length, ref: null, verdict: 'strength', text: 'Closed within the hour' }));
    expect(f.status).toBe(201);
    const i = await post<{ item: ImprovementItem }>('/improvements', tokens.commander, itemBody({ findingId: f.json.finding.id }));
    expect(i.status).toBe(201);
    const st = await post<{ item: ImprovementItem }>(`/improvements/${i.json.item.id}/status`, tokens.commander, { status: 'done', expectedStatus: 'open' });
    expect(st.json.item.status).toBe('done');
    expect(await readLog(url, tokens.admin, incidentId)).toEqual(logBefore);
  });

  it('REV3: review appends are counted in /metrics by type and result', async () => {
    const res = await fetch(`${url}/metrics`);
    const text = await res.text();
    expect(text).toMatch(/portline_review_appends_total\{[^}]*type="FindingAdded"[^}]*result="appended"[^}]*\} [1-9]/);
    expect(text).toMatch(/portline_review_appends_total\{[^}]*type="FindingAdded"[^}]*result="duplicate"[^}]*\} [1-9]/);
    expect(text).toMatch(/portline_review_appends_total\{[^}]*type="ImprovementStatusChanged"[^}]*result="appended"[^}]*\} [1-9]/);
  });
});

describe('correcting a finding (SPEC REV3, REV4): new entries, never an edit', () => {
  type Answer = { finding: Finding; changed: boolean; duplicate: boolean };
  const correct = (findingId: string, what: 'amend' | 'withdraw', token: string, body: unknown) => post<Answer>(`/findings/${findingId}/${what}`, token, body);
  const added = async (over: Record<string, unknown> = {}) => (await post<{ finding: Finding }>('/findings', tokens.observer, findingBody(over))).json.finding;

  it('REV3: amended by a new entry: the current text and verdict, who amended it and when, the earlier text kept; the same id again is not appended twice; the incident log untouched', async () => {
    const f = await added({ text: 'Custom acknowledged late' });
    expect(f).toMatchObject({ revision: f.reviewSeq, amended: null, earlier: [], withdrawn: null });
    const logBefore = await readLog(url, tokens.admin, incidentId);
    const body = { id: randomUUID(), expectedRevision: f.revision, verdict: 'strength', text: 'Customs acknowledged within the minute' };
    const t0 = Date.now();
    const r = await correct(f.id, 'amend', tokens.commander, body);
    expect([r.status, r.json.changed, r.json.duplicate]).toEqual([200, true, false]);
    const now = r.json.finding;
    expect(now).toMatchObject({ id: f.id, text: body.text, verdict: 'strength', author: f.author, createdAt: f.createdAt, reviewSeq: f.reviewSeq, withdrawn: null });
    expect(now.revision).toBeGreaterThan(f.revision);
    expect(now.amended?.by).toMatchObject({ name: 'rev-commander', role: 'commander' });
    expect(now.amended!.at).toBeGreaterThanOrEqual(t0 - 2_000);
    expect(now.earlier).toEqual([{ verdict: 'improvement', text: 'Custom acknowledged late', by: f.author, at: f.createdAt }]);
    // The review log reads the same; the finding keeps its place (its moment).
    const log = (await review()).json;
    expect(log.findings.find((x) => x.id === f.id)).toEqual(now);
    // Sent again (a lost answer): answered as it stands, nothing appended.
    const again = await correct(f.id, 'amend', tokens.commander, body);
    expect([again.status, again.json.duplicate, again.json.changed, again.json.finding]).toEqual([200, true, false, now]);
    expect((await review()).json.headSeq).toBe(log.headSeq);
    // Nothing to change: nothing written.
    const same = await correct(f.id, 'amend', tokens.observer, { ...body, id: randomUUID(), expectedRevision: now.revision });
    expect([same.status, same.json.changed]).toEqual([200, false]);
    expect((await review()).json.headSeq).toBe(log.headSeq);
    expect(await readLog(url, tokens.admin, incidentId)).toEqual(logBefore);
  });

  it('REV3: withdrawn with a reason: still listed, marked with who, when and why; a correction made against an older revision, or of a withdrawn finding, is CONFLICT and nothing is written', async () => {
    const f = await added();
    await nothingWritten(async () => {
      for (const reason of [undefined, '', '   ', 'a\u0000b', 'x'.repeat(LIMITS.reason + 1)]) {
        const r = await correct(f.id, 'withdraw', tokens.observer, { id: randomUUID(), expectedRevision: f.revision, ...(reason === undefined ? {} : { reason }) });
        expect([r.status, r.json.error?.code], JSON.stringify(reason)).toEqual([400, 'BAD_REQUEST']);
      }
    });
    const amended = (await correct(f.id, 'amend', tokens.observer, { id: randomUUID(), expectedRevision: f.revision, verdict: 'improvement', text: 'Fixed wording' })).json.finding;
    // Someone who still saw the first text: CONFLICT with the current revision and the finding.
    await nothingWritten(async () => {
      const stale = await correct(f.id, 'withdraw', tokens.commander, { id: randomUUID(), expectedRevision: f.revision, reason: 'Duplicate' });
      expect([stale.status, stale.json.error?.code, stale.json.error?.details?.current]).toEqual([409, 'CONFLICT', amended.revision]);
    });
    const body = { id: randomUUID(), expectedRevision: amended.revision, reason: '记错了事件 Filed against the wrong drill' };
    const w = await correct(f.id, 'withdraw', tokens.commander, body);
    expect([w.status, w.json.changed]).toEqual([200, true]);
    expect(w.json.finding).toMatchObject({ id: f.id, text: 'Fixed wording', withdrawn: { reason: body.reason, by: { name: 'rev-commander' } } });
    const listed = (await review()).json.findings.find((x) => x.id === f.id);
    expect(listed).toEqual(w.json.finding);
    const again = await correct(f.id, 'withdraw', tokens.commander, body);
    expect([again.status, again.json.duplicate, again.json.finding]).toEqual([200, true, w.json.finding]);
    await nothingWritten(async () => {
      for (const [what, b] of [
        ['withdraw', { id: randomUUID(), expectedRevision: w.json.finding.revision, reason: 'Again' }],
        ['amend', { id: randomUUID(), expectedRevision: w.json.finding.revision, verdict: 'strength', text: 'Back' }],
      ] as const) {
        const r = await correct(f.id, what, tokens.observer, b);
        expect([r.status, r.json.error?.code], what).toEqual([409, 'CONFLICT']);
      }
      // Nor can an improvement item come from it (the page offers none; a script is refused too).
      const fromWithdrawn = await post('/improvements', tokens.commander, { ...itemBody(), findingId: f.id });
      expect([fromWithdrawn.status, fromWithdrawn.json.error?.code]).toEqual([409, 'CONFLICT']);
    });
  });

  it('REV3: bad corrections get typed errors and nothing is written', async () => {
    const f = await added();
    const item = (await post<{ item: ImprovementItem }>('/improvements', tokens.commander, itemBody())).json.item;
    await nothingWritten(async () => {
      const cases: Array<[string, string, 'amend' | 'withdraw', Record<string, unknown>, number, string]> = [
        ['an unknown finding', randomUUID(), 'withdraw', { id: randomUUID(), expectedRevision: 1, reason: 'r' }, 404, 'NOT_FOUND'],
        ['an improvement item is not a finding', item.id, 'amend', { id: randomUUID(), expectedRevision: 1, verdict: 'strength', text: 't' }, 404, 'NOT_FOUND'],
        ['an entry id in use', f.id, 'withdraw', { id: item.id, expectedRevision: f.revision, reason: 'r' }, 409, 'ALREADY_EXISTS'],
        ['no expectedRevision', f.id, 'amend', { id: randomUUID(), verdict: 'strength', text: 't' }, 400, 'BAD_REQUEST'],
        ['no id', f.id, 'amend', { expectedRevision: f.revision, verdict: 'strength', text: 't' }, 400, 'BAD_REQUEST'],
        ['empty text', f.id, 'amend', { id: randomUUID(), expectedRevision: f.revision, verdict: 'strength', text: ' ' }, 400, 'BAD_REQUEST'],
        ['text over the limit', f.id, 'amend', { id: randomUUID(), expectedRevision: f.revision, verdict: 'strength', text: 'x'.repeat(LIMITS.findingText + 1) }, 400, 'BAD_REQUEST'],
        ['an unknown verdict', f.id, 'amend', { id: randomUUID(), expectedRevision: f.revision, verdict: 'meh', text: 't' }, 400, 'BAD_REQUEST'],
        ['an unknown field', f.id, 'withdraw', { id: randomUUID(), expectedRevision: f.revision, reason: 'r', text: 'x' }, 400, 'BAD_REQUEST'],
      ];
      for (const [what, fid, kind, body, status, code] of cases) {
        const r = await correct(fid, kind, tokens.commander, body);
        expect([r.status, r.json.error?.code], what).toEqual([status, code]);
      }
    });
  });

  it('REV4 Permissions: observers, commanders and admins correct findings; liaisons, responders and displays get FORBIDDEN and nothing is written', async () => {
    const f = await added();
    const amendBody = () => ({ id: randomUUID(), expectedRevision: f.revision, verdict: 'strength', text: 'Changed' });
    const withdrawBody = () => ({ id: randomUUID(), expectedRevision: f.revision, reason: 'Not so' });
    await nothingWritten(async () => {
      for (const who of ['liaison', 'responder'] as const) {
        for (const [what, body] of [['amend', amendBody()], ['withdraw', withdrawBody()]] as const) {
          const r = await correct(f.id, what, tokens[who], body);
          expect([r.status, r.json.error?.code], `${who} ${what}`).toEqual([403, 'FORBIDDEN']);
        }
        // Authorisation first: a bad body, an unknown finding are FORBIDDEN too.
        expect((await correct(f.id, 'withdraw', tokens[who], { nonsense: true })).json.error?.code).toBe('FORBIDDEN');
        expect((await correct(randomUUID(), 'amend', tokens[who], amendBody())).json.error?.code).toBe('FORBIDDEN');
      }
      for (const [what, body] of [['amend', amendBody()], ['withdraw', withdrawBody()]] as const) {
        const wall = await request(url, 'POST', `/api/incidents/${incidentId}/review/findings/${f.id}/${what}`, { displayToken, body });
        expect([wall.status, wall.json.error?.code], what).toEqual([403, 'FORBIDDEN']);
      }
    });
    let revision = f.revision;
    for (const who of ['observer', 'commander', 'admin'] as const) {
      const r = await correct(f.id, 'amend', tokens[who], { id: randomUUID(), expectedRevision: revision, verdict: 'improvement', text: `Worded by ${who}` });
      expect([r.status, r.json.changed], who).toEqual([200, true]);
      revision = r.json.finding.revision;
    }
    const text = await (await fetch(`${url}/metrics`)).text();
    expect(text).toMatch(/portline_review_appends_total\{[^}]*type="FindingAmended"[^}]*result="appended"[^}]*\} [1-9]/);
    expect(text).toMatch(/portline_review_appends_total\{[^}]*type="FindingWithdrawn"[^}]*result="appended"[^}]*\} [1-9]/);
  });

  it('REV3: the improvement plan keeps who set each status and when (the history), and who created the item', async () => {
    const item = (await post<{ item: ImprovementItem }>('/improvements', tokens.observer, itemBody())).json.item;
    expect(item.history).toEqual([{ status: 'open', by: item.createdBy, at: item.createdAt }]);
    await post(`/improvements/${item.id}/status`, tokens.commander, { id: randomUUID(), status: 'in_progress', expectedStatus: 'open' });
    await post(`/improvements/${item.id}/status`, tokens.admin, { id: randomUUID(), status: 'done', expectedStatus: 'in_progress' });
    const now = (await review()).json.improvements.find((i) => i.id === item.id)!;
    expect(now.history.map((h) => [h.status, h.by.role])).toEqual([
      ['open', 'observer'],
      ['in_progress', 'commander'],
      ['done', 'admin'],
    ]);
    expect(now.history[2].at).toBe(now.updatedAt);
    expect(now.createdBy.name).toBe('rev-observer');
  });
});
