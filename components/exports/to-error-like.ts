import { ApiError } from '@/lib/client/api/api-error';
import type { ErrorLike } from '@/components/ui/error-message';

/** A query's error as ErrorMessage shows it: the server's code, or INTERNAL for anything else. */
export function toErrorLike(error: unknown): ErrorLike {
  if (error instanceof ApiError) return { code: error.code, message: error.message };
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
}
