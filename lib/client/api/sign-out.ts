import { useMutation, useQueryClient, type QueryClient, type UseMutationOptions } from '@tanstack/react-query';
import { ApiError, isUnauthenticated } from './api-error';
import { NO_ANSWER_MS } from '../within';
import { fetchJson } from './fetch-json';
import { resetSessionCache } from './reset-session-cache';
import { OkSchema } from './schemas';

/**
 * How long a sign-out waits for the server's answer (SPEC SYNC11): as long as a read may wait
 * (SYNC8). Unlike other writes it is bounded: it changes nothing but the session, and a person
 * leaving a shared laptop must be told soon whether they are still signed in.
 */
export const SIGN_OUT_MS = NO_ANSWER_MS;

/**
 * Ends this browser's session on the server (which also clears the HttpOnly cookie). Resolves
 * once the server has answered that there is no session here any more: 200, or 401 (it had
 * already ended: signed out elsewhere, revoked, expired). Rejects with ApiError otherwise:
 * NETWORK (not reached), TIMEOUT (no answer in `timeoutMs`), or the server's refusal; the
 * session is then still open.
 */
export async function signOut(timeoutMs = SIGN_OUT_MS): Promise<void> {
  // fetchJson bounds a write's body but not the wait for its answer to begin (SYNC8): this does.
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    await fetchJson('/api/auth/sign-out', { method: 'POST', body: {}, schema: OkSchema, signal });
  } catch (e) {
    if (isUnauthenticated(e)) return;
    if (signal.aborted && e instanceof ApiError && e.status === 0) throw new ApiError(0, 'TIMEOUT', `No answer from the server in ${timeoutMs / 1000} s.`);
    throw e;
  }
}

/**
 * The sign-out mutation's options. It runs whatever the browser thinks of its network
 * (`networkMode: 'always'`: react-query would otherwise hold it, without a word, until the
 * browser says it is online), once. Only a sign-out the server confirmed forgets what this
 * person could read (and so unmounts their outbox); a failed one leaves the session, the
 * cache and the outbox as they were, and the caller says so.
 */
export function signOutOptions(qc: QueryClient, timeoutMs = SIGN_OUT_MS): UseMutationOptions<void, Error, void> {
  return {
    mutationFn: () => signOut(timeoutMs),
    networkMode: 'always',
    retry: false,
    onSuccess: () => resetSessionCache(qc, null),
  };
}

export function useSignOut() {
  const qc = useQueryClient();
  return useMutation(signOutOptions(qc));
}
