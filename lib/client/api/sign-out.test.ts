import { MutationObserver, onlineManager, QueryClient } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AccountView } from '@/lib/protocol/http';
import { queryKeys } from '../query-keys';
import { ApiError } from './api-error';
import { SIGN_OUT_MS, signOutOptions } from './sign-out';
import { NO_ANSWER_MS } from '../within';

afterEach(() => {
  vi.unstubAllGlobals();
  onlineManager.setOnline(true);
});

const ACCOUNT = { id: 'acc-fire', username: 'fire1', displayName: 'Fire One' } as unknown as AccountView;

/** A cache as a signed-in page has it: who is signed in, and something they could read. */
function signedIn(): QueryClient {
  const qc = new QueryClient();
  qc.setQueryData(queryKeys.me(), ACCOUNT);
  qc.setQueryData(queryKeys.incidents.list(), [{ id: 'inc-1' }]);
  return qc;
}

const stillSignedIn = (qc: QueryClient) => {
  expect(qc.getQueryData(queryKeys.me())).toEqual(ACCOUNT);
  expect(qc.getQueryData(queryKeys.incidents.list())).toEqual([{ id: 'inc-1' }]);
};
const signedOut = (qc: QueryClient) => {
  expect(qc.getQueryData(queryKeys.me())).toBeNull();
  expect(qc.getQueryData(queryKeys.incidents.list())).toBeUndefined();
};

function answer(status: number, body: unknown) {
  const fetch = vi.fn(async (_url: string, _init: RequestInit) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

/** Runs the sign-out mutation as the button does; resolves with its outcome. */
async function run(qc: QueryClient, timeoutMs?: number): Promise<{ ok: true } | { ok: false; error: unknown }> {
  const observer = new MutationObserver(qc, signOutOptions(qc, timeoutMs));
  try {
    await observer.mutate();
    return { ok: true };
  } catch (error) {
    return { ok: false, error };
  }
}

describe('SYNC11: signing out', () => {
  it('is bounded like a read (10 s)', () => {
    expect(SIGN_OUT_MS).toBe(NO_ANSWER_MS);
    expect(SIGN_OUT_MS).toBe(10_000);
  });

  it('forgets what the person could read once the server has ended the session, and asks with the session cookie', async () => {
    const fetch = answer(200, { ok: true });
    const qc = signedIn();
    expect(await run(qc)).toEqual({ ok: true });
    expect(fetch).toHaveBeenCalledTimes(1);
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe('/api/auth/sign-out');
    expect(init.method).toBe('POST');
    expect(init.credentials).toBe('same-origin');
    expect(init.signal).toBeInstanceOf(AbortSignal);
    signedOut(qc);
  });

  it('runs at once where the browser believes it is offline (not held until it is online again)', async () => {
    onlineManager.setOnline(false);
    // What happens in a browser that knows it is offline: the request fails at once.
    const fetch = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    vi.stubGlobal('fetch', fetch);
    const qc = signedIn();
    const outcome = await Promise.race([run(qc), new Promise<'held'>((r) => setTimeout(() => r('held'), 500))]);
    expect(outcome).not.toBe('held');
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(outcome).toMatchObject({ ok: false, error: { code: 'NETWORK', status: 0 } });
    stillSignedIn(qc);
  });

  it('a sign-out that does not reach the server leaves the session, and what it could read, as it was; it is not tried again by itself', async () => {
    const fetch = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    vi.stubGlobal('fetch', fetch);
    const qc = signedIn();
    const outcome = await run(qc);
    expect(outcome).toMatchObject({ ok: false });
    expect((outcome as { error: unknown }).error).toBeInstanceOf(ApiError);
    expect((outcome as { error: ApiError }).error.code).toBe('NETWORK');
    expect(fetch).toHaveBeenCalledTimes(1);
    stillSignedIn(qc);
  });

  it('a sign-out with no answer (a black-holed network) ends as TIMEOUT after its bound, the session kept', async () => {
    const fetch = vi.fn(
      (_url: string, init: RequestInit) =>
        new Promise<Response>((_, reject) => init.signal!.addEventListener('abort', () => reject(init.signal!.reason))),
    );
    vi.stubGlobal('fetch', fetch);
    const qc = signedIn();
    const t0 = Date.now();
    const outcome = await run(qc, 200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(150);
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(outcome).toMatchObject({ ok: false, error: { code: 'TIMEOUT', status: 0 } });
    stillSignedIn(qc);
  });

  it('a body that stops arriving is bounded too', async () => {
    vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
      const body = new ReadableStream<Uint8Array>({
        start(c) {
          c.enqueue(new TextEncoder().encode('{"ok":'));
          init.signal!.addEventListener('abort', () => c.error(init.signal!.reason));
        },
      });
      return new Response(body, { status: 200 });
    });
    const qc = signedIn();
    expect(await run(qc, 200)).toMatchObject({ ok: false, error: { code: 'TIMEOUT' } });
    stillSignedIn(qc);
  });

  it('a 401 means there was no session left to end (signed out elsewhere, revoked, expired): signed out', async () => {
    answer(401, { ok: false, error: { code: 'UNAUTHENTICATED', message: 'Sign in first.' } });
    const qc = signedIn();
    expect(await run(qc)).toEqual({ ok: true });
    signedOut(qc);
  });

  it.each([
    [403, 'FORBIDDEN'],
    [503, 'STORE_UNAVAILABLE'],
  ])('a refusal (%i %s) is not a sign-out: the session is kept', async (status, code) => {
    answer(status, { ok: false, error: { code, message: 'no' } });
    const qc = signedIn();
    expect(await run(qc)).toMatchObject({ ok: false, error: { code, status } });
    stillSignedIn(qc);
  });
});
