import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { DisplayScope } from '@/lib/domain/actor';
import { queryKeys } from '../query-keys';
import { ApiError } from './api-error';
import { fetchJson } from './fetch-json';
import { IncidentSummarySchema } from './schemas';

const DisplayIncidentsResponse = z.object({
  ok: z.literal(true),
  display: z.object({ id: z.string(), name: z.string(), scope: DisplayScope }),
  incidents: z.array(IncidentSummarySchema),
});

/** What a wall screen's token covers: the screen itself and its incidents, newest first. */
export async function getDisplayIncidents(displayToken: string) {
  return fetchJson('/api/display/incidents', { schema: DisplayIncidentsResponse, displayToken });
}

/** A wall screen runs for days: besides `incidents:changed`, it re-reads every minute (a missed hint, a failed read). */
const DISPLAY_REFRESH_MS = 60_000;

/** A server restart or a dropped network: retry without end, 1 s, 2 s, 4 s … at most 30 s apart. */
export function displayRetryDelay(attempt: number): number {
  return Math.min(30_000, 1000 * 2 ** attempt);
}

export function useDisplayIncidents(displayToken: string) {
  return useQuery({
    queryKey: queryKeys.displayIncidents(),
    queryFn: () => getDisplayIncidents(displayToken),
    refetchInterval: DISPLAY_REFRESH_MS,
    refetchIntervalInBackground: true,
    // Only a refusal (4xx: a revoked token) is final; everything else is retried.
    retry: (_count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500),
    retryDelay: displayRetryDelay,
  });
}
