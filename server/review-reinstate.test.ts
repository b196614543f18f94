import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PortlineSocket } from '../lib/client/socket';
import { LIMITS } from '../lib/domain/limits';
import type { Finding, ImprovementItem, ReviewLogView } from '../lib/protocol/review';
import { connect, createDisplay, createUser, hazmatIncident, readLog, request, signIn, submit } from './testing/client';
import { startServerProcess, type ServerProcess } from './testing/server-process';

/**
 * SPEC REV3, REV4: a withdrawn finding reinstated (a withdrawal made by mistake), over HTTP
 * against a real server process: a new entry, the finding's history kept; who may withdraw may
 * reinstate; CONFLICT on a stale revision or a finding that stands; nothing written on refusal.
 */
let server: ServerProcess;
let url: string;
const tokens: Record<'admin' | 'commander' | 'observer' | 'liaison' | 'responder', string> = {} as never;
let displayToken: string;
let incidentId: string;
let taskId: string;
let taskSeq: number;
const sockets: PortlineSocket[] = [];

type Answer = { finding: Finding; changed: boolean; duplicate: boolean };
async function review(token = tokens.observer) {
  return (await request<ReviewLogView>(url, 'GET', `/api/incidents/${incidentId}/review`, { token })).json;
}
async function post<T = Record<string, unknown>>(path: string, token: string, body: unknown) {
  return request<T>(url, 'POST', `/api/incidents/${incidentId}/review${path}`, { token, body });
}
const correct = (findingId: string, what: 'amend' | 'withdraw' | 'reinstate', token: string, body: unknown) =>
  post<Answer>(`/findings/${findingId}/${what}`, token, body);
const added = async () =>
  (
    await post<{ finding: Finding }>('/findings', tokens.observer, {
      id: randomUUID(),
      atSeq: taskSeq,
      ref: { kind: 'task', taskId },
      verdict: 'improvement',
      text: '消防 8 分钟后才拉起警戒线 Fire took 8 minutes to cordon the yard',
    })
  ).json.finding;
/** A finding withdrawn (by the observer): the finding as it stands then. */
async function withdrawn(): Promise<Finding> {
  const f = await added();
  const w = await correct(f.id, 'withdraw', tokens.observer, { id: randomUUID(), expectedRevision: f.revision, reason: '点错了 Wrong finding' });
  expect(w.status).toBe(200);
  return w.json.finding;
}
const itemFrom = (findingId: string) =>
  post<{ item: ImprovementItem }>('/improvements', tokens.commander, { id: randomUUID(), findingId, action: 'Pre-position cordon tape at C3', agency: 'fire', dueDate: '2027-04-30' });

/** Runs `act` and checks that neither the review log nor the incident's log changed. */
async function nothingWritten(act: () => Promise<void>): Promise<void> {
  const logBefore = await readLog(url, tokens.admin, incidentId);
  const reviewBefore = await review(tokens.admin);
  await act();
  expect(await readLog(url, tokens.admin, incidentId)).toEqual(logBefore);
  expect(await review(tokens.admin)).toEqual(reviewBefore);
}

beforeAll(async () => {
  server = await startServerProcess();
  url = server.url;
  tokens.admin = await signIn(url);
  tokens.commander = (await createUser(url, tokens.admin, 'rei-commander', 'commander', 'port')).token;
  tokens.observer = (await createUser(url, tokens.admin, 'rei-observer', 'observer', null)).token;
  tokens.liaison = (await createUser(url, tokens.admin, 'rei-liaison', 'liaison', 'fire')).token;
  tokens.responder = (await createUser(url, tokens.admin, 'rei-responder', 'responder', 'fire')).token;
  const s = await connect(url, tokens.commander);
  sockets.push(s);
  incidentId = randomUUID();
  expect((await submit(s, incidentId, hazmatIncident(['port', 'fire']))).ok).toBe(true);
  taskId = randomUUID();
  const task = await submit(s, incidentId, { type: 'CreateTask', taskId, title: 'Cordon yard block C3', agency: 'fire' });
  if (!task.ok) throw new Error(JSON.stringify(task));
  taskSeq = task.seqs[0];
  displayToken = (await createDisplay(url, tokens.admin, 'Wall 1', { kind: 'incident', incidentId })).token;
}, 120_000);

afterAll(async () => {
  for (const s of sockets) s.close();
  await server?.stop();
});

describe('reinstating a withdrawn finding (SPEC REV3, REV4)', () => {
  it('REV3: reinstated by a new entry: it stands again with its author, time and wordings, the withdrawal kept with who reinstated it, when and why; items may come from it again; the same id again is not appended twice', async () => {
    const f = await added();
    const amended = (await correct(f.id, 'amend', tokens.observer, { id: randomUUID(), expectedRevision: f.revision, verdict: 'improvement', text: 'Fire took 8 minutes to cordon yard block C3' })).json.finding;
    const item = (await itemFrom(f.id)).json.item;
    const w = (await correct(f.id, 'withdraw', tokens.observer, { id: randomUUID(), expectedRevision: amended.revision, reason: '点错了 Clicked the wrong finding' })).json.finding;
    expect(w.withdrawn).not.toBeNull();
    // Withdrawn: nothing is planned from it.
    expect((await itemFrom(f.id)).json.error?.code).toBe('CONFLICT');
    const logBefore = await readLog(url, tokens.admin, incidentId);

    const body = { id: randomUUID(), expectedRevision: w.revision, reason: '误撤回 Withdrawn by mistake' };
    const t0 = Date.now();
    const r = await correct(f.id, 'reinstate', tokens.commander, body);
    expect([r.status, r.json.changed, r.json.duplicate]).toEqual([200, true, false]);
    const now = r.json.finding;
    // Its history is kept: who wrote it, when, its amendment and earlier wording; it stands again.
    expect(now).toMatchObject({ id: f.id, author: f.author, createdAt: f.createdAt, reviewSeq: f.reviewSeq, text: amended.text, amended: amended.amended, earlier: amended.earlier, withdrawn: null });
    expect(now.revision).toBeGreaterThan(w.revision);
    expect(now.reinstated).toHaveLength(1);
    expect(now.reinstated[0]).toMatchObject({ withdrawn: w.withdrawn!, reason: body.reason, by: { name: 'rei-commander', role: 'commander' } });
    expect(now.reinstated[0].at).toBeGreaterThanOrEqual(t0 - 2_000);
    const log = await review();
    expect(log.findings.find((x) => x.id === f.id)).toEqual(now);
    // The item tied to it is still there, and new ones may come from it again.
    expect(log.improvements.find((i) => i.id === item.id)).toMatchObject({ findingId: f.id });
    const again = await itemFrom(f.id);
    expect([again.status, again.json.item?.findingId]).toEqual([201, f.id]);
    // Sent again (a lost answer): answered as it stands, nothing appended.
    const headSeq = (await review()).headSeq;
    const dup = await correct(f.id, 'reinstate', tokens.commander, body);
    expect([dup.status, dup.json.duplicate, dup.json.changed, dup.json.finding.id, dup.json.finding.withdrawn]).toEqual([200, true, false, f.id, null]);
    expect((await review()).headSeq).toBe(headSeq);
    // The incident's own log is untouched.
    expect(await readLog(url, tokens.admin, incidentId)).toEqual(logBefore);

    // Withdrawn again and reinstated again without a reason: both withdrawals kept, oldest first.
    const w2 = (await correct(f.id, 'withdraw', tokens.admin, { id: randomUUID(), expectedRevision: now.revision, reason: 'Second thoughts' })).json.finding;
    const r2 = await correct(f.id, 'reinstate', tokens.observer, { id: randomUUID(), expectedRevision: w2.revision });
    expect([r2.status, r2.json.changed]).toEqual([200, true]);
    expect(r2.json.finding.reinstated.map((x) => [x.withdrawn.reason, x.by.role, x.reason])).toEqual([
      ['点错了 Clicked the wrong finding', 'commander', body.reason],
      ['Second thoughts', 'observer', null],
    ]);
  });

  it('REV3: a reinstatement made against an older revision, or of a finding that is not withdrawn, is CONFLICT (details.current) and nothing is written', async () => {
    const standing = await added();
    await nothingWritten(async () => {
      const r = await correct(standing.id, 'reinstate', tokens.observer, { id: randomUUID(), expectedRevision: standing.revision });
      expect([r.status, r.json.error?.code, r.json.error?.details?.current]).toEqual([409, 'CONFLICT', standing.revision]);
    });
    const w = await withdrawn();
    await nothingWritten(async () => {
      // Someone who still saw it standing (its revision before the withdrawal).
      const stale = await correct(w.id, 'reinstate', tokens.commander, { id: randomUUID(), expectedRevision: standing.revision, reason: 'r' });
      expect([stale.status, stale.json.error?.code, stale.json.error?.details?.current]).toEqual([409, 'CONFLICT', w.revision]);
    });
    // Two people reinstate it at once from the same view: one wins, the other gets CONFLICT.
    const both = await Promise.all(
      [tokens.observer, tokens.commander].map((token) => correct(w.id, 'reinstate', token, { id: randomUUID(), expectedRevision: w.revision })),
    );
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    const won = both.find((r) => r.status === 200)!.json.finding;
    expect(both.find((r) => r.status === 409)!.json.error?.details?.current).toBe(won.revision);
    expect((await review()).findings.find((x) => x.id === w.id)!.reinstated).toHaveLength(1);
    // Reinstated: it stands, so another reinstatement is CONFLICT too.
    await nothingWritten(async () => {
      const r = await correct(w.id, 'reinstate', tokens.observer, { id: randomUUID(), expectedRevision: won.revision });
      expect([r.status, r.json.error?.code, r.json.error?.details?.current]).toEqual([409, 'CONFLICT', won.revision]);
    });
  });

  it('REV3: bad reinstatements get typed errors and nothing is written', async () => {
    const w = await withdrawn();
    const entryIds = (await review()).findings.map((f) => f.id);
    await nothingWritten(async () => {
      const ok = { id: randomUUID(), expectedRevision: w.revision };
      const cases: Array<[string, string, Record<string, unknown>, number, string]> = [
        ['an unknown finding', randomUUID(), ok, 404, 'NOT_FOUND'],
        ['an entry id in use (another finding)', w.id, { ...ok, id: entryIds.find((id) => id !== w.id) ?? randomUUID() }, 409, 'ALREADY_EXISTS'],
        ['no id', w.id, { expectedRevision: w.revision }, 400, 'BAD_REQUEST'],
        ['an id that is not a uuid', w.id, { ...ok, id: 'x' }, 400, 'BAD_REQUEST'],
        ['no expectedRevision', w.id, { id: randomUUID() }, 400, 'BAD_REQUEST'],
        ['expectedRevision 0', w.id, { ...ok, expectedRevision: 0 }, 400, 'BAD_REQUEST'],
        ['an empty reason', w.id, { ...ok, reason: '' }, 400, 'BAD_REQUEST'],
        ['a blank reason', w.id, { ...ok, reason: '   ' }, 400, 'BAD_REQUEST'],
        ['a reason with a control character', w.id, { ...ok, reason: 'a\u0000b' }, 400, 'BAD_REQUEST'],
        ['a reason over the limit', w.id, { ...ok, reason: 'x'.repeat(LIMITS.reason + 1) }, 400, 'BAD_REQUEST'],
        ['a null reason', w.id, { ...ok, reason: null }, 400, 'BAD_REQUEST'],
        ['an unknown field', w.id, { ...ok, text: 'x' }, 400, 'BAD_REQUEST'],
      ];
      for (const [what, fid, body, status, code] of cases) {
        const r = await correct(fid, 'reinstate', tokens.commander, body);
        expect([r.status, r.json.error?.code], what).toEqual([status, code]);
      }
    });
    // A reason of exactly the limit is taken.
    const r = await correct(w.id, 'reinstate', tokens.commander, { id: randomUUID(), expectedRevision: w.revision, reason: 'x'.repeat(LIMITS.reason) });
    expect(r.status).toBe(200);
  });

  it('REV4 Permissions: who may withdraw may reinstate (observers, commanders, admins); liaisons, responders and displays get FORBIDDEN and nothing is written', async () => {
    const w = await withdrawn();
    const body = () => ({ id: randomUUID(), expectedRevision: w.revision, reason: 'Not so' });
    await nothingWritten(async () => {
      for (const who of ['liaison', 'responder'] as const) {
        const r = await correct(w.id, 'reinstate', tokens[who], body());
        expect([r.status, r.json.error?.code], who).toEqual([403, 'FORBIDDEN']);
        // Authorisation first: a bad body, an unknown finding are FORBIDDEN too.
        expect((await correct(w.id, 'reinstate', tokens[who], { nonsense: true })).json.error?.code, who).toBe('FORBIDDEN');
        expect((await correct(randomUUID(), 'reinstate', tokens[who], body())).json.error?.code, who).toBe('FORBIDDEN');
      }
      const wall = await request(url, 'POST', `/api/incidents/${incidentId}/review/findings/${w.id}/reinstate`, { displayToken, body: body() });
      expect([wall.status, wall.json.error?.code]).toEqual([403, 'FORBIDDEN']);
    });
    let revision = w.revision;
    for (const who of ['observer', 'commander', 'admin'] as const) {
      const r = await correct(w.id, 'reinstate', tokens[who], { id: randomUUID(), expectedRevision: revision });
      expect([r.status, r.json.changed], who).toEqual([200, true]);
      const again = await correct(w.id, 'withdraw', tokens[who], { id: randomUUID(), expectedRevision: r.json.finding.revision, reason: `Withdrawn by ${who}` });
      revision = again.json.finding.revision;
    }
    const text = await (await fetch(`${url}/metrics`)).text();
    expect(text).toMatch(/portline_review_appends_total\{[^}]*type="FindingReinstated"[^}]*result="appended"[^}]*\} [1-9]/);
  });
});
