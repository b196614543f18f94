import { randomUUID } from 'node:crypto';
import { ErrorCode } from '../../lib/domain/errors';
import type { IncidentEvent } from '../../lib/domain/incident/events';
import { applyEvents } from '../../lib/domain/incident/evolve';
import type { IncidentState } from '../../lib/domain/incident/state';
import { LIMITS } from '../../lib/domain/limits';
import { foldReview } from '../../lib/domain/review';
import {
  AddFindingRequest,
  AddImprovementRequest,
  ChangeImprovementStatusRequest,
  type FindingRef,
  type ReviewEntry,
  type ReviewLogView,
  type UnsequencedReviewEntry,
} from '../../lib/protocol/review';
import type { Services } from '../services';
import type { ReviewAppendResult } from '../store/types';
import { parseOrThrow } from './parse';
import { HttpError } from './respond';
import { authorizeReviewOrThrow, readableHub } from './routes-incidents';
import type { Route } from './router';

/**
 * The after-action review log of an incident (SPEC REV3, REV4; issue #5):
 * findings and the improvement plan. Writes go to store.review only, never to
 * the incident's event log, and work on closed incidents too.
 */


async function readReviewLog(services: Services, incidentId: string): Promise<ReviewEntry[]> {
  const out: ReviewEntry[] = [];
  for (;;) {
    const page = await services.store.review.read(incidentId, out.length + 1, LIMITS.eventsPage);
    out.push(...page);
    if (page.length < LIMITS.eventsPage) return out;
  }
}

/** The incident as it was right after event `atSeq` (folded by the live reducers), and that event. */
async function stateAt(services: Services, incidentId: string, atSeq: number): Promise<{ state: IncidentState; event: IncidentEvent }> {
  let state: IncidentState | null = null;
  let last: IncidentEvent | null = null;
  for (let from = 1; from <= atSeq; ) {
    const page = await services.store.events.read(incidentId, from, Math.min(LIMITS.eventsPage, atSeq - from + 1));
    if (page.length === 0) break;
    state = applyEvents(state, page);
    last = page[page.length - 1];
    from = last.seq + 1;
  }
  if (!state || !last || last.seq !== atSeq) throw HttpError.of(ErrorCode.NOT_FOUND, `The incident has no event ${atSeq}.`);
  return { state, event: last };
}

async function eventAt(services: Services, incidentId: string, seq: number): Promise<IncidentEvent> {
  const [event] = await services.store.events.read(incidentId, seq, 1);
  if (!event || event.seq !== seq) throw HttpError.of(ErrorCode.NOT_FOUND, `The incident has no event ${seq}.`);
  return event;
}

function refExists(ref: FindingRef, state: IncidentState): boolean {
  switch (ref.kind) {
    case 'task':
      return state.tasks[ref.taskId] !== undefined;
    case 'message':
      return state.messages.some((m) => m.id === ref.messageId);
    case 'agency':
      return state.agencies.includes(ref.agency);
  }
}

function appendOutcome(
  services: Services,
  entry: UnsequencedReviewEntry,
  result: ReviewAppendResult,
): asserts result is Exclude<ReviewAppendResult, { status: 'full' }> {
  services.metrics.reviewAppend(entry.type, result.status);
  if (result.status === 'full')
    throw HttpError.of(ErrorCode.BAD_REQUEST, `The review log of this incident is full (${LIMITS.reviewEntries} entries).`);
}

/** A repeated id must name the same kind of entry: a finding's id is not an improvement's. */
function sameKind(entry: ReviewEntry, type: ReviewEntry['type']): void {
  if (entry.type !== type) throw HttpError.of(ErrorCode.ALREADY_EXISTS, `An entry with id ${entry.id} exists already.`);
}

function view(services: Services, incidentId: string): Promise<ReviewLogView> {
  return readReviewLog(services, incidentId).then((entries) => foldReview(incidentId, entries));
}

/** How often a status change re-reads and retries when another write came first. */
const STATUS_TRIES = 5;

export const reviewRoutes: Route[] = [
  {
    method: 'GET',
    path: '/api/incidents/:id/review',
    access: 'reader',
    async handle(ctx) {
      const hub = await readableHub(ctx);
      return { body: { ...(await view(ctx.services, hub.id)) } };
    },
  },
  {
    method: 'POST',
    path: '/api/incidents/:id/review/findings',
    async handle(ctx) {
      const actor = authorizeReviewOrThrow(ctx.principal, 'AddFinding');
      const hub = await readableHub(ctx);
      const req = parseOrThrow(AddFindingRequest, await ctx.body());
      const head = Math.max(hub.seq, await ctx.services.store.events.head(hub.id));
      if (req.atSeq > head)
        throw HttpError.of(ErrorCode.BAD_REQUEST, `atSeq must be 1..${head}, the incident's events.`, { headSeq: head });
      const ref = req.ref ?? null;
      // Without a ref only the moment's event is needed; with one, the incident folded to it.
      const { state, event } = ref ? await stateAt(ctx.services, hub.id, req.atSeq) : { state: null, event: await eventAt(ctx.services, hub.id, req.atSeq) };
      if (ref && state && !refExists(ref, state))
        throw HttpError.of(
          ErrorCode.NOT_FOUND,
          ref.kind === 'agency'
            ? `Agency ${ref.agency} does not take part in the incident at event ${req.atSeq}.`
            : `No such ${ref.kind} in the incident at event ${req.atSeq}.`,
        );
      const entry: UnsequencedReviewEntry = {
        type: 'FindingAdded',
        id: req.id,
        incidentId: hub.id,
        actor,
        finding: { atSeq: req.atSeq, atTs: event.ts, ref, verdict: req.verdict, text: req.text },
      };
      const result = await ctx.services.store.review.append(hub.id, entry, { maxEntries: LIMITS.reviewEntries });
      appendOutcome(ctx.services, entry, result);
      if (result.status !== 'appended' && result.status !== 'duplicate') throw new Error(`unexpected ${result.status}`);
      sameKind(result.entry, 'FindingAdded');
      const finding = foldReview(hub.id, [result.entry]).findings[0];
      return { status: result.status === 'appended' ? 201 : 200, body: { finding, duplicate: result.status === 'duplicate' } };
    },
  },
  {
    method: 'POST',
    path: '/api/incidents/:id/review/improvements',
    async handle(ctx) {
      const actor = authorizeReviewOrThrow(ctx.principal, 'ManageImprovements');
      const hub = await readableHub(ctx);
      const req = parseOrThrow(AddImprovementRequest, await ctx.body());
      if (!(await ctx.services.agencies.codes()).has(req.agency))
        throw HttpError.of(ErrorCode.BAD_REQUEST, `Unknown agency ${req.agency}.`, { issues: [{ path: 'agency', message: 'unknown agency' }] });
      const findingId = req.findingId ?? null;
      if (findingId) {
        const log = await view(ctx.services, hub.id);
        if (!log.findings.some((f) => f.id === findingId)) throw HttpError.of(ErrorCode.NOT_FOUND, 'No such finding in this review.');
      }
      const entry: UnsequencedReviewEntry = {
        type: 'ImprovementAdded',
        id: req.id,
        incidentId: hub.id,
        actor,
        item: { findingId, action: req.action, agency: req.agency, dueDate: req.dueDate },
      };
      const result = await ctx.services.store.review.append(hub.id, entry, { maxEntries: LIMITS.reviewEntries });
      appendOutcome(ctx.services, entry, result);
      if (result.status !== 'appended' && result.status !== 'duplicate') throw new Error(`unexpected ${result.status}`);
      sameKind(result.entry, 'ImprovementAdded');
      // The item as it stands now (a duplicate's status may have moved on since).
      const item = (await view(ctx.services, hub.id)).improvements.find((i) => i.id === result.entry.id)!;
      return { status: result.status === 'appended' ? 201 : 200, body: { item, duplicate: result.status === 'duplicate' } };
    },
  },
  {
    method: 'POST',
    path: '/api/incidents/:id/review/improvements/:itemId/status',
    async handle(ctx) {
      const actor = authorizeReviewOrThrow(ctx.principal, 'ManageImprovements');
      const hub = await readableHub(ctx);
      const req = parseOrThrow(ChangeImprovementStatusRequest, await ctx.body());
      const { services } = ctx;
      const itemId = ctx.params.itemId;
      for (let attempt = 0; attempt < STATUS_TRIES; attempt++) {
        const entries = await readReviewLog(services, hub.id);
        const log = foldReview(hub.id, entries);
        const item = log.improvements.find((i) => i.id === itemId);
        if (!item) throw HttpError.of(ErrorCode.NOT_FOUND, 'No such improvement item.');
        const sent = req.id ? entries.find((e) => e.id === req.id) : undefined;
        if (sent) {
          // The same request again (a flaky network): its entry is there; answer as before.
          if (sent.type !== 'ImprovementStatusChanged' || sent.itemId !== itemId)
            throw HttpError.of(ErrorCode.ALREADY_EXISTS, `An entry with id ${sent.id} exists already.`);
          return { body: { item, changed: false, duplicate: true } };
        }
        if (item.status !== req.expectedStatus)
          throw HttpError.of(ErrorCode.CONFLICT, `The item is ${item.status} now, not ${req.expectedStatus}.`, { current: item.status, item });
        if (req.status === item.status) return { body: { item, changed: false, duplicate: false } };
        const entry: UnsequencedReviewEntry = {
          type: 'ImprovementStatusChanged',
          id: req.id ?? randomUUID(),
          incidentId: hub.id,
          actor,
          itemId,
          from: item.status,
          to: req.status,
        };
        // Compare-and-append on the review log's head: nothing slipped in since the read.
        const result = await services.store.review.append(hub.id, entry, { expectedSeq: log.headSeq, maxEntries: LIMITS.reviewEntries });
        appendOutcome(services, entry, result);
        if (result.status === 'stale') continue;
        if (result.status === 'duplicate') continue; // another process wrote this id meanwhile: re-read answers it
        const changed = foldReview(hub.id, [...entries, result.entry]).improvements.find((i) => i.id === itemId)!;
        return { body: { item: changed, changed: true, duplicate: false } };
      }
      throw HttpError.of(ErrorCode.CONFLICT, 'The review log kept changing; read it again and retry.');
    },
  },
];
