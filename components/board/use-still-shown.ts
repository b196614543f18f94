'use client';

import { useEffect, useRef } from 'react';

/**
 * Whether the component is still on screen, for a dialog's `shown` (RunOptions): still there to
 * show a refusal? If not (closed while sending), the refused change stays in the outbox for the
 * person to decide instead of vanishing (SPEC SYNC4).
 */
export function useStillShown(): () => boolean {
  const mounted = useRef(false);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  return useRef(() => mounted.current).current;
}
