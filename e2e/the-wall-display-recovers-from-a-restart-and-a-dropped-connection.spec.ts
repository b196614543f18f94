import type { Page } from '@playwright/test';
import { connect, signIn } from '../server/testing/client';
import { startTcpProxy } from '../server/testing/tcp-proxy';
import { expect, shot, startApp, test } from './support/fixtures';
import { seedHazmatDrill } from './support/seed';
import { createTask, expectWallEqualsServer, issueDisplay, moveTask, openWall, serverState } from './support/wall';

/** Waits for the whole-screen stale warning, then for it to clear; returns how long each took (ms from `t0`). */
async function staleThenLive(page: Page, t0: number, between: () => Promise<void>) {
  await expect(page.getByTestId('wall-stale')).toBeVisible({ timeout: 30_000 });
  const staleAfter = Date.now() - t0;
  await expect(page.getByTestId('wall-stale')).toContainText(/\d\d:\d\d:\d\d/);
  await shot(page, 'wall-stale-warning-1080p');
  const t1 = Date.now();
  await between();
  await expect(page.getByTestId('wall-stale')).toHaveCount(0, { timeout: 30_000 });
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'live');
  return { staleAfter, recoveredAfter: Date.now() - t1 };
}

test.describe.configure({ mode: 'serial' });

test('the wall display rides out a server restart: warns after 10 s, then catches up by itself', async ({ browser }) => {
  test.setTimeout(120_000);
  const app = await startApp();
  try {
    const seed = await seedHazmatDrill(app.url, ['port', 'fire', 'customs', 'medical']);
    const fire = await connect(app.url, seed.users.fire.token);
    const a = await createTask(fire, seed.incidentId, 'fire', 'Cool the tank with water curtains');
    const b = await createTask(fire, seed.incidentId, 'fire', 'Gas detection at the fence line');
    fire.close();
    const token = await issueDisplay(app.url, seed.admin, { kind: 'incident', incidentId: seed.incidentId });
    const wall = await openWall(browser, app.url, token, { lang: 'en' });
    await expect(wall.locator(`[data-testid="wall-task"][data-task-id="${a}"]`)).toBeVisible();
    await expect(wall.getByTestId('connection-state')).toHaveAttribute('data-state', 'live');

    const t0 = Date.now();
    await app.stop({ keepData: true });
    const { staleAfter, recoveredAfter } = await staleThenLive(wall, t0, async () => {
      await app.start();
      // Changes made by another client after the restart, while the screen is still away or catching up.
      const admin = await signIn(app.url);
      const cmd = await connect(app.url, admin);
      await moveTask(cmd, app.url, admin, seed.incidentId, a, 'acknowledged');
      await moveTask(cmd, app.url, admin, seed.incidentId, b, 'acknowledged');
      await moveTask(cmd, app.url, admin, seed.incidentId, b, 'blocked', 'Detector battery flat');
      await createTask(cmd, seed.incidentId, 'customs', 'Hold containers of bay 12');
      cmd.close();
    });
    console.log(`server restart: stale warning after ${staleAfter} ms; warning cleared ${recoveredAfter} ms after the restart began`);
    expect(wall.url()).toContain('/display');
    await expect(wall.getByTestId('display-revoked')).toHaveCount(0);
    await expectWallEqualsServer(wall, await serverState(app.url, await signIn(app.url), seed.incidentId));
    await shot(wall, 'wall-after-restart-en-1080p');
    await wall.context().close();
  } finally {
    await app.stop();
  }
});

test('the wall display rides out a dropped network: warns, then catches up when the network is back', async ({ browser, app }) => {
  test.setTimeout(120_000);
  const seed = await seedHazmatDrill(app.url, ['port', 'fire', 'customs', 'medical']);
  const fire = await connect(app.url, seed.users.fire.token);
  const a = await createTask(fire, seed.incidentId, 'fire', 'Evacuate berth 4 offices');
  const token = await issueDisplay(app.url, seed.admin, { kind: 'incident', incidentId: seed.incidentId });
  const proxy = await startTcpProxy(app.port);
  try {
    const wall = await openWall(browser, proxy.url, token, { lang: 'zh-CN' });
    await expect(wall.locator(`[data-testid="wall-task"][data-task-id="${a}"]`)).toBeVisible();
    await expect(wall.getByTestId('connection-state')).toHaveAttribute('data-state', 'live');

    const t0 = Date.now();
    await proxy.cut();
    // Meanwhile, straight to the server: a status change and a new task.
    await moveTask(fire, app.url, seed.admin, seed.incidentId, a, 'acknowledged');
    await createTask(fire, seed.incidentId, 'fire', 'Second foam tender to gate 3');
    const { staleAfter, recoveredAfter } = await staleThenLive(wall, t0, () => proxy.restore());
    console.log(`dropped network: stale warning after ${staleAfter} ms; warning cleared ${recoveredAfter} ms after the network came back`);
    await expectWallEqualsServer(wall, await serverState(app.url, seed.admin, seed.incidentId));
    await wall.context().close();
  } finally {
    fire.close();
    await proxy.stop();
  }
});
