import { api, connect, logIntegrity, readLog, submit } from '../server/testing/client';
import { openBoard, serverState } from './support/board';
import { startTcpProxy } from '../server/testing/tcp-proxy';
import { expect, shot, signedInContext, test } from './support/fixtures';
import { kept, keptPages, pageKept } from './support/offline';
import { apiTask, expectOffline, storedOutbox } from './support/outbox';
import { seedHazmatDrill } from './support/seed';

/**
 * SPEC SYNC12. On a quay the link dies and the laptop's browser reloads the page (a person presses
 * F5 to "fix" it, a tab crashed, the laptop woke from sleep): the board must still be there, with
 * the incident as this device last had it and the changes waiting in the outbox, and take more.
 * The browser reaches the server through a TCP proxy whose cut refuses every connection, the
 * service worker's too (Playwright's setOffline does not reach a service worker). The board is
 * reached the way a person does, inside the app (sign in, the list, a row): the worker never saw
 * that page load, it is asked to keep it (OfflineWorker).
 */
test('a responder reloads the board on a dead link and keeps working; every change is applied once when the link returns', async ({
  browser,
  app,
}) => {
  test.setTimeout(240_000);
  const seed = await seedHazmatDrill(app.url, ['port', 'fire', 'customs']);
  const task = await apiTask(app.url, seed.admin, seed.incidentId, 'fire', '7号罐水幕冷却 Cool tank 7 with water curtain');
  const other = await apiTask(app.url, seed.admin, seed.incidentId, 'fire', '北侧围栏气体检测 Gas detection at the north fence');
  const proxy = await startTcpProxy(app.port);
  try {
    const { context, page } = await signedInContext(browser, proxy.url, seed.names.fire, seed.password(seed.names.fire), 'zh-CN', {
      serviceWorkers: 'allow',
    });
    const row = page.locator(`[data-testid="incident-row"][href="/incidents/${seed.incidentId}"]`);
    await row.click();
    await page.waitForURL(`**/incidents/${seed.incidentId}`);
    const indicator = page.getByTestId('connection-state');
    await expect(indicator).toHaveAttribute('data-state', 'live', { timeout: 30_000 });
    const boardUrl = page.url();
    // The worker controls the page, has kept it (a page reached inside the app), and the device
    // keeps the incident at its head.
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 30_000 }).toBe(true);
    const t0 = Date.now();
    await expect.poll(() => pageKept(page, boardUrl), { timeout: 30_000 }).toBe(true);
    const head = (await readLog(app.url, seed.admin, seed.incidentId)).at(-1)!.seq;
    await expect.poll(async () => (await kept(page, seed.incidentId))?.seq, { timeout: 30_000 }).toBe(head);
    console.log(`board page and incident (seq ${head}) kept ${Date.now() - t0} ms after it went live`);

    // Online, nothing comes from a copy: the admin renames the responder, and a reload shows the
    // new name (the account read was kept with the old one).
    const renamed = `${seed.names.fire} 王消防`;
    expect((await api(app.url, 'PATCH', `/api/accounts/${seed.users.fire.account.id}`, seed.admin, { displayName: renamed })).status).toBe(200);
    await page.reload();
    await expect(page.getByTestId('current-user')).toContainText(renamed);
    await expect(indicator).toHaveAttribute('data-state', 'live', { timeout: 30_000 });
    // Started from the device's copy, it says so until the catch-up has shown the server's head.
    await expect(page.getByTestId('stale-banner')).toHaveCount(0, { timeout: 30_000 });

    // The link dies; one change made before the reload.
    const cutAt = Date.now();
    await proxy.cut();
    await expect(indicator).not.toHaveAttribute('data-state', 'live', { timeout: 15_000 });
    const card = page.locator(`[data-testid="task-card"][data-task-id="${task.taskId}"]`);
    await card.getByTestId('task-next-status').click();
    await expect(card).toHaveAttribute('data-pending', 'true');
    await expect(indicator).toHaveAttribute('data-pending', '1');

    // Reload on the dead link: the page, its files and the account come from the worker's copies,
    // the incident from the device's, the waiting change from the outbox.
    const reloading = Date.now();
    await page.reload();
    await expect(page.getByTestId('incident-board')).toBeVisible({ timeout: 30_000 });
    console.log(`board shown ${Date.now() - reloading} ms after a reload with no network`);
    await expect(page.getByTestId('current-user')).toContainText(renamed);
    await expect(card).toHaveAttribute('data-status', 'open');
    await expect(card).toHaveAttribute('data-pending', 'true');
    await expect(page.locator(`[data-testid="task-card"][data-task-id="${other.taskId}"]`)).toBeVisible();
    await expect(indicator).toHaveAttribute('data-pending', '1', { timeout: 30_000 });
    await expect(indicator).not.toHaveAttribute('data-state', 'live');
    // Its notice says how old the device's copy is: when it was last heard from the server, not the
    // reload (read from the copy the page loaded; nothing is written while offline).
    const asOf = (await kept(page, seed.incidentId))!.asOf;
    expect(asOf).toBeLessThan(reloading);
    const two = (n: number) => String(n).padStart(2, '0');
    const asOfTime = `${two(new Date(asOf).getHours())}:${two(new Date(asOf).getMinutes())}`;
    // (Past midnight since, the notice gives the copy's date too: "12/06 23:59".)
    await expect(page.getByTestId('stale-banner')).toContainText(new RegExp(`本设备保存的副本（截至 (\\d\\d/\\d\\d )?${asOfTime}）`));

    // It takes more work: the other task moves on and a message, both waiting.
    const otherCard = page.locator(`[data-testid="task-card"][data-task-id="${other.taskId}"]`);
    await otherCard.getByTestId('task-next-status').click();
    await expect(otherCard).toHaveAttribute('data-pending', 'true');
    await page.getByTestId('message-input').fill('北侧水幕已开启 Water curtain up on the north side');
    await page.getByTestId('message-send').click();
    await expect(page.getByTestId('message-item-pending')).toContainText('Water curtain up');
    await expectOffline(page);
    await expect(indicator).toHaveAttribute('data-pending', '3');
    // "Offline since" the browser last heard from the server before the cut (kept across the
    // reload: its live page wrote it once a second), not since the reload.
    const since = Number(await indicator.getAttribute('data-since'));
    console.log(`offline since ${cutAt - since} ms before the cut, ${reloading - since} ms before the reload`);
    expect(since).toBeLessThanOrEqual(cutAt);
    expect(since).toBeGreaterThan(cutAt - 7_000);
    const sinceTime = `${two(new Date(since).getHours())}:${two(new Date(since).getMinutes())}`;
    await expect(indicator).toContainText(new RegExp(`自 (\\d\\d/\\d\\d )?${sinceTime} 起离线`));
    await shot(page, 'board-reloaded-on-a-dead-link-three-pending-zh');
    const queued = await storedOutbox(page);
    expect(queued.map((e) => e.command.type)).toEqual(['ChangeTaskStatus', 'ChangeTaskStatus', 'PostMessage']);

    // The link returns: sent in order, each applied once; the board is the server's.
    const back = Date.now();
    await proxy.restore();
    await expect(indicator).toHaveAttribute('data-state', 'live', { timeout: 60_000 });
    await expect(indicator).toHaveAttribute('data-pending', '0', { timeout: 30_000 });
    console.log(`outbox drained ${Date.now() - back} ms after the link returned`);
    const log = await readLog(app.url, seed.admin, seed.incidentId);
    const ids = queued.map((q) => q.commandId);
    expect(logIntegrity(log, ids)).toEqual({ gaps: 0, duplicates: 0, missing: [] });
    expect(log.filter((e) => ids.includes(e.commandId)).map((e) => e.commandId)).toEqual(ids);
    await expect(card).toHaveAttribute('data-status', 'acknowledged');
    await expect(otherCard).toHaveAttribute('data-status', 'acknowledged');
    await expect(page.getByTestId('message-item').filter({ hasText: 'Water curtain up' })).toHaveCount(1);
    await expect(page.getByTestId('task-card-pending')).toHaveCount(0);
    await shot(page, 'board-after-the-link-returned-zh');

    // The admin ends the responder's sessions (a laptop left on the quay): the board goes to the
    // sign-in page, and the device's copies go with the session; the next person finds none.
    expect((await keptPages(page)).length).toBeGreaterThan(0);
    expect((await api(app.url, 'PATCH', `/api/accounts/${seed.users.fire.account.id}`, seed.admin, { disabled: true })).status).toBe(200);
    await page.waitForURL('**/login**', { timeout: 30_000 });
    await expect.poll(() => keptPages(page), { timeout: 15_000 }).toEqual([]);
    await expect.poll(() => kept(page, seed.incidentId), { timeout: 15_000 }).toBeNull();
    await context.close();
  } finally {
    await proxy.stop();
  }
});

/**
 * SPEC SYNC12, AUTH5: the device keeps only what the person may still read. Fire and Rescue is
 * taken out of the incident; the responder's next load of the board starts from the device's copy,
 * the server refuses it, and the board shows the refusal (as a first load would), not the copy,
 * which is forgotten.
 */
test('a responder whose agency was taken out is shown the refusal on the next load, not the copy the device kept, and the copy goes', async ({ browser, app }) => {
  test.setTimeout(120_000);
  const seed = await seedHazmatDrill(app.url, ['port', 'fire', 'customs']);
  // (An agency holding open tasks cannot be taken out: the task is Customs'.)
  await apiTask(app.url, seed.admin, seed.incidentId, 'customs', 'Hold containers of bay 12');
  const { context, page } = await signedInContext(browser, app.url, seed.names.fire, seed.password(seed.names.fire), 'en');
  await openBoard(page, seed.incidentId);
  const head = (await readLog(app.url, seed.admin, seed.incidentId)).at(-1)!.seq;
  await expect.poll(async () => (await kept(page, seed.incidentId))?.seq, { timeout: 30_000 }).toBe(head);

  const s = await connect(app.url, seed.admin);
  const version = (await serverState(app.url, seed.admin, seed.incidentId)).version;
  const ack = await submit(s, seed.incidentId, { type: 'UpdateIncident', expectedVersion: version, agencies: ['port', 'customs'] });
  expect(ack.ok, JSON.stringify(ack)).toBe(true);
  s.close();

  await page.reload();
  await expect(page.getByTestId('error-message')).toHaveAttribute('data-code', 'FORBIDDEN', { timeout: 30_000 });
  await expect(page.getByTestId('incident-board')).toHaveCount(0);
  await expect.poll(() => kept(page, seed.incidentId), { timeout: 15_000 }).toBeNull();
  await shot(page, 'board-refused-after-agency-taken-out-copy-forgotten-en');
  await context.close();
});
