import { DEFAULT_AGENCIES } from '../../lib/domain/agencies';
import type { AgencyDirectory } from '../incidents/committer';

/** A directory that never changes, for tests that decide commands without an account store. */
export function fixedAgencies(codes: Iterable<string> = DEFAULT_AGENCIES.map((a) => a.code)): AgencyDirectory {
  const known: ReadonlySet<string> = new Set(codes);
  return {
    codes: async () => known,
    unknown: async (asked) => new Set([...asked].filter((c) => !known.has(c))),
  };
}
