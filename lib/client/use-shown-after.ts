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
