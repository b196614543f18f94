import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { queryKeys } from '../query-keys';
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
    onSuccess: ({ session }) => {
      void qc.invalidateQueries({ queryKey: queryKeys.sessions(session.accountId) });
      void qc.invalidateQueries({ queryKey: queryKeys.audit() });
    },
    // Ended already (signed out elsewhere: NOT_FOUND): the list is read again, so its row goes.
    onError: () => void qc.invalidateQueries({ queryKey: queryKeys.allSessions() }),
  });
}
