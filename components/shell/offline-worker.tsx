'use client';

import { usePathname } from 'next/navigation';
import { useEffect } from 'react';

/** How long after a page shows it asks the worker to keep it (then in idle time, within as long again). */
const KEEP_AFTER_MS = 2_000;

/**
 * Registers the service worker (SPEC SYNC12) once the page has loaded, in a production build
 * only (the dev server has no worker: its files change under the same names), and asks it to keep
 * every page shown and the built files loaded so far (readWorkerMessage): a page reached inside
 * the app never passed through the worker. Asked again when another worker takes the page over (a
 * new build's: it deleted the old build's copies, this page's among them). A browser without
 * service workers (plain http to a host other than localhost is not a secure context) goes on
 * without: the board then works offline until a reload, as before.
 */
export function OfflineWorker() {
  const pathname = usePathname();
  useEffect(() => {
    if (process.env.NODE_ENV !== 'production' || !('serviceWorker' in navigator)) return;
    const register = () =>
      void navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch((error: unknown) => console.warn('Portline: no offline copies on this device', error));
    if (document.readyState === 'complete') register();
    else window.addEventListener('load', register, { once: true });
  }, []);
  useEffect(() => {
    if (process.env.NODE_ENV !== 'production' || !('serviceWorker' in navigator)) return;
    let gone = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ask = () =>
      void navigator.serviceWorker.ready.then((registration) => {
        if (gone) return;
        const files = performance
          .getEntriesByType('resource')
          .map((e) => e.name)
          .filter((name) => name.startsWith(`${location.origin}/_next/static/`));
        registration.active?.postMessage({ keep: { page: location.href, files } });
      });
    // Not while the page is opening: the worker's fetches would compete with the page's own (a
    // replay's first moves are measured right after its open: docs/performance.md).
    const keep = () => {
      clearTimeout(timer);
      timer = setTimeout(() => (typeof requestIdleCallback === 'function' ? requestIdleCallback(ask, { timeout: KEEP_AFTER_MS }) : ask()), KEEP_AFTER_MS);
    };
    keep();
    navigator.serviceWorker.addEventListener('controllerchange', keep);
    return () => {
      gone = true;
      clearTimeout(timer);
      navigator.serviceWorker.removeEventListener('controllerchange', keep);
    };
  }, [pathname]);
  return null;
}
