import { randomUUID } from 'node:crypto';
import type { Actor } from '../../lib/domain/actor';
import { assertNever, ErrorCode } from '../../lib/domain/errors';
import type { IncidentEvent } from '../../lib/domain/incident/events';
import type { IncidentState } from '../../lib/domain/incident/state';
import { LIMITS } from '../../lib/domain/limits';
import { findingActionBreak, foldReview, refInState, type FindingAction } from '../../lib/domain/review';
import {
  AddFindingRequest,
  AddImprovementRequest,
  AmendFindingRequest,
  ChangeImprovementStatusRequest,
  ReinstateFindingRequest,
  WithdrawFindingRequest,
  type Finding,
  type FindingRef,
  type ReviewEntry,
  type ReviewLogView,
  type UnsequencedReviewEntry,
} from '../../lib/protocol/review';
import type { IncidentHub } from '../incidents/hub';
import type { Services } from '../services';
import type { ReviewAppendResult } from '../store/types';
import { parseOrThrow } from './parse';
import { HttpError } from './respond';
import { authorizeReviewOrThrow, readableHub } from './routes-incidents';
import type { Route, RouteContext } from './router';

/**
 * The after-action review log of an incident (SPEC REV3, REV4; issue #5):
 * findings (added, amended, withdrawn, reinstated) and the improvement plan. Writes go to
 * store.review only, never to the incident's event log, and work on closed
 * incidents too.
 */

/** An incident's whole review log (at most LIMITS.reviewEntries), in review seq order. */
export async function readReviewLog(services: Services, incidentId: string): Promise<ReviewEntry[]> {
  const out: ReviewEntry[] = [];
  for (;;) {
    const page = await services.store.review.read(incidentId, out.length + 1, LIMITS.eventsPage);
    out.push(...page);
    if (page.length < LIMITS.eventsPage) return out;
  }
}

/**
 * The incident as it was right after event `atSeq`, and that event, from the replay checkpoints
 * the server keeps (SPEC REV1): checkpoint C = ⌊atSeq/K⌋·K folded on with events C+1…atSeq by the
 * live reducers (`CheckpointCache.momentJson`, the replay's moment), so a request reads at most
 * K + 100 events, never the log from seq 1. Its state carries every task and agency as they were,
 * but only the newest messages (`keptMessages`): `messagesOmitted` says whether older ones were
 * left out (`refExists` then asks the hub). An incident with no checkpoints kept (neither in
 * memory nor beside the log) has its log folded once, as a replay's first open does (REV1, REV6).
 */
async function stateAt(
  services: Services,
  incidentId: string,
  atSeq: number,
  head: number,
): Promise<{ state: IncidentState; messagesOmitted: number; event: IncidentEvent }> {
  const moment = await services.checkpoints.momentJson(incidentId, atSeq, head);
  const last = moment.eventsJson[moment.eventsJson.length - 1];
  const event = last === undefined ? null : (JSON.parse(last) as IncidentEvent);
  if (!event || event.seq !== atSeq) throw HttpError.of(ErrorCode.NOT_FOUND, `The incident has no event ${atSeq}.`);
  return { state: moment.state, messagesOmitted: moment.messagesOmitted, event };
}

async function eventAt(services: Services, incidentId: string, seq: number): Promise<IncidentEvent> {
  const [event] = await services.store.events.read(incidentId, seq, 1);
  if (!event || event.seq !== seq) throw HttpError.of(ErrorCode.NOT_FOUND, `The incident has no event ${seq}.`);
  return event;
}

/**
 * Whether the ref is in the incident as it was at `atSeq`. Tasks and agencies are exact in the
 * moment's state. Its messages are only the newest: an older one is looked up in the hub's state,
 * which holds every message (messages are never changed or removed), posted at or before `atSeq`.
 */
function refExists(ref: FindingRef, at: { state: IncidentState; messagesOmitted: number }, atSeq: number, hub: IncidentHub): boolean {
  if (refInState(ref, at.state)) return true;
  // peek: a look within this turn, nothing kept (SPEC STATE2).
  return ref.kind === 'message' && at.messagesOmitted > 0 && (hub.peek()?.messages.some((m) => m.id === ref.messageId && m.seq <= atSeq) ?? false);
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

/** The review log of an incident, folded (REV3): what GET …/review answers, and what the review CSVs write. */
export function reviewView(services: Services, incidentId: string): Promise<ReviewLogView> {
  return readReviewLog(services, incidentId).then((entries) => foldReview(incidentId, entries));
}

/** How often a status change, a correction or an item from a finding re-reads and retries when another write came first. */
const STATUS_TRIES = 5;

/** What a write decides on the review log as read: an answer with nothing to write, or the entry to write. */
type Decision<T> = { answer: NoInfer<T> } | { entry: UnsequencedReviewEntry; written: (log: ReviewLogView) => T };

/**
 * Compare-and-append on the review log's head (SPEC REV3): `decide` looks at the log as read and
 * answers (or throws a refusal), or names the entry to write; that entry is appended only while
 * the log's head is still the one read, so nothing `decide` checked can have changed meanwhile.
 * Otherwise the log is read again and `decide` runs again, STATUS_TRIES times at most (then
 * CONFLICT). A duplicate (another process wrote this id meanwhile) is read again too: `decide`
 * answers it from the log. `written` gets the log with the new entry.
 */
async function appendUnlessChanged<T>(services: Services, incidentId: string, decide: (entries: ReviewEntry[], log: ReviewLogView) => Decision<T>): Promise<T> {
  for (let attempt = 0; attempt < STATUS_TRIES; attempt++) {
    const entries = await readReviewLog(services, incidentId);
    const log = foldReview(incidentId, entries);
    const decision = decide(entries, log);
    if ('answer' in decision) return decision.answer;
    const result = await services.store.review.append(incidentId, decision.entry, { expectedSeq: log.headSeq, maxEntries: LIMITS.reviewEntries });
    appendOutcome(services, decision.entry, result);
    if (result.status === 'stale' || result.status === 'duplicate') continue; // re-read answers it
    return decision.written(foldReview(incidentId, [...entries, result.entry]));
  }
  throw HttpError.of(ErrorCode.CONFLICT, 'The review log kept changing; read it again and retry.');
}

/**
 * Refuses what SPEC REV3's rule on findings does not allow (findingActionBreak, the rule the import
 * checks too): NOT_FOUND for no such finding, CONFLICT (with the finding as it stands) for one
 * withdrawn, or, to reinstate, one that stands.
 */
function findingActionOrThrow(finding: Finding | undefined, action: FindingAction): asserts finding is Finding {
  switch (findingActionBreak(finding, action)) {
    case 'no-finding':
      throw HttpError.of(ErrorCode.NOT_FOUND, 'No such finding in this review.');
    case 'not-withdrawn':
      throw HttpError.of(ErrorCode.CONFLICT, 'The finding is not withdrawn; there is nothing to reinstate.', { current: finding!.revision, finding });
    case 'withdrawn':
      throw HttpError.of(
        ErrorCode.CONFLICT,
        action === 'ImprovementAdded' ? 'The finding was withdrawn; an improvement item cannot come from it.' : `The finding was withdrawn by ${finding!.withdrawn!.by.name}.`,
        action === 'ImprovementAdded' ? undefined : { current: finding!.revision, finding },
      );
  }
}

/** The corrections of a finding (SPEC REV3): each a new entry, never a change to the finding's own. */
type Correction = 'FindingAmended' | 'FindingWithdrawn' | 'FindingReinstated';

/** A correction's request, zod-parsed (strict, with its limits) by its own schema. */
type CorrectionRequest =
  | { type: 'FindingAmended'; req: AmendFindingRequest }
  | { type: 'FindingWithdrawn'; req: WithdrawFindingRequest }
  | { type: 'FindingReinstated'; req: ReinstateFindingRequest };

function parseCorrection(type: Correction, body: unknown): CorrectionRequest {
  switch (type) {
    case 'FindingAmended':
      return { type, req: parseOrThrow(AmendFindingRequest, body) };
    case 'FindingWithdrawn':
      return { type, req: parseOrThrow(WithdrawFindingRequest, body) };
    case 'FindingReinstated':
      return { type, req: parseOrThrow(ReinstateFindingRequest, body) };
    default:
      return assertNever(type);
  }
}

/** The entry a correction makes of the finding as it stands (checked: it may be corrected), or null when it changes nothing. */
function correctionEntry(c: CorrectionRequest, finding: Finding, base: { id: string; incidentId: string; actor: Actor }): UnsequencedReviewEntry | null {
  const findingId = finding.id;
  switch (c.type) {
    case 'FindingAmended': {
      const { verdict, text } = c.req;
      if (verdict === finding.verdict && text === finding.text) return null;
      return { ...base, type: c.type, findingId, from: { verdict: finding.verdict, text: finding.text }, to: { verdict, text } };
    }
    case 'FindingWithdrawn':
      return { ...base, type: c.type, findingId, reason: c.req.reason };
    case 'FindingReinstated':
      return { ...base, type: c.type, findingId, reason: c.req.reason ?? null };
    default:
      return assertNever(c);
  }
}

/**
 * Amend, withdraw or reinstate a finding (SPEC REV3): a new entry, never a change to the
 * finding's own. As a status change: the same `id` again answers as it stands (`duplicate`); the
 * finding's revision must still be `expectedRevision`, and it must not be withdrawn (amend,
 * withdraw) or must be (reinstate), else CONFLICT; the append is conditional on the review log's
 * head the check read (re-read and re-checked otherwise).
 */
async function correctFinding(ctx: RouteContext, type: Correction) {
  const actor = authorizeReviewOrThrow(ctx.principal, 'AddFinding');
  const hub = await readableHub(ctx);
  const correction = parseCorrection(type, await ctx.body());
  const { id, expectedRevision } = correction.req;
  const findingId = ctx.params.findingId;
  return appendUnlessChanged(ctx.services, hub.id, (entries, log) => {
    const sent = entries.find((e) => e.id === id);
    const finding = log.findings.find((f) => f.id === findingId);
    if (sent) {
      // The same request again (a lost answer): its entry is there; answer with the finding as it stands.
      if (sent.type !== type || sent.findingId !== findingId || !finding)
        throw HttpError.of(ErrorCode.ALREADY_EXISTS, `An entry with id ${sent.id} exists already.`);
      return { answer: { body: { finding, changed: false, duplicate: true } } };
    }
    findingActionOrThrow(finding, type);
    if (finding.revision !== expectedRevision)
      throw HttpError.of(ErrorCode.CONFLICT, 'The finding was corrected meanwhile; read it again.', { current: finding.revision, finding });
    const entry = correctionEntry(correction, finding, { id, incidentId: hub.id, actor });
    if (!entry) return { answer: { body: { finding, changed: false, duplicate: false } } };
    return { entry, written: (after) => ({ body: { finding: after.findings.find((f) => f.id === findingId)!, changed: true, duplicate: false } }) };
  });
}

export const reviewRoutes: Route[] = [
  {
    method: 'GET',
    path: '/api/incidents/:id/review',
    access: 'reader',
    async handle(ctx) {
      const hub = await readableHub(ctx);
      return { body: { ...(await reviewView(ctx.services, hub.id)) } };
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
      // Without a ref only the moment's event is needed; with one, the incident as it was then.
      const at = ref ? await stateAt(ctx.services, hub.id, req.atSeq, head) : null;
      const event = at ? at.event : await eventAt(ctx.services, hub.id, req.atSeq);
      if (ref && at && !refExists(ref, at, req.atSeq, hub))
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
      // A duplicate: the finding as it stands now (it may have been corrected since).
      const finding =
        result.status === 'appended'
          ? foldReview(hub.id, [result.entry]).findings[0]
          : (await reviewView(ctx.services, hub.id)).findings.find((f) => f.id === result.entry.id)!;
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
      if ((await ctx.services.agencies.unknown([req.agency])).size > 0)
        throw HttpError.of(ErrorCode.BAD_REQUEST, `Unknown agency ${req.agency}.`, { issues: [{ path: 'agency', message: 'unknown agency' }] });
      const findingId = req.findingId ?? null;
      const entry: UnsequencedReviewEntry = {
        type: 'ImprovementAdded',
        id: req.id,
        incidentId: hub.id,
        actor,
        item: { findingId, action: req.action, agency: req.agency, dueDate: req.dueDate },
      };
      if (findingId) {
        // Written only while the finding stands: a withdrawal landing after the check makes the append stale.
        return appendUnlessChanged(ctx.services, hub.id, (entries, log) => {
          const sent = entries.find((e) => e.id === entry.id);
          if (sent) {
            // The same request again (a lost answer): the item as it stands now (its status may have
            // moved on since), even if its finding was withdrawn meanwhile: it was written before.
            sameKind(sent, 'ImprovementAdded');
            return { answer: { status: 200, body: { item: log.improvements.find((i) => i.id === sent.id)!, duplicate: true } } };
          }
          // A withdrawn finding is no reason to change the plan (the page offers none; a script neither).
          findingActionOrThrow(log.findings.find((f) => f.id === findingId), 'ImprovementAdded');
          return { entry, written: (after) => ({ status: 201, body: { item: after.improvements.find((i) => i.id === entry.id)!, duplicate: false } }) };
        });
      }
      const result = await ctx.services.store.review.append(hub.id, entry, { maxEntries: LIMITS.reviewEntries });
      appendOutcome(ctx.services, entry, result);
      if (result.status !== 'appended' && result.status !== 'duplicate') throw new Error(`unexpected ${result.status}`);
      sameKind(result.entry, 'ImprovementAdded');
      // The item as it stands now (a duplicate's status may have moved on since).
      const item = (await reviewView(ctx.services, hub.id)).improvements.find((i) => i.id === result.entry.id)!;
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
      const itemId = ctx.params.itemId;
      return appendUnlessChanged(ctx.services, hub.id, (entries, log) => {
        const item = log.improvements.find((i) => i.id === itemId);
        if (!item) throw HttpError.of(ErrorCode.NOT_FOUND, 'No such improvement item.');
        const sent = req.id ? entries.find((e) => e.id === req.id) : undefined;
        if (sent) {
          // The same request again (a flaky network): its entry is there; answer as before.
          if (sent.type !== 'ImprovementStatusChanged' || sent.itemId !== itemId)
            throw HttpError.of(ErrorCode.ALREADY_EXISTS, `An entry with id ${sent.id} exists already.`);
          return { answer: { body: { item, changed: false, duplicate: true } } };
        }
        if (item.status !== req.expectedStatus)
          throw HttpError.of(ErrorCode.CONFLICT, `The item is ${item.status} now, not ${req.expectedStatus}.`, { current: item.status, item });
        if (req.status === item.status) return { answer: { body: { item, changed: false, duplicate: false } } };
        const entry: UnsequencedReviewEntry = {
          type: 'ImprovementStatusChanged',
          id: req.id ?? randomUUID(),
          incidentId: hub.id,
          actor,
          itemId,
          from: item.status,
          to: req.status,
        };
        return { entry, written: (after) => ({ body: { item: after.improvements.find((i) => i.id === itemId)!, changed: true, duplicate: false } }) };
      });
    },
  },
  {
    method: 'POST',
    path: '/api/incidents/:id/review/findings/:findingId/amend',
    handle: (ctx) => correctFinding(ctx, 'FindingAmended'),
  },
  {
    method: 'POST',
    path: '/api/incidents/:id/review/findings/:findingId/withdraw',
    handle: (ctx) => correctFinding(ctx, 'FindingWithdrawn'),
  },
  {
    method: 'POST',
    path: '/api/incidents/:id/review/findings/:findingId/reinstate',
    handle: (ctx) => correctFinding(ctx, 'FindingReinstated'),
  },
];
