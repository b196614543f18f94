import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { IncidentEvent } from '../lib/domain/incident/events';
import { seedLongIncident } from '../server/demo/long-incident';
import { createLogger } from '../server/log';
import { createStore } from '../server/store/create-store';
import type { ServerProcess } from '../server/testing/server-process';
import { expect, makeUser, shot, signedInContext, startApp, test, TEST_ADMIN_PASSWORD } from './support/fixtures';

// A day-long incident: 3,000 events, about 2,600 of them messages.
let dir: string;
let app: ServerProcess;
let events: IncidentEvent[];
const incidentId = randomUUID();

test.beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'portline-long-live-'));
  const store = await createStore({ dataDir: dir });
  try {
    events = await seedLongIncident(store, {
      incidentId,
      events: 3000,
      start: Date.now() - 26 * 3_600_000,
      spanMs: 24 * 3_600_000,
      perBatch: 100,
      adminPassword: TEST_ADMIN_PASSWORD,
      log: createLogger('silent', 'long-live'),
    });
  } finally {
    await store.close();
  }
  app = await startApp({ dataDir: dir });
});
test.afterAll(async () => {
  await app?.stop();
  await rm(dir, { recursive: true, force: true });
});

test('an observer opens a day-long incident: the messages list lays out only what is in view, newest shown, oldest a scroll away', async ({ browser }) => {
  const messages = events.filter((e) => e.type === 'MessagePosted');
  expect(messages.length).toBeGreaterThan(2000);
  const password = await makeUser(app.url, 'long-observer', 'observer', null);
  const { context, page } = await signedInContext(browser, app.url, 'long-observer', password, 'en');
  const t0 = Date.now();
  await page.goto(`/incidents/${incidentId}`);
  const panel = page.getByTestId('messages-panel');
  // The whole log is in: the header counts every message.
  await expect(panel.getByRole('heading')).toContainText(`${messages.length}`, { timeout: 60_000 });
  const newest = (messages.at(-1) as Extract<IncidentEvent, { type: 'MessagePosted' }>).payload.messageId;
  // Whole, not cut off at the list's end (items are measured after they are placed).
  await expect(panel.locator(`[data-message-id="${newest}"]`)).toBeInViewport({ ratio: 1 });
  console.log(`long incident: ${messages.length} messages counted and the newest in view ${Date.now() - t0} ms after navigation`);
  // Only the few in view (and a small overscan) are in the DOM, not thousands.
  expect(await panel.getByTestId('message-item').count()).toBeLessThan(40);
  await shot(page, 'board-long-incident-en-1366');
  // The oldest is a scroll away, in order.
  const oldest = (messages[0] as Extract<IncidentEvent, { type: 'MessagePosted' }>).payload.messageId;
  await panel.getByRole('list').evaluate((el) => el.scrollTo({ top: 0 }));
  await expect(panel.locator(`[data-message-id="${oldest}"]`)).toBeInViewport();
  await context.close();
});

test('REV1: a link to a moment at a checkpoint shows the events before it in the timeline, once the chunk before arrives', async ({ browser }) => {
  const password = await makeUser(app.url, 'long-replayer', 'observer', null);
  const { context, page } = await signedInContext(browser, app.url, 'long-replayer', password, 'en');
  // Seq 2000 is a checkpoint: the moment's own chunk holds only later events; the timeline's
  // come from the chunk before it, which the page loads after showing the moment.
  await page.goto(`/incidents/${incidentId}/replay?seq=2000`);
  await expect(page.getByTestId('replay')).toHaveAttribute('data-rendered-seq', '2000', { timeout: 30_000 });
  const timeline = page.getByTestId('replay-timeline');
  const t0 = Date.now();
  // Newest first: the moment's own event at the top.
  await expect(timeline.getByTestId('timeline-item').first()).toHaveAttribute('data-seq', '2000', { timeout: 10_000 });
  console.log(`replay at a checkpoint: the timeline filled ${Date.now() - t0} ms after the moment rendered`);
  await expect(timeline.getByTestId('timeline-item').nth(1)).toHaveAttribute('data-seq', '1999');
  await context.close();
});
