import { connect, submit } from '../server/testing/client';
import { newId } from '../lib/client/new-id';
import { KEEP_EVERY_MS } from '../lib/client/offline/keeper';
import { expect, signedInContext, test } from './support/fixtures';
import { kept, keptPages, pageKept } from './support/offline';
import { seedHazmatDrill } from './support/seed';

/**
 * SPEC SYNC12 across tabs: a shared laptop in the fire crew's van has the hazmat board open in two
 * tabs, kept on the device for a dead link (the pages, the account's reads, the incident). Tasks
 * keep coming from the command post, so both tabs' keepers keep writing. The responder signs out in
 * the first tab: both tabs leave for the sign-in page, and nothing of theirs stays on the laptop,
 * not even a copy the second tab was about to write when the first forgot (its keeper is told,
 * announceForget, and its own sign-in page forgets again: either one alone passes this); the next
 * person to open the browser finds none, including after a keeper's next periodic write.
 */
test('SYNC12: a responder signs out in one tab while the board updates in another; the laptop keeps nothing of theirs', async ({ browser, app }) => {
  test.setTimeout(120_000);
  const seed = await seedHazmatDrill(app.url, ['port', 'fire', 'customs']);
  const { context, page } = await signedInContext(browser, app.url, seed.names.fire, seed.password(seed.names.fire), 'en', { serviceWorkers: 'allow' });
  const openInside = async (p: typeof page) => {
    await p.locator(`[data-testid="incident-row"][href="/incidents/${seed.incidentId}"]`).click();
    await p.waitForURL(`**/incidents/${seed.incidentId}`);
    await expect(p.getByTestId('connection-state')).toHaveAttribute('data-state', 'live', { timeout: 30_000 });
  };
  await openInside(page);
  const boardUrl = page.url();
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 30_000 }).toBe(true);
  await expect.poll(() => pageKept(page, boardUrl), { timeout: 30_000 }).toBe(true);
  const second = await context.newPage();
  await second.goto('/incidents');
  await openInside(second);
  await expect.poll(async () => (await kept(second, seed.incidentId)) !== null, { timeout: 30_000 }).toBe(true);

  // The command post keeps adding tasks for Fire and Rescue: each tab's keeper writes again.
  const post = await connect(app.url, seed.admin);
  let posting = true;
  let posted = 0;
  const feed = (async () => {
    while (posting) {
      const ack = await submit(post, seed.incidentId, { type: 'CreateTask', taskId: newId(), agency: 'fire', title: `Cool tank ${7 + (posted % 3)}: check the water curtain (${posted + 1})` });
      if (ack.ok) posted++;
      await new Promise((r) => setTimeout(r, 150));
    }
  })();
  // Stopped whatever happens: the server is the worker's, shared with the specs after this one.
  try {
    await expect(second.getByTestId('task-card')).not.toHaveCount(0, { timeout: 15_000 });
    const before = await kept(second, seed.incidentId);
    await expect.poll(async () => (await kept(second, seed.incidentId))?.seq ?? 0, { timeout: 15_000 }).toBeGreaterThan(before?.seq ?? 0);

    const out = Date.now();
    await page.getByTestId('sign-out').click();
    await page.waitForURL('**/login**', { timeout: 30_000 });
    await second.waitForURL('**/login**', { timeout: 30_000 });
    console.log(`both tabs at the sign-in page ${Date.now() - out} ms after the sign-out; ${posted} tasks posted meanwhile`);
    await expect.poll(() => kept(page, seed.incidentId), { timeout: 15_000 }).toBeNull();
    await expect.poll(() => keptPages(page), { timeout: 15_000 }).toEqual([]);
    // Still nothing once a keeper's next periodic write would have come, the events still coming to nobody.
    await page.waitForTimeout(KEEP_EVERY_MS + 1_000);
  } finally {
    posting = false;
    await feed.catch(() => undefined);
    post.close();
  }
  expect(await kept(second, seed.incidentId)).toBeNull();
  expect(await keptPages(second)).toEqual([]);
  await context.close();
});
