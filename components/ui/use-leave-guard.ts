'use client';

import { useEffect, useRef } from 'react';
import { appNavigation } from '@/lib/client/app-link';

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
      const anchor = e.target instanceof Element ? e.target.closest('a[href]') : null;
      if (!(anchor instanceof HTMLAnchorElement) || e.defaultPrevented) return;
      const plain = e.button === 0 && !e.metaKey && !e.ctrlKey && !e.shiftKey && !e.altKey;
      const to = appNavigation({ plain, href: anchor.href, target: anchor.target, download: anchor.hasAttribute('download') }, window.location);
      if (to === null || window.confirm(text.current)) return;
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
