import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { queryKeys } from '../query-keys';
import { fetchJson } from './fetch-json';
import { AgencySchema } from './schemas';

const AgenciesResponse = z.object({ ok: z.literal(true), agencies: z.array(AgencySchema) });

export async function getAgencies() {
  return (await fetchJson('/api/agencies', { schema: AgenciesResponse })).agencies;
}

export function useAgencies() {
  return useQuery({ queryKey: queryKeys.agencies(), queryFn: getAgencies, staleTime: 5 * 60_000 });
}
