import { z } from 'zod';
import type { Actor } from '../domain/actor';
import { AgencyCode } from '../domain/agencies';

/**
 * The review log (issue #5): findings and the improvement plan for an incident.
 * It is separate from the incident's own log and append-only, with its own
 * authors, times and sequence (SPEC REV1–REV3). The incident's log is never
 * touched by a review.
 *
 * Shared contract between the review log (server/review, components/review/findings*),
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

/** A note tied to a moment of the incident (an incident seq), optionally to a task, message or agency. */
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
  /** Its entry in the review log. */
  reviewSeq: number;
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
}

/** GET /api/incidents/:id/review → ok + this. Findings oldest moment first; items oldest first. */
export interface ReviewLogView {
  incidentId: string;
  /** Review-log head (0 when empty). */
  headSeq: number;
  findings: Finding[];
  improvements: ImprovementItem[];
}
