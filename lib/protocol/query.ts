import { z } from 'zod';

/**
 * A whole number in a query string, from `min` to `max`: digits only (not `z.coerce`, which reads an
 * empty or blank value as 0, and `1e3` or `0x10` as numbers). Every route's query numbers use it.
 */
export const queryInt = (min: number, max: number = Number.MAX_SAFE_INTEGER) =>
  z
    .string()
    .regex(/^\d{1,16}$/, 'Expected a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));
