import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ChangePasswordRequest } from '@/lib/protocol/http';
import { queryKeys } from '../query-keys';
import { fetchJson } from './fetch-json';
import { OkSchema } from './schemas';

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
