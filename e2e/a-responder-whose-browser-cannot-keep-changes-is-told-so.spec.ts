import type { BrowserContext, Locator, Page } from '@playwright/test';
import { expectNoSeriousA11yIssues, WCAG21_AA } from './support/a11y';
import { openBoard, pageWidths } from './support/board';
import { expect, shot, signedInContext, test } from './support/fixtures';
import { seedHazmatDrill } from './support/seed';
import { startTcpProxy } from '../server/testing/tcp-proxy';

/**
 * A browser that will not open IndexedDB (a locked-down agency browser, some private windows, a
 * full disk): from its first script on, every page's `indexedDB.open` throws, as Firefox's
 * private windows did. The outbox then keeps unsent changes in the page only
 * (lib/client/outbox-store.ts), and the person must be told (issue 6: nothing is dropped silently).
 */
async function breakIndexedDb(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    IDBFactory.prototype.open = function (): IDBOpenDBRequest {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    };
  });
}

/** Whether the page's IndexedDB really cannot be opened (the breakage is in place). */
function openFails(page: Page): Promise<string> {
  return page.evaluate(() => {
    try {
      indexedDB.open('probe');
      return 'opened';
    } catch (e) {
      return (e as DOMException).name;
    }
  });
}

/** Two elements' boxes do not overlap. */
async function apart(a: Locator, b: Locator): Promise<boolean> {
  const [x, y] = [(await a.boundingBox())!, (await b.boundingBox())!];
  return x.x + x.width <= y.x || y.x + y.width <= x.x || x.y + x.height <= y.y || y.y + y.height <= x.y;
}

test('a responder whose browser cannot keep unsent changes is told so on every signed-in page; a browser that can shows nothing', async ({ browser, app }) => {
  test.setTimeout(180_000); // real server and browser on a shared 2-core machine
  const seed = await seedHazmatDrill(app.url, ['port', 'fire', 'customs']);
  const fire = seed.names.fire;

  // Signed in (the sign-in page has no outbox), then IndexedDB breaks for every page loaded from now on.
  const { context, page } = await signedInContext(browser, app.url, fire, seed.password(fire), 'en');
  await breakIndexedDb(context);
  await openBoard(page, seed.incidentId);
  expect(await openFails(page)).toBe('SecurityError');
  const warning = page.getByTestId('outbox-not-durable');
  await expect(warning).toBeVisible();
  await expect(warning).toHaveText(/This browser cannot keep unsent changes: do not reload or close this page while offline\./);
  await expect(warning).toHaveAttribute('title', /lost/);
  // Beside the connection indicator, in the header.
  await expect(page.locator('header').getByTestId('outbox-not-durable')).toBeVisible();
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'live');

  // The outbox still works for as long as the page is open: a message goes out once.
  await page.getByTestId('message-input').fill('Hydrant 4 checked, pressure fine');
  await page.getByTestId('message-send').click();
  await expect(page.getByTestId('message-item').filter({ hasText: 'Hydrant 4 checked' })).toHaveCount(1, { timeout: 30_000 });
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-pending', '0', { timeout: 30_000 });
  await expect(warning).toBeVisible(); // persistent: still there after the change went out

  await shot(page, 'outbox-not-durable-board-en');
  await expectNoSeriousA11yIssues(page, 'board where the browser cannot keep unsent changes', WCAG21_AA);

  // On a tablet in portrait the warning fits: no sideways scrolling, clear of the indicator and the person's name.
  await page.setViewportSize({ width: 800, height: 1280 });
  expect((await pageWidths(page)).scrollWidth).toBeLessThanOrEqual(800);
  expect(await apart(warning, page.getByTestId('current-user'))).toBe(true);
  expect(await apart(warning, page.getByTestId('connection-state'))).toBe(true);
  await shot(page, 'outbox-not-durable-board-en-800');
  await page.setViewportSize({ width: 1366, height: 768 });

  // Every signed-in page says so, not only the board.
  await page.goto('/incidents');
  await expect(page.getByTestId('connection-state')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('outbox-not-durable')).toBeVisible();
  await context.close();

  // In Chinese too.
  const zh = await signedInContext(browser, app.url, fire, seed.password(fire), 'zh-CN');
  await breakIndexedDb(zh.context);
  await openBoard(zh.page, seed.incidentId, 'board (zh-CN)');
  const zhWarning = zh.page.getByTestId('outbox-not-durable');
  await expect(zhWarning).toContainText('此浏览器无法保存未发送的更改：离线时请勿刷新或关闭此页面。');
  await expect(zhWarning).toHaveAttribute('title', /丢失/);
  await shot(zh.page, 'outbox-not-durable-board-zh-CN');
  await zh.context.close();

  // Control: a browser whose IndexedDB works. Once the outbox has opened its database, no warning.
  const ok = await signedInContext(browser, app.url, fire, seed.password(fire), 'en');
  await openBoard(ok.page, seed.incidentId, 'board (IndexedDB works)');
  await expect
    .poll(() => ok.page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name)), { timeout: 30_000 })
    .toContain('portline-outbox');
  await expect(ok.page.getByTestId('connection-state')).toHaveAttribute('data-state', 'live');
  await expect(ok.page.getByTestId('outbox-not-durable')).toHaveCount(0);
  await shot(ok.page, 'outbox-durable-board-en');
  await ok.context.close();
});

/** What the sign-out question says of the unsent changes, by where the browser keeps them (messages/*.json, header.signOutWarning). */
const SIGN_OUT_SAYS = {
  en: { lost: 'if you sign out now, they are lost and never reach the board', kept: 'they stay on this browser' },
  'zh-CN': { lost: '如果现在退出登录，这些更改将会丢失，永远不会送达看板', kept: '仍保存在此浏览器中' },
} as const;

/**
 * SPEC SYNC11 where the outbox is in the page's memory: signing out with a change waiting asks
 * first, as everywhere, but says the change would be lost (the account's outbox goes when the
 * page signs out), not that it stays on this browser. Staying keeps it, and it goes out.
 */
test('a responder whose browser cannot keep unsent changes is told, before signing out, that they would be lost', async ({ browser, app }) => {
  test.setTimeout(180_000);
  const seed = await seedHazmatDrill(app.url, ['port', 'fire', 'customs']);
  const fire = seed.names.fire;
  const proxy = await startTcpProxy(app.port);
  try {
    for (const locale of ['en', 'zh-CN'] as const) {
      const { context, page } = await signedInContext(browser, proxy.url, fire, seed.password(fire), locale);
      await breakIndexedDb(context);
      await openBoard(page, seed.incidentId, `board (${locale}, no IndexedDB)`);
      expect(await openFails(page)).toBe('SecurityError');
      await expect(page.getByTestId('outbox-not-durable')).toBeVisible();
      const indicator = page.getByTestId('connection-state');
      await expect(indicator).toHaveAttribute('data-state', 'live');

      // The network drops; a message waits, in this page only.
      await proxy.cut();
      await expect(indicator).not.toHaveAttribute('data-state', 'live', { timeout: 15_000 });
      await page.getByTestId('message-input').fill(`Tank 7 still cooling (${locale})`);
      await page.getByTestId('message-send').click();
      await expect(page.getByTestId('message-item-pending')).toContainText('Tank 7 still cooling');
      await expect(indicator).toHaveAttribute('data-pending', '1');

      await page.getByTestId('sign-out').click();
      const dialog = page.getByRole('dialog');
      await expect(dialog).toBeVisible();
      const warning = dialog.getByTestId('sign-out-warning');
      await expect(warning).toHaveAttribute('data-count', '1');
      await expect(warning).toHaveAttribute('data-durable', 'false');
      await expect(dialog.getByTestId('sign-out-warning-lost')).toContainText(SIGN_OUT_SAYS[locale].lost);
      await expect(dialog).not.toContainText(SIGN_OUT_SAYS[locale].kept);
      // The same question otherwise: staying is focused, signing out anyway is still there.
      await expect(dialog.getByTestId('sign-out-stay')).toBeFocused();
      await expect(dialog.getByTestId('sign-out-anyway')).toBeVisible();
      await shot(page, `sign-out-asks-changes-would-be-lost-${locale}`);
      if (locale === 'en') await expectNoSeriousA11yIssues(page, 'sign-out question where changes would be lost', WCAG21_AA);

      // Staying keeps the change: once the network is back it goes out.
      await dialog.getByTestId('sign-out-stay').click();
      await expect(dialog).toHaveCount(0);
      await proxy.restore();
      await expect(indicator).toHaveAttribute('data-state', 'live', { timeout: 30_000 });
      await expect(indicator).toHaveAttribute('data-pending', '0', { timeout: 30_000 });
      await context.close();
    }
  } finally {
    await proxy.stop();
  }
});
