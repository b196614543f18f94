import type { z } from 'zod';

/** The top-level fields a zod schema rejects, to mark them in a form. */
export function invalidFields<T>(schema: z.ZodType<T>, value: unknown): Set<string> {
  const result = schema.safeParse(value);
  if (result.success) return new Set();
  return new Set(result.error.issues.map((issue) => String(issue.path[0] ?? '')));
}
