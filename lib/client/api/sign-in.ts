import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import type { SignInRequest } from '@/lib/protocol/http';
import { fetchJson } from './fetch-json';
import { resetSessionCache } from './reset-session-cache';
import { AccountViewSchema } from './schemas';

const SignInResponse = z.object({ ok: z.literal(true), token: z.string(), account: AccountViewSchema });

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
