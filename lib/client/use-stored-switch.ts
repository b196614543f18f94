'use client';

import { useCallback, useSyncExternalStore } from 'react';
import { externalValue } from './external-value';
import { readLocal, writeLocal } from './local-store';

/**
 * An on/off choice this browser remembers (localStorage under `key`), the same in every tab of
 * it: another tab's choice shows here as it is made. One the browser would not keep (a private
 * window, storage full) lasts for this page. `onSet` runs on the person's own change (a user
 * gesture: the alert sound's test tone).
 */
export function createStoredSwitch(key: string, defaultOn: boolean) {
  const kept = (): boolean => {
    const v = readLocal(key);
    return v === null ? defaultOn : v === 'on';
  };
  // This page's own choice (kept or not), or null: as this browser keeps it.
  const choice = externalValue<boolean | null>(null);
  const get = () => choice.get() ?? kept();
  const subscribe = (onChange: () => void) => {
    // Another tab's choice (its key, or the storage cleared); not the other keys it writes.
    const onStorage = (e: StorageEvent) => {
      if (e.key !== key && e.key !== null) return;
      choice.set(null);
      onChange();
    };
    window.addEventListener('storage', onStorage);
    const off = choice.subscribe(onChange);
    return () => {
      off();
      window.removeEventListener('storage', onStorage);
    };
  };
  return function useStoredSwitch(onSet?: (on: boolean) => void): [boolean, (on: boolean) => void] {
    const on = useSyncExternalStore(subscribe, get, () => defaultOn);
    const set = useCallback(
      (next: boolean) => {
        writeLocal(key, next ? 'on' : 'off');
        onSet?.(next);
        choice.set(next);
      },
      [onSet],
    );
    return [on, set];
  };
}
