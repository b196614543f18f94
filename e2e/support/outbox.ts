import { expect, type Page } from '@playwright/test';
import { newId } from '../../lib/client/new-id';
import type { OutboxEntry } from '../../lib/client/outbox-queue';
import { connect, submit } from '../../server/testing/client';

/** What the page's outbox holds in IndexedDB right now (lib/client/outbox-store.ts). */
export function storedOutbox(page: Page): Promise<OutboxEntry[]> {
  return page.evaluate(
    () =>
      new Promise<OutboxEntry[]>((resolve, reject) => {
        const req = indexedDB.open('portline-outbox', 1);
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const all = req.result.transaction('entries', 'readonly').objectStore('entries').getAll();
          all.onsuccess = () => resolve((all.result as OutboxEntry[]).sort((a, b) => a.order - b.order));
          all.onerror = () => reject(all.error);
        };
      }),
  );
}

/** A task in `agency`'s lane made through the API; returns its id and version. */
export async function apiTask(url: string, token: string, incidentId: string, agency: string, title: string) {
  const s = await connect(url, token);
  try {
    const taskId = newId();
    const ack = await submit(s, incidentId, { type: 'CreateTask', taskId, agency, title });
    if (!ack.ok) throw new Error(`create task: ${ack.error.code}`);
    return { taskId, version: ack.seqs[0] };
  } finally {
    s.close();
  }
}

/** Waits until the page says it is offline (10 s after the drop), printing how long the wait was. */
export async function expectOffline(page: Page): Promise<void> {
  const t0 = Date.now();
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'offline', { timeout: 30_000 });
  console.log(`offline shown after waiting ${Date.now() - t0} ms (10 s after the drop)`);
}
