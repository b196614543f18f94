import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { useDisplayToken } from '../display-token';
import { queryKeys } from '../query-keys';
import { fetchJson } from './fetch-json';
import { AgencySchema } from './schemas';

const AgenciesResponse = z.object({ ok: z.literal(true), agencies: z.array(AgencySchema) });

/** The agency list's URL: also what every signed-in page's HTML preloads (app/(app)/layout.tsx). */
export const AGENCIES_PATH = '/api/agencies';

/** Every agency (a reader route: an account or a wall screen). */
export async function getAgencies(displayToken?: string) {
  return (await fetchJson(AGENCIES_PATH, { schema: AgenciesResponse, displayToken })).agencies;
}

export function useAgencies() {
  const displayToken = useDisplayToken();
  return useQuery({ queryKey: queryKeys.agencies(), queryFn: () => getAgencies(displayToken), staleTime: 5 * 60_000 });
}
