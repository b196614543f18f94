import { createUser, readLog } from '../server/testing/client';
import { startTcpProxy } from '../server/testing/tcp-proxy';
import { expect, signedInContext, test } from './support/fixtures';
import { kept, pageKept } from './support/offline';
import { storedOutbox } from './support/outbox';
import { seedHazmatDrill } from './support/seed';

/**
 * SPEC PLAN1, SYNC12: the plan's message is written in both languages, the other language's words
 * read from its catalogue, a built file the board reads ahead. The link dies and the commander's
 * browser reloads the board: the page and its files come from the service worker's copies, that
 * catalogue too, so the activation queued offline still says it in both languages.
 */
test('a commander reloads the board on a dead link and activates the emergency plan; its message waits in both languages', async ({ browser, app }) => {
  test.setTimeout(180_000);
  const seed = await seedHazmatDrill(app.url, ['port', 'fire', 'customs', 'medical']);
  const chen = `chen.commander.${Math.random().toString(36).slice(2, 6)}`;
  await createUser(app.url, seed.admin, chen, 'commander', null);
  const proxy = await startTcpProxy(app.port);
  try {
    const { context, page } = await signedInContext(browser, proxy.url, chen, `${chen}-password-ok`, 'zh-CN', { serviceWorkers: 'allow' });
    // Reached inside the app (the list, a row), so the worker keeps the board's page.
    await page.locator(`[data-testid="incident-row"][href="/incidents/${seed.incidentId}"]`).click();
    await page.waitForURL(`**/incidents/${seed.incidentId}`);
    const indicator = page.getByTestId('connection-state');
    await expect(indicator).toHaveAttribute('data-state', 'live', { timeout: 30_000 });
    const boardUrl = page.url();
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 30_000 }).toBe(true);
    // Its first visit to the board: what it read ahead (the plans, the English catalogue) is kept by now.
    await expect.poll(() => pageKept(page, boardUrl), { timeout: 30_000 }).toBe(true);
    const head = (await readLog(app.url, seed.admin, seed.incidentId)).at(-1)!.seq;
    await expect.poll(async () => (await kept(page, seed.incidentId))?.seq, { timeout: 30_000 }).toBe(head);
    await expect(page.getByTestId('activate-plan')).toBeEnabled();

    await proxy.cut();
    await expect(indicator).not.toHaveAttribute('data-state', 'live', { timeout: 15_000 });
    await page.reload();
    await expect(page.getByTestId('incident-board')).toBeVisible({ timeout: 30_000 });
    await expect(indicator).not.toHaveAttribute('data-state', 'live');

    await page.getByTestId('activate-plan').click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByTestId('emergency-plan-action').first()).toBeVisible();
    const count = await dialog.locator('[data-testid="emergency-plan-action"]:checked').count();
    await dialog.getByTestId('dialog-submit').click();
    await expect(dialog).toHaveCount(0, { timeout: 30_000 });
    await expect(indicator).toHaveAttribute('data-pending', String(1 + count), { timeout: 30_000 });
    const queued = await storedOutbox(page);
    const message = queued.find((e) => e.command.type === 'PostMessage')!.command as { text: string };
    console.log(`queued offline: ${queued.length} commands; the message: ${message.text}`);
    expect(message.text).toBe(`已启动危险品泄漏应急预案（共 ${count} 项任务） / Emergency plan activated: Dangerous-goods leak plan (${count} tasks)`);
    const titles = queued.filter((e) => e.command.type === 'CreateTask').map((e) => (e.command as { title: string }).title);
    for (const t of titles) expect(t).toMatch(/^[^/]*[\u4e00-\u9fff][^/]* \/ [A-Za-z]/);
    await context.close();
  } finally {
    await proxy.stop();
  }
});
