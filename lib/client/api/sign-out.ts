import { useMutation, useQueryClient } from '@tanstack/react-query';
import { fetchJson } from './fetch-json';
import { resetSessionCache } from './reset-session-cache';
import { OkSchema } from './schemas';

export function signOut() {
  return fetchJson('/api/auth/sign-out', { method: 'POST', body: {}, schema: OkSchema });
}

export function useSignOut() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: signOut,
    // Signed out either way: forget everything this person could read.
    onSettled: () => resetSessionCache(qc, null),
  });
}
