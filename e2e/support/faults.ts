import type { BrowserContext } from '@playwright/test';

/** The switch of a fault a test puts in a page, and a marker a reload wipes. */
export type FaultyRootWindow = Window & { rootFails?: boolean; stillHere?: boolean };

/**
 * Makes the app's root fail in the context's first page load from now on, with nothing of the
 * product changed for it: the data cache above every page (react-query's client) starts listening
 * for the browser coming online when it mounts, and while the page's `rootFails` is up that
 * throws. The failure is above every page's own error page, so app/global-error.tsx catches it.
 * The test puts the switch down with `rootFails = false`; a later load of the tab does not fail.
 */
export async function failTheRootOnFirstLoad(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const w = window as FaultyRootWindow;
    w.rootFails = sessionStorage.getItem('e2e-root-failed') === null;
    sessionStorage.setItem('e2e-root-failed', '1');
    w.stillHere = true;
    const add = window.addEventListener;
    window.addEventListener = function (this: Window, ...args: Parameters<typeof add>) {
      if (w.rootFails && args[0] === 'online') throw new Error('e2e: the app root fails');
      return add.apply(this, args);
    } as typeof add;
  });
}
