'use client';

import { isTransient, type DomainError } from '../domain/errors';
import { useShownAfter } from './use-shown-after';

/** A transient failure (the store away, no answer) this long in a row: the screen says it is behind. */
export const BEHIND_AFTER_MS = 10_000;

/**
 * Whether a screen that shows an incident's state is to say it is not up to date (SPEC SYNC3):
 * its feed could not read what is new (`error`, kept while the state stays shown) and the socket is
 * live, so the connection notices say nothing. A refusal (BAD_RESPONSE, NOT_FOUND…) at once; a
 * transient failure, which the feed tries again by itself, once it has lasted BEHIND_AFTER_MS.
 * Returns the error to name, or null.
 */
export function useFeedBehind(error: DomainError | null): DomainError | null {
  // Whether the failures in a row have lasted BEHIND_AFTER_MS.
  const long = useShownAfter(error !== null, BEHIND_AFTER_MS);
  if (!error) return null;
  return !isTransient(error.code) || long ? error : null;
}
