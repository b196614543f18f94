import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { queryKeys } from '../query-keys';
import { readAgainAudited } from './read-again';
import { fetchJson } from './fetch-json';
import { DisplayViewSchema } from './schemas';

const RevokeResponse = z.object({ ok: z.literal(true), display: DisplayViewSchema });

/** Revokes a display token; its screens drop to "revoked" at once (admin). */
export function revokeDisplay(id: string) {
  return fetchJson(`/api/displays/${encodeURIComponent(id)}/revoke`, { method: 'POST', body: {}, schema: RevokeResponse });
}

export function useRevokeDisplay() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: revokeDisplay,
    onSuccess: () => readAgainAudited(qc, queryKeys.displays()),
  });
}
