import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { queryKeys } from '../query-keys';
import { fetchJson } from './fetch-json';
import { IncidentSummarySchema } from './schemas';

const IncidentResponse = z.object({ ok: z.literal(true), incident: IncidentSummarySchema });

export async function getIncident(id: string) {
  return (await fetchJson(`/api/incidents/${encodeURIComponent(id)}`, { schema: IncidentResponse })).incident;
}

export function useIncidentSummary(id: string) {
  return useQuery({ queryKey: queryKeys.incidents.detail(id), queryFn: () => getIncident(id) });
}
