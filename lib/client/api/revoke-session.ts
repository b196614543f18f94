import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { queryKeys } from '../query-keys';
import { readAgainAudited } from './read-again';
import { fetchJson } from './fetch-json';
import { SessionViewSchema } from './schemas';

const RevokeResponse = z.object({ ok: z.literal(true), session: SessionViewSchema });

/** Ends a session; its open windows are cut at once (admin). */
export function revokeSession(id: string) {
  return fetchJson(`/api/sessions/${encodeURIComponent(id)}/revoke`, { method: 'POST', body: {}, schema: RevokeResponse });
}

export function useRevokeSession() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: revokeSession,
    onSuccess: ({ session }) => readAgainAudited(qc, queryKeys.sessions(session.accountId)),
    // Ended already (signed out elsewhere: NOT_FOUND): the list is read again, so its row goes.
    onError: () => void qc.invalidateQueries({ queryKey: queryKeys.allSessions() }),
  });
}
