import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { queryKeys } from '../query-keys';
import { fetchJson } from './fetch-json';
import { SessionViewSchema } from './schemas';

const SessionsResponse = z.object({ ok: z.literal(true), sessions: z.array(SessionViewSchema) });

/** An account's live sessions, oldest first (admin). */
export async function getAccountSessions(accountId: string) {
  return (await fetchJson(`/api/accounts/${encodeURIComponent(accountId)}/sessions`, { schema: SessionsResponse })).sessions;
}

export function useAccountSessions(accountId: string) {
  return useQuery({ queryKey: queryKeys.sessions(accountId), queryFn: () => getAccountSessions(accountId), staleTime: 0 });
}
