import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import type { IncidentMetrics } from '../../domain/review/metrics';
import { queryKeys } from '../query-keys';
import { fetchJson } from './fetch-json';

// The server computes IncidentMetrics from its own log (SPEC REV2); the client checks the envelope.
const MetricsResponse = z.object({
  ok: z.literal(true),
  metrics: z.looseObject({
    incidentId: z.string(),
    openedAt: z.number(),
    end: z.number(),
    agencies: z.array(z.looseObject({ agency: z.string() })),
    tasks: z.array(z.looseObject({ taskId: z.string() })),
    keyEvents: z.array(z.looseObject({ kind: z.string(), at: z.number() })),
  }),
});

/** GET /api/incidents/:id/metrics. */
async function getIncidentMetrics(incidentId: string): Promise<IncidentMetrics> {
  const r = await fetchJson(`/api/incidents/${encodeURIComponent(incidentId)}/metrics`, { schema: MetricsResponse });
  return r.metrics as unknown as IncidentMetrics;
}

export function useIncidentMetrics(incidentId: string) {
  return useQuery({ queryKey: queryKeys.incidents.metrics(incidentId), queryFn: () => getIncidentMetrics(incidentId) });
}
