import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../lib/domain/actor';
import { applyEvents } from '../lib/domain/incident/evolve';
import type { IncidentEvent } from '../lib/domain/incident/events';
import { REPLAY_LIMITS } from '../lib/protocol/replay';
import type { Finding } from '../lib/protocol/review';
import { appendLongIncident, buildLongIncident } from './demo/long-incident';
import { HttpError } from './http/respond';
import { reviewRoutes } from './http/routes-review';
import type { RouteContext } from './http/router';
import { CheckpointCache } from './incidents/checkpoints';
import { IncidentRegistry } from './incidents/registry';
import type { Services } from './services';
import type { EventStore, Store } from './store/types';
import { tempStore, type TempStore } from './testing/temp-store';

/**
 * SPEC REV3: a finding's ref is checked against the incident as it was at `atSeq`, and that
 * state comes from the replay checkpoints the server keeps (REV1), not from a fold of the log
 * from seq 1 on every request. The route runs in this process over a real SQLite store whose
 * event reads are counted; the answers are compared with a fold of the whole prefix.
 */
const EVENTS = 30_000;
const K = REPLAY_LIMITS.checkpointEvery;
const observer: Actor = { userId: '00000000-0000-4000-8000-0000000000ob', name: 'Observer', agency: null, role: 'observer' };
const incidentId = randomUUID();

let temp: TempStore;
let log: IncidentEvent[];
let registry: IncidentRegistry;
let services: Services;
/** Every read of events during a request: [from, limit]. */
const reads: Array<[number, number]> = [];

/** The store's events, counting what is read of the log (`read` and `readJson`). */
function countingEvents(events: EventStore): EventStore {
  return new Proxy(events, {
    get(target, prop) {
      const v = Reflect.get(target, prop, target) as unknown;
      if (typeof v !== 'function') return v;
      if (prop === 'read' || prop === 'readJson')
        return (id: string, from: number, limit: number) => {
          reads.push([from, limit]);
          return (v as (...a: unknown[]) => unknown).call(target, id, from, limit);
        };
      return (v as (...a: unknown[]) => unknown).bind(target);
    },
  });
}

const addFinding = reviewRoutes.find((r) => r.method === 'POST' && r.path === '/api/incidents/:id/review/findings')!;

async function post(body: Record<string, unknown>): Promise<{ status: number; finding?: Finding; code?: string }> {
  const ctx = { params: { id: incidentId }, principal: observer, services, query: new URLSearchParams(), body: async () => body } as unknown as RouteContext;
  try {
    const r = await addFinding.handle(ctx);
    return { status: r.status ?? 200, finding: (r.body as { finding: Finding }).finding };
  } catch (err) {
    if (err instanceof HttpError) return { status: 0, code: err.error.code };
    throw err;
  }
}

beforeAll(async () => {
  temp = await tempStore('portline-review-cp-');
  const built = buildLongIncident({ incidentId, events: EVENTS, start: Date.now() - 10 * 3_600_000, spanMs: 9 * 3_600_000 });
  log = await appendLongIncident(temp.store, built, 200);
  const events = countingEvents(temp.store.events);
  // As server/services.ts wires them: the hubs feed the checkpoints as they apply events.
  const checkpoints = new CheckpointCache(events, K, { stored: false });
  registry = new IncidentRegistry(events, (_id, evs, _seq, hub) => hub && checkpoints.feedFromHub(hub, evs), { partEvery: K });
  const store = { events, review: temp.store.review } as unknown as Store;
  services = { store, registry, checkpoints, metrics: { reviewAppend: () => undefined } } as unknown as Services;
  // The live server holds the incident (its hub loaded once, as for any review request).
  expect((await registry.get(incidentId))?.seq).toBe(EVENTS);
}, 120_000);

afterAll(async () => {
  registry?.close();
  await temp?.cleanup();
});

/** The incident folded from seq 1 to `seq`: what the answer must agree with. */
const stateAt = (seq: number) => applyEvents(null, log.slice(0, seq))!;

describe('a finding on a long incident (SPEC REV3, REV1)', () => {
  it(`REV3: a finding with a ref reads at most K + ${REPLAY_LIMITS.momentEvents} events, never the log from seq 1, and is checked as a full fold would`, async () => {
    const moments = [EVENTS - 3, 2 * K + 17, 17_345, 999, 1000];
    for (const atSeq of moments) {
      const then = stateAt(atSeq);
      const later = stateAt(EVENTS);
      const oldestMessage = then.messages[0];
      const newestMessage = then.messages[then.messages.length - 1];
      const task = Object.values(then.tasks)[0];
      const futureTask = Object.values(later.tasks).find((t) => t.createdSeq > atSeq);
      const futureMessage = later.messages.find((m) => m.seq > atSeq);
      const cases: Array<[string, unknown, boolean]> = [
        ['task then', { kind: 'task', taskId: task.id }, true],
        ['oldest message', { kind: 'message', messageId: oldestMessage.id }, true],
        ['newest message', { kind: 'message', messageId: newestMessage.id }, true],
        ['agency', { kind: 'agency', agency: then.agencies[0] }, true],
        ['task created later', futureTask && { kind: 'task', taskId: futureTask.id }, false],
        ['message posted later', futureMessage && { kind: 'message', messageId: futureMessage.id }, false],
      ];
      for (const [what, ref, exists] of cases) {
        if (!ref) continue;
        reads.length = 0;
        const t0 = performance.now();
        const r = await post({ id: randomUUID(), atSeq, ref, verdict: 'improvement', text: `${what} at ${atSeq}` });
        const ms = performance.now() - t0;
        const label = `${what} at ${atSeq}`;
        const read = reads.reduce((n, [, limit]) => n + limit, 0);
        if (what === 'task then') console.log(`finding at ${atSeq} of ${EVENTS} events: ${ms.toFixed(1)} ms, ${read} events read`);
        if (exists) {
          expect(r.status, label).toBe(201);
          expect(r.finding?.atTs, label).toBe(log[atSeq - 1].ts);
        } else expect(r.code, label).toBe('NOT_FOUND');
        // Checkpoint C's events C+1…atSeq, and the newest events up to atSeq: nothing before them.
        const C = Math.floor(atSeq / K) * K;
        expect(Math.min(...reads.map(([from]) => from)), label).toBeGreaterThanOrEqual(Math.max(1, Math.min(C + 1, atSeq - REPLAY_LIMITS.momentEvents + 1)));
        expect(read, label).toBeLessThanOrEqual(K + REPLAY_LIMITS.momentEvents);
      }
    }
  }, 120_000);
});
