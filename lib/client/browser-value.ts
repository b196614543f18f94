'use client';

import { useSyncExternalStore } from 'react';

const noSubscription = () => () => undefined;

/**
 * A value read from the browser as the page renders (its address, a cookie) that nothing needs to
 * watch for changes: `read` in the browser, `onServer` in a server render and while hydrating.
 * `read` must return the same value while the page does not change (a primitive).
 */
export function useBrowserValue<T>(read: () => T, onServer: T): T {
  return useSyncExternalStore(noSubscription, read, () => onServer);
}

const readTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/** The browser's own IANA time zone, for exports' local times ('UTC' in a server render). */
export function useBrowserTimeZone(): string {
  return useBrowserValue(readTimeZone, 'UTC');
}
