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

/** GET /api/incidents/:id/review: findings and the improvement plan. */
export async function getReviewLog(incidentId: string): Promise<ReviewLogView> {
  const r = await fetchJson(`/api/incidents/${encodeURIComponent(incidentId)}/review`, { schema: ReviewResponse });
  return r as unknown as ReviewLogView;
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
