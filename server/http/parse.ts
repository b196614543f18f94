import type { z } from 'zod';
import { findHostileKey, hostileKeyError, schemaError } from '../validation';
import { HttpError } from './respond';

/** Parses an inbound payload or throws a typed BAD_REQUEST. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const hostile = findHostileKey(value);
  if (hostile) throw new HttpError(hostileKeyError(hostile));
  const r = schema.safeParse(value);
  if (!r.success) throw new HttpError(schemaError(r.error));
  return r.data;
}
