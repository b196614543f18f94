import type { z } from 'zod';
import { domainError, ErrorCode, type DomainError } from '../lib/domain/errors';

/** One readable line from a zod error: "title: Too big: expected string to have <=200 characters". */
export function zodMessage(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}

/**
 * A schema failure as a typed error: BAD_REQUEST with `details.issues`, one
 * `{ path, message }` per problem (at most 5), so a form can point at the field.
 */
export function schemaError(error: z.ZodError): DomainError {
  const issues = error.issues.slice(0, 5).map((i) => ({ path: i.path.join('.'), message: i.message }));
  return domainError(ErrorCode.BAD_REQUEST, zodMessage(error), { issues });
}

/** A payload with a prototype-pollution key: BAD_REQUEST with `details.key`. */
export function hostileKeyError(key: string): DomainError {
  return domainError(ErrorCode.BAD_REQUEST, `The key "${key}" is not allowed.`, { key });
}

const HOSTILE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Finds a prototype-pollution key anywhere in a parsed JSON value. zod would
 * drop such keys silently; we refuse the payload instead, so a hostile client
 * gets a typed error rather than a quiet success.
 */
export function findHostileKey(value: unknown, depth = 0): string | null {
  if (depth > 20 || value === null || typeof value !== 'object') return null;
  for (const key of Object.keys(value)) {
    if (HOSTILE_KEYS.has(key)) return key;
    const found = findHostileKey((value as Record<string, unknown>)[key], depth + 1);
    if (found) return found;
  }
  return null;
}
