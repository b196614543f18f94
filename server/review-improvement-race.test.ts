import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Actor } from '../lib/domain/actor';
import { commander } from '../lib/domain/incident/fixtures';
import { LIMITS } from '../lib/domain/limits';
import type { ReviewEntry, UnsequencedReviewEntry } from '../lib/protocol/review';
import { HttpError, httpStatusOf } from './http/respond';
import { reviewRoutes } from './http/routes-review';
import type { RouteContext } from './http/router';
import { handleCommand } from './incidents/command-handler';
import { IncidentRegistry } from './incidents/registry';
import type { Services } from './services';
import type { ReviewStore, Store } from './store/types';
import { hazmatIncident } from './testing/client';
import { tempStore } from './testing/temp-store';
import { fixedAgencies } from './testing/agencies';

/**
 * SPEC REV3: an improvement item made from a finding is written only while that finding stands. The
 * route reads the review log, checks the finding, then appends: a withdrawal that lands in between
 * (another request, another process) must not let an item be made from a withdrawn finding. The
 * route runs in this process over a real SQLite store whose review appends the test steps into.
 */
let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

const observer: Actor = { userId: '00000000-0000-4000-8000-0000000000ob', name: 'Observer', agency: null, role: 'observer' };
const addItem = reviewRoutes.find((r) => r.method === 'POST' && r.path === '/api/incidents/:id/review/improvements')!;

/**
 * An incident with one finding, and a review store whose first ImprovementAdded append first lets
 * `meanwhile` write (the other request's entry, landing between the route's read and its append).
 */
async function setup(meanwhile: (real: ReviewStore, incidentId: string, findingId: string) => Promise<void>) {
  const temp = await tempStore('portline-review-race-');
  cleanup.push(temp.cleanup);
  const registry = new IncidentRegistry(temp.store.events, () => {});
  cleanup.push(() => registry.close());
  const incidentId = randomUUID();
  const opened = await handleCommand(
    { registry, events: temp.store.events, agencies: fixedAgencies() },
    commander,
    { commandId: randomUUID(), incidentId, command: hazmatIncident(['port', 'customs']) },
  );
  expect(opened.ok).toBe(true);
  const real = temp.store.review;
  const findingId = randomUUID();
  const added = await real.append(
    incidentId,
    { type: 'FindingAdded', id: findingId, incidentId, actor: observer, finding: { atSeq: 1, atTs: Date.now(), ref: null, verdict: 'improvement', text: 'Customs heard late' } },
    { maxEntries: LIMITS.reviewEntries },
  );
  expect(added.status).toBe('appended');
  let raced = false;
  const review: ReviewStore = {
    read: (id, from, limit) => real.read(id, from, limit),
    head: (id) => real.head(id),
    async append(id, entry, opts) {
      if (entry.type === 'ImprovementAdded' && !raced) {
        raced = true;
        await meanwhile(real, id, findingId);
      }
      return real.append(id, entry, opts);
    },
  };
  const services = {
    store: { events: temp.store.events, review } as unknown as Store,
    registry,
    agencies: fixedAgencies(),
    metrics: { reviewAppend: () => undefined },
  } as unknown as Services;
  const post = async (body: Record<string, unknown>) => {
    const ctx = { params: { id: incidentId }, principal: observer, services, query: new URLSearchParams(), body: async () => body } as unknown as RouteContext;
    try {
      const r = await addItem.handle(ctx);
      return { status: r.status ?? 200, body: r.body as Record<string, unknown> };
    } catch (err) {
      if (err instanceof HttpError) return { status: httpStatusOf(err.error.code), code: err.error.code };
      throw err;
    }
  };
  const entries = (): Promise<ReviewEntry[]> => real.read(incidentId, 1, LIMITS.eventsPage);
  return { post, findingId, entries, raced: () => raced };
}

const withdraw = (real: ReviewStore, incidentId: string, findingId: string) =>
  real
    .append(
      incidentId,
      { type: 'FindingWithdrawn', id: randomUUID(), incidentId, actor: commander, findingId, reason: 'Not so' } as UnsequencedReviewEntry,
      { maxEntries: LIMITS.reviewEntries },
    )
    .then((r) => expect(r.status).toBe('appended'));

describe('an improvement item from a finding (SPEC REV3)', () => {
  it('REV3: the finding withdrawn between the route\'s read and its append: CONFLICT, and no item is written', async () => {
    const { post, findingId, entries, raced } = await setup(withdraw);
    const r = await post({ id: randomUUID(), findingId, action: 'Add customs to the first call-out list', agency: 'customs', dueDate: '2027-03-31' });
    expect(raced()).toBe(true);
    expect(r).toEqual({ status: 409, code: 'CONFLICT' });
    expect((await entries()).map((e) => e.type)).toEqual(['FindingAdded', 'FindingWithdrawn']);
  });

  it('REV3: another entry between the read and the append (not touching the finding): the route reads again and the item is written', async () => {
    const other = (real: ReviewStore, incidentId: string) =>
      real
        .append(
          incidentId,
          { type: 'ImprovementAdded', id: randomUUID(), incidentId, actor: observer, item: { findingId: null, action: 'Drill twice a year', agency: 'port', dueDate: '2027-06-30' } },
          { maxEntries: LIMITS.reviewEntries },
        )
        .then((r) => expect(r.status).toBe('appended'));
    const { post, findingId, entries } = await setup(other);
    const id = randomUUID();
    const r = await post({ id, findingId, action: 'Add customs to the first call-out list', agency: 'customs', dueDate: '2027-03-31' });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ duplicate: false, item: { id, findingId, status: 'open' } });
    expect((await entries()).map((e) => e.type)).toEqual(['FindingAdded', 'ImprovementAdded', 'ImprovementAdded']);
    // Sent again (a lost answer): the same item, nothing added.
    const again = await post({ id, findingId, action: 'Add customs to the first call-out list', agency: 'customs', dueDate: '2027-03-31' });
    expect(again).toMatchObject({ status: 200, body: { duplicate: true, item: { id } } });
    expect(await entries()).toHaveLength(3);
  });

  it('REV3: sent again after a lost answer, with the finding withdrawn meanwhile: the duplicate answer (200), not CONFLICT; nothing added', async () => {
    let store: { real: ReviewStore; incidentId: string } | null = null;
    const { post, findingId, entries } = await setup(async (real, incidentId) => void (store = { real, incidentId }));
    const id = randomUUID();
    const body = { id, findingId, action: 'Add customs to the first call-out list', agency: 'customs', dueDate: '2027-03-31' };
    expect(await post(body)).toMatchObject({ status: 201, body: { duplicate: false, item: { id } } });
    const { real, incidentId } = store!;
    await withdraw(real, incidentId, findingId);
    expect(await post(body)).toMatchObject({ status: 200, body: { duplicate: true, item: { id, findingId } } });
    expect((await entries()).map((e) => e.type)).toEqual(['FindingAdded', 'ImprovementAdded', 'FindingWithdrawn']);
  });
});
