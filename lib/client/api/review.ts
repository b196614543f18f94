import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import type { ReviewLogView } from '../../protocol/review';
import { queryKeys } from '../query-keys';
import { fetchJson } from './fetch-json';

// The server builds ReviewLogView from zod-parsed entries; the client checks the envelope.
const ReviewResponse = z.looseObject({
  ok: z.literal(true),
  incidentId: z.string(),
  headSeq: z.number(),
  findings: z.array(z.looseObject({ id: z.string() })),
  improvements: z.array(z.looseObject({ id: z.string() })),
});

/**
 * GET /api/incidents/:id/review: findings and the improvement plan. A process of the version
 * before corrections (a rolling restart, docs/operations.md) answers without a finding's
 * `withdrawn`, `amended`, `earlier`, `revision` and an item's `history`, and one before
 * reinstatement without `reinstated`: they are filled in as
 * "never corrected", never read as missing (a report then left every finding out as withdrawn).
 */
export async function getReviewLog(incidentId: string): Promise<ReviewLogView> {
  const r = await fetchJson(`/api/incidents/${encodeURIComponent(incidentId)}/review`, { schema: ReviewResponse });
  return withCorrectionDefaults(r as unknown as ReviewLogView);
}

export function withCorrectionDefaults(v: ReviewLogView): ReviewLogView {
  return {
    ...v,
    findings: v.findings.map((f) => ({
      ...f,
      withdrawn: f.withdrawn ?? null,
      reinstated: f.reinstated ?? [],
      amended: f.amended ?? null,
      earlier: f.earlier ?? [],
      revision: f.revision ?? f.reviewSeq,
    })),
    improvements: v.improvements.map((i) => ({ ...i, history: i.history ?? [] })),
  };
}

/** `refetchIntervalMs`: poll while the page is open (the findings page: others add findings too). */
export function useReviewLog(incidentId: string, opts: { refetchIntervalMs?: number } = {}) {
  return useQuery({
    queryKey: queryKeys.incidents.review(incidentId),
    queryFn: () => getReviewLog(incidentId),
    refetchInterval: opts.refetchIntervalMs,
    refetchOnWindowFocus: true,
  });
}
