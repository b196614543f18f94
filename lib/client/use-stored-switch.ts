'use client';

import { useCallback, useSyncExternalStore } from 'react';
import { readLocal, writeLocal } from './local-store';

/**
 * An on/off choice this browser remembers (localStorage under `key`), the same in every tab of
 * it: another tab's choice shows here as it is made. One the browser would not keep (a private
 * window, storage full) lasts for this page. `onSet` runs on the person's own change (a user
 * gesture: the alert sound's test tone).
 */
export function createStoredSwitch(key: string, defaultOn: boolean) {
  const listeners = new Set<() => void>();
  let unkept: boolean | null = null;
  const read = (): boolean => {
    if (unkept !== null) return unkept;
    const kept = readLocal(key);
    return kept === null ? defaultOn : kept === 'on';
  };
  const subscribe = (onChange: () => void) => {
    // Another tab's choice (its key, or the storage cleared); not the other keys it writes.
    const onStorage = (e: StorageEvent) => (e.key === key || e.key === null) && onChange();
    listeners.add(onChange);
    window.addEventListener('storage', onStorage);
    return () => {
      listeners.delete(onChange);
      window.removeEventListener('storage', onStorage);
    };
  };
  return function useStoredSwitch(onSet?: (on: boolean) => void): [boolean, (on: boolean) => void] {
    const on = useSyncExternalStore(subscribe, read, () => defaultOn);
    const set = useCallback(
      (next: boolean) => {
        unkept = writeLocal(key, next ? 'on' : 'off') ? null : next;
        onSet?.(next);
        listeners.forEach((l) => l());
      },
      [onSet],
    );
    return [on, set];
  };
}
