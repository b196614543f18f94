import type { z } from 'zod';
import { ErrorCode } from '@/lib/domain/errors';

/** A failed HTTP call: the server's error code (or a transport code) and its English message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The server's `error.details`, e.g. `{ retryAfter }` (seconds) with RATE_LIMITED. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function isUnauthenticated(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401;
}

/**
 * The record as it is now that a CONFLICT names in its details (`details[key]`, e.g. the account
 * another admin changed meanwhile, SPEC AUTH8), checked against `schema`; null for any other error.
 */
export function conflictRecord<T>(error: unknown, key: string, schema: z.ZodType<T>): T | null {
  if (!(error instanceof ApiError) || error.code !== ErrorCode.CONFLICT) return null;
  const parsed = schema.safeParse(error.details[key]);
  return parsed.success ? parsed.data : null;
}
