import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ChangePasswordRequest } from '@/lib/protocol/http';
import { queryKeys } from '../query-keys';
import { fetchJson } from './fetch-json';
import { OkSchema } from './schemas';

/**
 * The answer's Set-Cookie is a new session: every session of the account ended, this one too
 * (SPEC AUTH8). The page goes on with the new cookie; its socket, cut without `session:ended`,
 * reconnects with it.
 */
export function changePassword(body: ChangePasswordRequest) {
  return fetchJson('/api/auth/password', { method: 'POST', body, schema: OkSchema });
}

export function useChangePassword() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: changePassword,
    // mustChangePassword is now false on the server: read the account again.
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.me() }),
  });
}
