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

const AGENCIES_FRESH_MS = 5 * 60_000;

export function useAgencies() {
  const displayToken = useDisplayToken();
  // Read again every 5 minutes as well as on `agencies:changed`: a list that failed on a wall
  // left alone (no focus, no remount) is tried again, and a push missed is made up for.
  return useQuery({ queryKey: queryKeys.agencies(), queryFn: () => getAgencies(displayToken), staleTime: AGENCIES_FRESH_MS, refetchInterval: AGENCIES_FRESH_MS });
}
