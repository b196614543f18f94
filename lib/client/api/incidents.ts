import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { queryKeys } from '../query-keys';
import { fetchJson } from './fetch-json';
import { IncidentSummarySchema } from './schemas';

const IncidentsResponse = z.object({ ok: z.literal(true), incidents: z.array(IncidentSummarySchema) });

/** The incidents this person may read (the server filters). */
export async function getIncidents() {
  return (await fetchJson('/api/incidents', { schema: IncidentsResponse })).incidents;
}

/** `refetchOnMount: 'always'`: the incident list page, whose hints are heard only while it is shown. */
export function useIncidents(opts: { refetchOnMount?: 'always' } = {}) {
  return useQuery({ queryKey: queryKeys.incidents.list(), queryFn: getIncidents, ...opts });
}
