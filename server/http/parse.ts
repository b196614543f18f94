import type { z } from 'zod';
import { ErrorCode } from '../../lib/domain/errors';
import { findHostileKey, zodMessage } from '../validation';
import { HttpError } from './respond';

/** Parses an inbound payload or throws a typed BAD_REQUEST. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const hostile = findHostileKey(value);
  if (hostile) throw HttpError.of(ErrorCode.BAD_REQUEST, `The key "${hostile}" is not allowed.`);
  const r = schema.safeParse(value);
  if (!r.success) throw HttpError.of(ErrorCode.BAD_REQUEST, zodMessage(r.error));
  return r.data;
}
