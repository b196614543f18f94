'use client';

import { useEffect, useRef } from 'react';
import { clickNavigation } from '@/lib/client/app-link';

/**
 * While `active` (a form with changes not saved), leaving the page asks first: a reload or a
 * closed tab through the browser's own question (beforeunload), a link of the app (the header's,
 * Next's Link, which navigates without unloading) through `confirm(message)`. Not the browser's
 * Back button (the router's popstate) nor signing out: those leave without asking. A click the person
 * declines goes nowhere. The capture phase of `window`: before any link's own handler and before
 * OfflineLinks (on the document), so a declined click is not asked for again there.
 */
export function useLeaveGuard(active: boolean, message: string): void {
  const text = useRef(message);
  text.current = message;
  useEffect(() => {
    if (!active) return;
    const onUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = ''; // older Chromium asks only with it
    };
    const onClick = (e: MouseEvent) => {
      if (clickNavigation(e) === null || window.confirm(text.current)) return;
      e.preventDefault();
      e.stopPropagation();
    };
    window.addEventListener('beforeunload', onUnload);
    window.addEventListener('click', onClick, true);
    return () => {
      window.removeEventListener('beforeunload', onUnload);
      window.removeEventListener('click', onClick, true);
    };
  }, [active]);
}

/** Whether the person agrees to leave changes not saved (`dirty`): asked only then. */
export function mayLeave(dirty: boolean, message: string): boolean {
  return !dirty || window.confirm(message);
}
