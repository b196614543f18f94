import { connect } from '../server/testing/client';
import { openBoard } from './support/board';
import { failFeedReads, type FeedFault } from './support/faults';
import { expect, shot, signedInContext, test } from './support/fixtures';
import { seedHazmatDrill } from './support/seed';
import { createTask, issueDisplay, moveTask, openWall } from './support/wall';

/**
 * SPEC SYNC3, SYNC10: a screen whose socket is live but whose incident feed cannot read what is new
 * (the read refused: here a page of another shape than the protocol's, as from a server of another
 * version; or the store away) keeps what it shows, and says it is not up to date, with the time of
 * its last update. Before, it went on showing the old state under "Live": a wall in the command
 * centre with a task still "open" that a responder had taken on minutes before, and nothing to say so.
 * The fault is put between the page and the server (failFeedReads): nothing of the product is
 * changed for it.
 */

test('a wall whose reads are refused says it is not up to date, and catches up by itself once they pass (the time is printed)', async ({ browser, app }) => {
  test.setTimeout(150_000);
  const seed = await seedHazmatDrill(app.url);
  const fire = await connect(app.url, seed.users.fire.token);
  const taskId = await createTask(fire, seed.incidentId, 'fire', '泡沫覆盖泄漏点 Foam blanket on the leak');
  const token = await issueDisplay(app.url, seed.admin, { kind: 'incident', incidentId: seed.incidentId });
  let fault: FeedFault = null;
  const wall = await openWall(browser, app.url, token, { lang: 'both', before: (context) => failFeedReads(context, () => fault) });
  const card = wall.locator(`[data-testid="wall-task"][data-task-id="${taskId}"]`);
  await expect(card).toHaveAttribute('data-status', 'open');
  await expect(wall.getByTestId('connection-state')).toHaveAttribute('data-state', 'live');
  await expect(wall.getByTestId('wall-behind')).toHaveCount(0);

  fault = 'refused';
  await moveTask(fire, app.url, seed.admin, seed.incidentId, taskId, 'acknowledged');
  // At once for a refusal: over the old state, which stays, while the connection is live.
  const behind = wall.getByTestId('wall-behind');
  await expect(behind).toBeVisible();
  await expect(behind).toHaveAttribute('data-code', 'BAD_RESPONSE');
  await expect(behind).toContainText('NOT UP TO DATE');
  await expect(behind).toContainText('未能更新');
  await expect(wall.getByTestId('wall-behind-since')).toContainText(/Last update \d{2}:\d{2}/);
  await expect(wall.getByTestId('wall-behind-code')).toContainText('Why: the server sent an unexpected answer');
  await expect(wall.getByTestId('wall-behind-code')).toContainText('原因：服务器返回了意外的应答');
  await expect(card).toHaveAttribute('data-status', 'open');
  await expect(wall.getByTestId('connection-state')).toHaveAttribute('data-state', 'live');
  await shot(wall, 'wall-not-up-to-date-both-1080p');

  // The reads pass again: the wall tries a refusal again every 30 s by itself (nobody is there to reload it).
  const passed = Date.now();
  fault = null;
  await expect(card).toHaveAttribute('data-status', 'acknowledged', { timeout: 45_000 });
  await expect(behind).toHaveCount(0);
  console.log(`wall not up to date → caught up ${Date.now() - passed} ms after the reads passed again (tried again every 30 s)`);
  fire.close();
  await wall.context().close();
});

test('a responder whose board cannot read the latest changes is told so, and the board catches up once it can', async ({ browser, app }) => {
  test.setTimeout(150_000);
  const seed = await seedHazmatDrill(app.url);
  // The responder's own change from another device (a tablet), heard on the laptop's board.
  const tablet = await connect(app.url, seed.users.fire.token);
  const taskId = await createTask(tablet, seed.incidentId, 'fire', 'Cool tank 7 with water curtain');
  const { context, page } = await signedInContext(browser, app.url, seed.names.fire, seed.password(seed.names.fire), 'en');
  let fault: FeedFault = null;
  await failFeedReads(page, () => fault);
  await openBoard(page, seed.incidentId);
  const card = page.locator(`[data-testid="task-card"][data-task-id="${taskId}"]`);
  await expect(card).toHaveAttribute('data-status', 'open');
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'live');

  // The store away: the feed tries again by itself, and the board says so once it has failed for 10 s.
  fault = 'storeAway';
  const failedFrom = Date.now();
  await moveTask(tablet, app.url, seed.admin, seed.incidentId, taskId, 'acknowledged');
  const banner = page.getByTestId('behind-banner');
  await expect(banner).toBeVisible({ timeout: 30_000 });
  console.log(`board: "not up to date" shown ${Date.now() - failedFrom} ms after its reads began to fail (10 s after the first failure)`);
  await expect(banner).toHaveAttribute('data-code', 'STORE_UNAVAILABLE');
  await expect(banner).toContainText("Not up to date: the board could not read the latest changes (the server's storage is unavailable).");
  await expect(banner).toContainText(/Last update \d{2}:\d{2}(:\d{2})?\. It tries again by itself\./);
  await expect(page.getByTestId('behind-reload')).toHaveCount(0);
  await expect(card).toHaveAttribute('data-status', 'open');
  await shot(page, 'board-not-up-to-date-store-away-en');
  fault = null;
  await expect(card).toHaveAttribute('data-status', 'acknowledged', { timeout: 45_000 });
  await expect(banner).toHaveCount(0);

  // Refused: at once, and not tried again by itself (SYNC10); the person reloads.
  fault = 'refused';
  await moveTask(tablet, app.url, seed.admin, seed.incidentId, taskId, 'in_progress');
  await expect(banner).toBeVisible();
  await expect(banner).toHaveAttribute('data-code', 'BAD_RESPONSE');
  await expect(banner).toContainText('(the server sent an unexpected answer)');
  await expect(page.getByTestId('behind-reload')).toHaveText('Reload the page');
  await expect(card).toHaveAttribute('data-status', 'acknowledged');
  await shot(page, 'board-not-up-to-date-refused-en');
  fault = null;
  await page.getByTestId('behind-reload').click();
  await expect(card).toHaveAttribute('data-status', 'in_progress');
  await expect(banner).toHaveCount(0);
  tablet.close();
  await context.close();
});

test('an overview wall whose list reads fail says it is not up to date, and clears by itself once they pass', async ({ browser, app }) => {
  test.setTimeout(120_000);
  // The overview is made of the list alone (GET /api/display/incidents): failing (5xx, retried
  // without end), it showed the old cards under "Connected" with nothing to say so.
  const seed = await seedHazmatDrill(app.url, ['port', 'fire']);
  const token = await issueDisplay(app.url, seed.admin, { kind: 'active' });
  let failing = false;
  const wall = await openWall(browser, app.url, token, {
    lang: 'en',
    before: async (context) => {
      await context.route(/\/api\/display\/incidents/, (route) =>
        failing
          ? route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ ok: false, error: { code: 'STORE_UNAVAILABLE', message: 'e2e: the store is away' } }) })
          : route.continue(),
      );
    },
  });
  await expect(wall.getByTestId('wall-overview')).toBeVisible();
  await expect(wall.getByTestId('connection-state')).toHaveAttribute('data-state', 'live');

  failing = true;
  const t0 = Date.now();
  // A change: the list hint makes the wall read its list again, and the read fails.
  const fire = await connect(app.url, seed.users.fire.token);
  await createTask(fire, seed.incidentId, 'fire', 'Cool the tank with water curtains');
  fire.close();
  const behind = wall.getByTestId('wall-behind');
  await expect(behind).toBeVisible({ timeout: 40_000 });
  await expect(behind).toHaveAttribute('data-code', 'STORE_UNAVAILABLE');
  await expect(wall.getByTestId('wall-behind-since')).toContainText(/Last update \d{2}:\d{2}/);
  await expect(wall.getByTestId('connection-state')).toHaveAttribute('data-state', 'live');
  console.log(`overview: "not up to date" shown ${Date.now() - t0} ms after its list reads began to fail (10 s after the first failure)`);
  await shot(wall, 'wall-overview-not-up-to-date-en-1080p');

  failing = false;
  const t1 = Date.now();
  await expect(behind).toHaveCount(0, { timeout: 40_000 });
  console.log(`overview: cleared ${Date.now() - t1} ms after the reads passed (retried with backoff, at most 30 s apart)`);
  await wall.context().close();
});
