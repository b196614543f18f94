'use client';

import { useEffect, useState } from 'react';

/**
 * True once `on` has stayed true for `ms`; false again as soon as it is not. For a
 * "loading" note that should not flash (and shift the layout) when the wait is short.
 */
export function useShownAfter(on: boolean, ms: number): boolean {
  const [shown, setShown] = useState(false);
  useEffect(() => {
    if (!on) return;
    const id = setTimeout(() => setShown(true), ms);
    return () => {
      clearTimeout(id);
      setShown(false);
    };
  }, [on, ms]);
  return on && shown;
}

/**
 * True once `ms` have passed since `since` (ms); false while `since` is null, and again from the
 * moment it changes, until `ms` have passed since the new one.
 */
export function useLongerThan(since: number | null, ms: number): boolean {
  const [over, setOver] = useState<number | null>(null);
  useEffect(() => {
    if (since === null) return;
    const id = setTimeout(() => setOver(since), Math.max(0, since + ms - Date.now()));
    return () => clearTimeout(id);
  }, [since, ms]);
  return since !== null && over === since;
}
