import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import type { SignInRequest } from '@/lib/protocol/http';
import { fetchJson } from './fetch-json';
import { resetSessionCache } from './reset-session-cache';
import { AccountViewSchema } from './schemas';

/**
 * No `token`: a browser's answer has none (it has the HttpOnly cookie; only a request without an
 * Origin, a script, gets the token in the body), and one that came anyway is dropped here rather
 * than kept in the mutation's cache, where a page's script could read it.
 */
const SignInResponse = z.object({ ok: z.literal(true), account: AccountViewSchema });

export function signIn(body: SignInRequest) {
  return fetchJson('/api/auth/sign-in', { method: 'POST', body, schema: SignInResponse });
}

export function useSignIn() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: signIn,
    onSuccess: (res) => resetSessionCache(qc, res.account),
  });
}
