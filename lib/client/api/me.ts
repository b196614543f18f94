import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import type { AccountView } from '@/lib/protocol/http';
import { queryKeys } from '../query-keys';
import { isUnauthenticated } from './api-error';
import { fetchJson } from './fetch-json';
import { AccountViewSchema } from './schemas';

const MeResponse = z.object({ ok: z.literal(true), account: AccountViewSchema });

/** The account's URL: also what every signed-in page's HTML preloads (app/(app)/layout.tsx). */
export const ME_PATH = '/api/me';

/** The signed-in account, or null when signed out (401). Other failures reject. */
export async function getMe(): Promise<AccountView | null> {
  try {
    return (await fetchJson(ME_PATH, { schema: MeResponse })).account;
  } catch (e) {
    if (isUnauthenticated(e)) return null;
    throw e;
  }
}

/**
 * How often an account read that failed (the server or its store away) is asked again by itself:
 * a board left on a screen comes back when the store does, nobody has to press Retry.
 */
export const ME_RETRY_MS = 5_000;

export function useMe() {
  return useQuery({
    queryKey: queryKeys.me(),
    queryFn: getMe,
    staleTime: 60_000,
    refetchInterval: (q) => (q.state.status === 'error' ? ME_RETRY_MS : false),
  });
}
