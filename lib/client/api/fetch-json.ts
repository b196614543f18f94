import { z } from 'zod';
import { ApiError } from './api-error';

const Failure = z.object({
  ok: z.literal(false),
  error: z.object({ code: z.string(), message: z.string() }),
});

interface Request<T> {
  method?: 'GET' | 'POST' | 'PATCH';
  body?: unknown;
  /** Checks the success body at run time: types are not validation. */
  schema: z.ZodType<T>;
}

/**
 * Calls one of our JSON routes (same origin, session cookie). Resolves with the
 * parsed success body; rejects with ApiError for `{ ok: false }`, a bad shape or
 * no network.
 */
export async function fetchJson<T>(path: string, { method = 'GET', body, schema }: Request<T>): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, 'NETWORK', e instanceof Error ? e.message : 'Network error');
  }
  const json: unknown = await res.json().catch(() => null);
  const failure = Failure.safeParse(json);
  if (failure.success) throw new ApiError(res.status, failure.data.error.code, failure.data.error.message);
  if (!res.ok) throw new ApiError(res.status, res.status === 401 ? 'UNAUTHENTICATED' : 'INTERNAL', res.statusText);
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new ApiError(res.status, 'BAD_RESPONSE', z.prettifyError(parsed.error));
  return parsed.data;
}
