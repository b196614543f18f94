import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PortlineSocket } from '../lib/client/socket';
import type { Finding, ImprovementItem, ReviewLogView } from '../lib/protocol/review';
import { connect, createUser, hazmatIncident, readLog, request, signIn, submit } from './testing/client';
import { startRedisServer, type RedisServerHandle } from './testing/redis-server';
import { startServerProcess, type ServerProcess } from './testing/server-process';

/**
 * SPEC REV3 on the multi-process store: two real server processes on one real
 * redis-server. The review log's idempotency and its compare-and-append hold
 * across processes (the Redis Lua script, not a process-local lock).
 */
let redis: RedisServerHandle;
let A: ServerProcess;
let B: ServerProcess;
let admin: string;
let observer: string;
let commander: string;
let incidentId: string;
let socket: PortlineSocket;

const review = (url: string) => request<ReviewLogView>(url, 'GET', `/api/incidents/${incidentId}/review`, { token: admin });
const post = <T>(url: string, path: string, token: string, body: unknown) =>
  request<T>(url, 'POST', `/api/incidents/${incidentId}/review${path}`, { token, body });

beforeAll(async () => {
  redis = await startRedisServer({ appendonly: true });
  A = await startServerProcess({ redisUrl: redis.url, serverId: 'A' });
  B = await startServerProcess({ redisUrl: redis.url, serverId: 'B' });
  admin = await signIn(A.url);
  observer = (await createUser(A.url, admin, 'rr-observer', 'observer', null)).token;
  commander = (await createUser(A.url, admin, 'rr-commander', 'commander', 'port')).token;
  socket = await connect(A.url, commander);
  incidentId = randomUUID();
  expect((await submit(socket, incidentId, hazmatIncident(['port', 'fire']))).ok).toBe(true);
  expect((await submit(socket, incidentId, { type: 'PostMessage', messageId: randomUUID(), text: 'Cordon set' })).ok).toBe(true);
}, 120_000);

afterAll(async () => {
  socket?.close();
  await Promise.all([A?.stop(), B?.stop()]);
  await redis?.stop();
});

describe('review log across two processes on Redis (SPEC REV3)', () => {
  it('REV3: a finding sent to both processes at once is written once and read the same through either', async () => {
    const logBefore = await readLog(A.url, admin, incidentId);
    const body = { id: randomUUID(), atSeq: 2, ref: { kind: 'agency', agency: 'fire' }, verdict: 'strength', text: 'Fire set the cordon fast' };
    const [a, b] = await Promise.all([post<{ finding: Finding; duplicate: boolean }>(A.url, '/findings', observer, body), post<{ finding: Finding; duplicate: boolean }>(B.url, '/findings', observer, body)]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.json.finding).toEqual(b.json.finding);
    const [viaA, viaB] = await Promise.all([review(A.url), review(B.url)]);
    expect(viaA.json).toEqual(viaB.json);
    expect(viaA.json.findings.filter((f) => f.id === body.id)).toHaveLength(1);
    expect(await readLog(B.url, admin, incidentId)).toEqual(logBefore);
  });

  it('REV3: status changes racing through both processes: one wins per item, the other gets CONFLICT, one entry each', async () => {
    const items: ImprovementItem[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await post<{ item: ImprovementItem }>(i % 2 ? A.url : B.url, '/improvements', commander, {
        id: randomUUID(), action: `Action ${i}`, agency: 'fire', dueDate: '2027-01-15',
      });
      expect(r.status).toBe(201);
      items.push(r.json.item);
    }
    const headBefore = (await review(A.url)).json.headSeq;
    const results = await Promise.all(
      items.flatMap((item) => [
        post<{ item: ImprovementItem }>(A.url, `/improvements/${item.id}/status`, observer, { status: 'in_progress', expectedStatus: 'open' }),
        post<{ item: ImprovementItem }>(B.url, `/improvements/${item.id}/status`, commander, { status: 'done', expectedStatus: 'open' }),
      ]),
    );
    for (let i = 0; i < items.length; i++) {
      const pair = results.slice(i * 2, i * 2 + 2);
      expect(pair.map((r) => r.status).sort(), items[i].action).toEqual([200, 409]);
      expect(pair.find((r) => r.status === 409)!.json.error?.code).toBe('CONFLICT');
    }
    const after = (await review(B.url)).json;
    expect(after.headSeq).toBe(headBefore + items.length);
    for (const [i, item] of items.entries()) {
      const winner = results.slice(i * 2, i * 2 + 2).find((r) => r.status === 200)!;
      expect(after.improvements.find((x) => x.id === item.id)!.status).toBe(winner.json.item.status);
    }
  });

  it('REV3: a finding withdrawn and amended at once through both processes: one correction wins, the other gets CONFLICT, one entry', async () => {
    const f = (await post<{ finding: Finding }>(A.url, '/findings', observer, { id: randomUUID(), atSeq: 1, ref: null, verdict: 'improvement', text: 'Late start' })).json.finding;
    const headBefore = (await review(A.url)).json.headSeq;
    const [w, a] = await Promise.all([
      post<{ finding: Finding }>(A.url, `/findings/${f.id}/withdraw`, commander, { id: randomUUID(), expectedRevision: f.revision, reason: 'Not so' }),
      post<{ finding: Finding }>(B.url, `/findings/${f.id}/amend`, observer, { id: randomUUID(), expectedRevision: f.revision, verdict: 'strength', text: 'On time' }),
    ]);
    expect([w.status, a.status].sort()).toEqual([200, 409]);
    const after = (await review(B.url)).json;
    expect(after.headSeq).toBe(headBefore + 1);
    const winner = w.status === 200 ? w : a;
    expect(after.findings.find((x) => x.id === f.id)).toEqual(winner.json.finding);
    expect((await review(A.url)).json).toEqual(after);
  });
});
