'use client';

import { useEffect, useRef } from 'react';
import { clickNavigation } from '@/lib/client/app-link';

/**
 * A guard while active (a form with changes not saved): its question, and whether leaving was
 * agreed to and is under way (standDownLeaveGuards), when it asks nothing.
 */
interface Guard {
  text: { current: string };
  released: boolean;
}

/** The guards active on this page, oldest first. */
const active = new Set<Guard>();

/**
 * While `active` (a form with changes not saved), leaving the page asks first: a reload or a
 * closed tab through the browser's own question (beforeunload); a link of the app (the header's,
 * Next's Link, which navigates without unloading), the browser's Back or Forward button within
 * the app (a traversal the router would follow) and signing out (mayLeavePage) through
 * `confirm(message)`. A click or a Back the person declines goes nowhere. Clicks are listened to
 * in the capture phase of `window`: before any link's own handler and before OfflineLinks (on the
 * document), so a declined click is not asked for again there. A traversal is asked for in the
 * Navigation API's `navigate` event, before it happens: by its popstate the router has already
 * left (its listener on `window` runs before any added later, and the editor is gone).
 */
export function useLeaveGuard(on: boolean, message: string): void {
  const text = useRef(message);
  text.current = message;
  useEffect(() => {
    if (!on) return;
    const guard: Guard = { text, released: false };
    const onUnload = (e: BeforeUnloadEvent) => {
      if (guard.released) return;
      e.preventDefault();
      e.returnValue = ''; // older Chromium asks only with it
    };
    const onClick = (e: MouseEvent) => {
      if (guard.released || clickNavigation(e) === null || window.confirm(text.current)) return;
      e.preventDefault();
      e.stopPropagation();
    };
    // The Back or Forward button (or a jump from its menu) within the app: asked before the
    // traversal, which a declined question cancels. Chromium's Navigation API; cancelable only
    // where the browser allows it (the person did something on the page since the last cancel:
    // no trapping of Back), else it goes without asking.
    const onNavigate = (e: Event) => {
      const nav = e as NavigateEvent;
      if (guard.released || nav.navigationType !== 'traverse' || !nav.cancelable || window.confirm(text.current)) return;
      e.preventDefault();
    };
    window.addEventListener('beforeunload', onUnload);
    window.addEventListener('click', onClick, true);
    navigation()?.addEventListener('navigate', onNavigate);
    active.add(guard);
    return () => {
      active.delete(guard);
      window.removeEventListener('beforeunload', onUnload);
      window.removeEventListener('click', onClick, true);
      navigation()?.removeEventListener('navigate', onNavigate);
    };
  }, [on]);
}

/** The Navigation API's event of a navigation about to start (not in TypeScript's DOM types yet). */
type NavigateEvent = Event & { navigationType: 'push' | 'replace' | 'reload' | 'traverse' };

function navigation(): EventTarget | undefined {
  return (window as { navigation?: EventTarget }).navigation;
}

/** Whether the person agrees to leave changes not saved (`dirty`): asked only then. */
export function mayLeave(dirty: boolean, message: string): boolean {
  return !dirty || window.confirm(message);
}

/**
 * Whether the person agrees to leave the page as it is (signing out): asked, with the first
 * guard's question, only while a guard is active (useLeaveGuard).
 */
export function mayLeavePage(): boolean {
  const first = active.values().next();
  return first.done || window.confirm(first.value.text.current);
}

/**
 * The person agreed to leave (mayLeavePage) and the leaving is under way: the guards active now
 * ask nothing more (a sign-out's end of the session may reload the page before its answer comes,
 * which must not ask a second time, in the browser's words), until the returned function is
 * called (the leaving failed: they ask again). A guard that becomes active later (the next
 * person's form, after the sign-out) asks as any does.
 */
export function standDownLeaveGuards(): () => void {
  const now = [...active];
  for (const g of now) g.released = true;
  return () => {
    for (const g of now) g.released = false;
  };
}
