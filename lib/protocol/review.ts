import { z } from 'zod';
import type { Actor } from '../domain/actor';
import { AgencyCode } from '../domain/agencies';
import { LIMITS } from '../domain/limits';
import { ActorSchema } from '../domain/incident/event-schema';
import { cleanText } from '../domain/text';

/**
 * The review log (issue #5): findings and the improvement plan for an incident.
 * It is separate from the incident's own log and append-only, with its own
 * authors, times and sequence (SPEC REV1–REV3). The incident's log is never
 * touched by a review, and no review entry is ever changed: a finding is corrected
 * (amended, withdrawn, reinstated) by a later entry.
 *
 * Shared contract between the review log (server/http/routes-review.ts, components/review/findings*),
 * the metrics and report pages, and the exports. Change it only with all of them.
 */

export const FINDING_VERDICTS = ['strength', 'improvement'] as const;
export const FindingVerdict = z.enum(FINDING_VERDICTS);
export type FindingVerdict = z.infer<typeof FindingVerdict>;

export const IMPROVEMENT_STATUSES = ['open', 'in_progress', 'done'] as const;
export const ImprovementStatus = z.enum(IMPROVEMENT_STATUSES);
export type ImprovementStatus = z.infer<typeof ImprovementStatus>;

/** What a finding may point at besides its moment. */
export const FindingRef = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('task'), taskId: z.uuid() }),
  z.strictObject({ kind: z.literal('message'), messageId: z.uuid() }),
  z.strictObject({ kind: z.literal('agency'), agency: AgencyCode }),
]);
export type FindingRef = z.infer<typeof FindingRef>;

/** One wording of a finding: its verdict and text, who wrote that wording and when (epoch ms, server clock). */
export interface FindingVersion {
  verdict: FindingVerdict;
  text: string;
  by: Actor;
  at: number;
}

/**
 * A note tied to a moment of the incident (an incident seq), optionally to a task, message or agency.
 * Corrected only by later entries (SPEC REV3): `verdict` and `text` are its current wording.
 */
export interface Finding {
  id: string;
  incidentId: string;
  /** The incident seq the finding is about (the replay moment). */
  atSeq: number;
  /** That event's server time (epoch ms), copied for display and sorting. */
  atTs: number;
  ref: FindingRef | null;
  verdict: FindingVerdict;
  text: string;
  author: Actor;
  /** When it was written (epoch ms, server clock). */
  createdAt: number;
  /** Its FindingAdded entry in the review log. */
  reviewSeq: number;
  /** The review seq of its latest entry (added, amended, withdrawn, reinstated): a correction names it (`expectedRevision`). */
  revision: number;
  /** Who amended it last, and when; null when never amended. */
  amended: { by: Actor; at: number } | null;
  /** Its earlier wordings, oldest (the one first written) first; empty when never amended. */
  earlier: FindingVersion[];
  /** Who withdrew it, when and why; null while it stands. A withdrawn finding stays in the log and the view. */
  withdrawn: FindingWithdrawal | null;
  /** Each withdrawal undone since, oldest first, with who reinstated it, when and why; empty when never reinstated. */
  reinstated: FindingReinstatement[];
}

/** Who withdrew a finding, when and why. */
export interface FindingWithdrawal {
  by: Actor;
  at: number;
  reason: string;
}

/** A withdrawal undone: the withdrawal, then who reinstated the finding, when and why (null: no reason given). */
export interface FindingReinstatement {
  withdrawn: FindingWithdrawal;
  by: Actor;
  at: number;
  reason: string | null;
}

/** One status an improvement item had: who set it and when (the first: `open`, by whoever added it). */
export interface ImprovementStatusStep {
  status: ImprovementStatus;
  by: Actor;
  at: number;
}

export interface ImprovementItem {
  id: string;
  incidentId: string;
  /** The finding it came from (null when added on its own). */
  findingId: string | null;
  /** What to change in the plan. */
  action: string;
  /** The owning agency's code. */
  agency: string;
  /** Due date, YYYY-MM-DD (a plan date, not a moment). */
  dueDate: string;
  status: ImprovementStatus;
  createdAt: number;
  createdBy: Actor;
  updatedAt: number;
  updatedBy: Actor;
  /** Every status it has had, oldest first: `open` when added, then each change. */
  history: ImprovementStatusStep[];
}

/** GET /api/incidents/:id/review → ok + this. Findings oldest moment first; items oldest first. */
export interface ReviewLogView {
  incidentId: string;
  /** Review-log head (0 when empty). */
  headSeq: number;
  findings: Finding[];
  improvements: ImprovementItem[];
}

// ---- Requests (issue #5, SPEC REV3): parsed with these on the server, typed by the client. ----

/** YYYY-MM-DD that is a real calendar date. */
export const PlanDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'not a calendar date');

/** POST /api/incidents/:id/review/findings. `id` is chosen by the client: sent again, nothing is added twice. */
export const AddFindingRequest = z.strictObject({
  id: z.uuid(),
  atSeq: z.number().int().min(1),
  ref: FindingRef.nullable().optional(),
  verdict: FindingVerdict,
  text: cleanText(z.string().trim().min(1).max(LIMITS.findingText)),
});
export type AddFindingRequest = z.infer<typeof AddFindingRequest>;

/** POST /api/incidents/:id/review/improvements. */
export const AddImprovementRequest = z.strictObject({
  id: z.uuid(),
  findingId: z.uuid().nullable().optional(),
  action: cleanText(z.string().trim().min(1).max(LIMITS.improvementAction)),
  agency: AgencyCode,
  dueDate: PlanDate,
});
export type AddImprovementRequest = z.infer<typeof AddImprovementRequest>;

/**
 * POST /api/incidents/:id/review/improvements/:itemId/status. CONFLICT when the
 * item's status is no longer `expectedStatus`. `id` (optional) names the entry:
 * sent again, it is not appended twice.
 */
export const ChangeImprovementStatusRequest = z.strictObject({
  id: z.uuid().optional(),
  status: ImprovementStatus,
  expectedStatus: ImprovementStatus,
});
export type ChangeImprovementStatusRequest = z.infer<typeof ChangeImprovementStatusRequest>;

/**
 * POST /api/incidents/:id/review/findings/:findingId/amend: a new wording (verdict, text) of a
 * finding, written as a new entry (the finding's earlier wording stays in the log and the view).
 * CONFLICT when the finding's `revision` is no longer `expectedRevision`, or it was withdrawn.
 * `id` names the entry: sent again, it is not appended twice.
 */
export const AmendFindingRequest = z.strictObject({
  id: z.uuid(),
  expectedRevision: z.number().int().min(1),
  verdict: FindingVerdict,
  text: cleanText(z.string().trim().min(1).max(LIMITS.findingText)),
});
export type AmendFindingRequest = z.infer<typeof AmendFindingRequest>;

/**
 * POST /api/incidents/:id/review/findings/:findingId/withdraw: the finding no longer stands, for
 * the reason given. It stays in the log and the findings page (struck through); the report leaves
 * it out. CONFLICT as for an amendment.
 */
export const WithdrawFindingRequest = z.strictObject({
  id: z.uuid(),
  expectedRevision: z.number().int().min(1),
  reason: cleanText(z.string().trim().min(1).max(LIMITS.reason)),
});
export type WithdrawFindingRequest = z.infer<typeof WithdrawFindingRequest>;

/**
 * POST /api/incidents/:id/review/findings/:findingId/reinstate: a withdrawn finding stands again
 * (a withdrawal made by mistake), its history kept: who wrote it, its wordings, the withdrawal.
 * The reason is optional. CONFLICT when the finding is not withdrawn, or its `revision` is no
 * longer `expectedRevision`.
 */
export const ReinstateFindingRequest = z.strictObject({
  id: z.uuid(),
  expectedRevision: z.number().int().min(1),
  reason: cleanText(z.string().trim().min(1).max(LIMITS.reason)).optional(),
});
export type ReinstateFindingRequest = z.infer<typeof ReinstateFindingRequest>;

// ---- The stored entries (server/store ReviewStore) and their fold. ----

export type ReviewEntryBody =
  | {
      type: 'FindingAdded';
      finding: { atSeq: number; atTs: number; ref: FindingRef | null; verdict: FindingVerdict; text: string };
    }
  | { type: 'ImprovementAdded'; item: { findingId: string | null; action: string; agency: string; dueDate: string } }
  | { type: 'ImprovementStatusChanged'; itemId: string; from: ImprovementStatus; to: ImprovementStatus }
  | {
      type: 'FindingAmended';
      findingId: string;
      from: { verdict: FindingVerdict; text: string };
      to: { verdict: FindingVerdict; text: string };
    }
  | { type: 'FindingWithdrawn'; findingId: string; reason: string }
  | { type: 'FindingReinstated'; findingId: string; reason: string | null };
export type ReviewEntryType = ReviewEntryBody['type'];

/** An entry as given to the store: its id (the finding's or item's id for the adds) and author. */
export type UnsequencedReviewEntry = ReviewEntryBody & { id: string; incidentId: string; actor: Actor };

/** An entry as stored: the review log's own seq (1, 2, …, no gaps) and the store's time (never decreasing). */
export type ReviewEntry = UnsequencedReviewEntry & { seq: number; ts: number };

/**
 * Run-time check of a stored review entry, for review logs that come from outside this process:
 * the review part of an imported incident log (SPEC REV5). Shape and limits only, as the live
 * requests have them (texts trimmed, not empty); whether each entry could have been written where
 * it stands is reviewLogBreak's (lib/domain/review.ts). It never transforms, so a checked entry is
 * exactly the entry that came in.
 */
const storedText = (max: number) =>
  cleanText(z.string().min(1).max(max)).refine((s) => s.trim() === s, 'no leading or trailing white space');
const wording = z.strictObject({ verdict: FindingVerdict, text: storedText(LIMITS.findingText) });
const entryEnvelope = {
  seq: z.number().int().min(1),
  ts: z.number().int().min(0).max(4102444800000),
  id: z.uuid(),
  incidentId: z.string().min(1).max(100),
  actor: ActorSchema,
};
export const ReviewEntrySchema = z.discriminatedUnion('type', [
  z.strictObject({
    ...entryEnvelope,
    type: z.literal('FindingAdded'),
    finding: z.strictObject({
      atSeq: z.number().int().min(1),
      atTs: z.number().int().min(0),
      ref: FindingRef.nullable(),
      verdict: FindingVerdict,
      text: storedText(LIMITS.findingText),
    }),
  }),
  z.strictObject({
    ...entryEnvelope,
    type: z.literal('ImprovementAdded'),
    item: z.strictObject({
      findingId: z.uuid().nullable(),
      action: storedText(LIMITS.improvementAction),
      agency: AgencyCode,
      dueDate: PlanDate,
    }),
  }),
  z.strictObject({
    ...entryEnvelope,
    type: z.literal('ImprovementStatusChanged'),
    itemId: z.uuid(),
    from: ImprovementStatus,
    to: ImprovementStatus,
  }),
  z.strictObject({ ...entryEnvelope, type: z.literal('FindingAmended'), findingId: z.uuid(), from: wording, to: wording }),
  z.strictObject({ ...entryEnvelope, type: z.literal('FindingWithdrawn'), findingId: z.uuid(), reason: storedText(LIMITS.reason) }),
  z.strictObject({
    ...entryEnvelope,
    type: z.literal('FindingReinstated'),
    findingId: z.uuid(),
    reason: storedText(LIMITS.reason).nullable(),
  }),
]) satisfies z.ZodType<ReviewEntry>;
