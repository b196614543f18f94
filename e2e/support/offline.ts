import type { Page } from '@playwright/test';

/**
 * A read of the page's storage that waits out a navigation under way: a page that has just reached
 * the sign-in page may load once more (the sign-out's forget finishing), which destroys the context
 * an evaluate runs in. Read again once the page has loaded; any other error is thrown.
 */
async function settled<T>(page: Page, read: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (err) {
      if (attempt >= 5 || !/Execution context was destroyed|navigation/i.test(String(err))) throw err;
      await page.waitForLoadState('load').catch(() => undefined);
    }
  }
}

/** Whether this page's service worker has kept a copy of `url` (SPEC SYNC12). */
export function pageKept(page: Page, url: string): Promise<boolean> {
  return settled(page, () => page.evaluate(async (u) => {
    for (const name of await caches.keys()) if (name.endsWith('-pages') && (await (await caches.open(name)).match(u, { ignoreVary: true }))) return true;
    return false;
  }, url));
}

/**
 * The incident as this device keeps it for `incidentId` (lib/client/offline/snapshot-store.ts): its
 * seq and when it was last heard from the server; null when there is none (no database is made).
 */
export function kept(page: Page, incidentId: string): Promise<{ seq: number; asOf: number } | null> {
  return settled(page, () => page.evaluate(
    (id) =>
      new Promise<{ seq: number; asOf: number } | null>((resolve, reject) => {
        const req = indexedDB.open('portline-offline', 1);
        req.onupgradeneeded = () => req.transaction!.abort(); // none yet: nothing kept
        req.onerror = () => resolve(null);
        req.onsuccess = () => {
          const all = req.result.transaction('incidents', 'readonly').objectStore('incidents').getAll();
          all.onsuccess = () => {
            const copy = (all.result as { incidentId: string; asOf: number; state: { seq: number } }[]).find((k) => k.incidentId === id);
            req.result.close();
            resolve(copy ? { seq: copy.state.seq, asOf: copy.asOf } : null);
          };
          all.onerror = () => reject(all.error);
        };
      }),
    incidentId,
  ));
}

/** The addresses the service worker keeps of pages and account reads (built files aside: they are nobody's). */
export function keptPages(page: Page): Promise<string[]> {
  return settled(page, () => page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys())
      if (name.startsWith('portline-offline-') && name.endsWith('-pages')) urls.push(...(await (await caches.open(name)).keys()).map((r) => r.url));
    return urls;
  }));
}
