import { LIMITS } from '@/lib/domain/limits';
import { CreateDisplayRequest } from '@/lib/protocol/http';

/** What the name field says, as a key under `admin.displays.issue` and its values. */
export type DisplayNameProblem = { key: 'nameRequired' | 'nameTooLong' | 'nameInvalid'; values?: { max: number } };

/**
 * Why a screen's name (trimmed, as sent) would be refused, by the request's own schema: empty,
 * over LIMITS.name, or holding characters no one types (control characters); null when it is fine.
 */
export function displayNameProblem(name: string): DisplayNameProblem | null {
  const parsed = CreateDisplayRequest.shape.name.safeParse(name);
  if (parsed.success) return null;
  const code = parsed.error.issues[0]?.code;
  if (code === 'too_small') return { key: 'nameRequired' };
  if (code === 'too_big') return { key: 'nameTooLong', values: { max: LIMITS.name } };
  return { key: 'nameInvalid' };
}
