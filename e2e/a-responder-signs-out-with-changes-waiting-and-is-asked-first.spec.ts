import { readLog } from '../server/testing/client';
import { expect, shot, test } from './support/fixtures';
import { expectNoSeriousA11yIssues, WCAG21_AA } from './support/a11y';
import { storedOutbox } from './support/outbox';
import { responderBehindProxy } from './support/proxy';
import { seedHazmatDrill } from './support/seed';

/**
 * SPEC SYNC11: at shift change a responder signs out with a change still waiting (the network is
 * down). The sign-out asks first, with the number of changes not on the server and that they stay
 * on this browser for this account only; "Stay signed in" has the focus and keeps the session, so
 * the change goes out once the network returns. "Sign out anyway" while the server cannot be
 * reached does not pretend: the board stays, signed in, and says the session is still open (the
 * next person would otherwise work as this one). With nothing waiting, signing out asks nothing.
 */
test('a responder who signs out with a change waiting is asked first, and staying keeps the session', async ({ browser, app }) => {
  test.setTimeout(180_000);
  const seed = await seedHazmatDrill(app.url, ['port', 'fire', 'customs']);
  const { proxy, context, page, indicator } = await responderBehindProxy(browser, app, seed, 'en');
  try {
    await proxy.cut();
    await expect(indicator).not.toHaveAttribute('data-state', 'live', { timeout: 15_000 });
    await page.getByTestId('message-input').fill('Handing over to the night shift: tank 7 still cooling');
    await page.getByTestId('message-send').click();
    await expect(page.getByTestId('message-item-pending')).toContainText('Handing over');
    await expect(indicator).toHaveAttribute('data-pending', '1');

    await page.getByTestId('sign-out').click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog.getByTestId('sign-out-warning')).toHaveAttribute('data-count', '1');
    await expect(dialog).toContainText('1 change you made has not reached the server.');
    await expect(dialog).toContainText('for this account only');
    await expect(dialog.getByTestId('sign-out-warning')).toHaveAttribute('data-durable', 'true');
    await expect(dialog.getByTestId('sign-out-warning-lost')).toHaveCount(0);
    await expect(dialog.getByTestId('sign-out-stay')).toBeFocused();
    await expect(dialog.getByTestId('sign-out-anyway')).toHaveText('Sign out anyway');
    await shot(page, 'sign-out-asks-with-one-change-waiting-en');
    await expectNoSeriousA11yIssues(page, 'sign-out question', WCAG21_AA);

    // Stay: nothing signed out, the board and the waiting change are as they were.
    await dialog.getByTestId('sign-out-stay').click();
    await expect(dialog).toHaveCount(0);
    expect(new URL(page.url()).pathname).toBe(`/incidents/${seed.incidentId}`);
    await expect(page.getByTestId('current-user')).toContainText(seed.names.fire);
    await expect(indicator).toHaveAttribute('data-pending', '1');
    // Escape (or Enter on the focused button) stays too.
    await page.getByTestId('sign-out').click();
    await expect(dialog).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    await expect(page.getByTestId('current-user')).toContainText(seed.names.fire);

    // "Sign out anyway" while the server cannot be reached: not signed out, and told so at once.
    await page.getByTestId('sign-out').click();
    await dialog.getByTestId('sign-out-anyway').click();
    const failed = page.getByTestId('sign-out-failed');
    await expect(failed).toBeVisible({ timeout: 15_000 });
    await expect(failed).toContainText(
      'Not signed out: the server could not be reached. Your session is still open on this browser; try again when the connection is back.',
    );
    await expect(failed).toHaveAttribute('data-code', /^(NETWORK|TIMEOUT)$/);
    expect(new URL(page.url()).pathname).toBe(`/incidents/${seed.incidentId}`);
    await expect(page.getByTestId('current-user')).toContainText(seed.names.fire);
    await expect(indicator).toHaveAttribute('data-pending', '1');
    await expect(page.getByTestId('sign-out')).toBeEnabled();
    await expect(failed.getByTestId('sign-out-failed-close')).toBeFocused();
    await shot(page, 'sign-out-failed-server-unreachable-en');
    await expectNoSeriousA11yIssues(page, 'not signed out: server unreachable', WCAG21_AA);
    // Closed, the board is still this responder's, and stays so (nothing sends it to sign-in later).
    await failed.getByTestId('sign-out-failed-close').click();
    await expect(failed).toHaveCount(0);
    expect(new URL(page.url()).pathname).toBe(`/incidents/${seed.incidentId}`);
    await expect(page.getByTestId('current-user')).toContainText(seed.names.fire);
    await expect(indicator).toHaveAttribute('data-pending', '1');

    // The network returns: the session was kept (the server still knows it), so the change goes out, as this responder's.
    const [entry] = await storedOutbox(page);
    await proxy.restore();
    const me = await page.request.get('/api/me');
    expect(me.status()).toBe(200);
    expect(((await me.json()) as { account: { id: string } }).account.id).toBe(seed.users.fire.account.id);
    await expect(indicator).toHaveAttribute('data-state', 'live', { timeout: 30_000 });
    await expect(indicator).toHaveAttribute('data-pending', '0', { timeout: 30_000 });
    const sent = (await readLog(app.url, seed.admin, seed.incidentId)).filter((e) => e.commandId === entry.commandId);
    expect(sent.map((e) => e.actor.userId)).toEqual([seed.users.fire.account.id]);

    // Nothing waiting: signing out asks nothing, and now it reaches the server: the session is over.
    await page.getByTestId('sign-out').click();
    await page.waitForURL((u) => u.pathname.startsWith('/login'));
    await expect(page.getByRole('dialog')).toHaveCount(0);
    expect((await page.request.get('/api/me')).status()).toBe(401);
    await context.close();
  } finally {
    await proxy.stop();
  }
});

/**
 * SPEC SYNC11 (in Chinese): a browser that knows it is offline (navigator.onLine false) still sends
 * the sign-out, which fails at once and says so: not held, without a word, until the network is
 * back, with the board signed in meanwhile. A network that swallows the request without a word
 * gets an answer in the sign-out's 10 s bound, not a button that stays disabled.
 */
test('a responder whose browser knows it is offline is told at once that signing out did not work; a sign-out with no answer gives up in 10 s', async ({
  browser,
  app,
}) => {
  test.setTimeout(180_000);
  const seed = await seedHazmatDrill(app.url, ['port', 'fire', 'customs']);
  const { proxy, context, page, indicator } = await responderBehindProxy(browser, app, seed, 'zh-CN', { what: 'board (zh-CN)' });
  try {
    const signOut = page.getByTestId('sign-out');
    const failed = page.getByTestId('sign-out-failed');

    // The Wi-Fi drops, and the browser knows it. (setOffline alone leaves an open WebSocket open: the cut closes it.)
    await proxy.cut();
    await context.setOffline(true);
    await expect(indicator).not.toHaveAttribute('data-state', 'live', { timeout: 15_000 });
    expect(await page.evaluate(() => navigator.onLine)).toBe(false);
    await page.getByTestId('message-input').fill('交接夜班：7号罐仍在冷却');
    await page.getByTestId('message-send').click();
    await expect(indicator).toHaveAttribute('data-pending', '1');

    await signOut.click();
    await page.getByRole('dialog').getByTestId('sign-out-anyway').click();
    // At once: before the 10 s bound, and not never.
    await expect(failed).toBeVisible({ timeout: 9_000 });
    await expect(failed).toContainText('未能退出登录：无法连接服务器。您在此浏览器上的会话仍然有效；请在网络恢复后重试。');
    await expect(failed).toHaveAttribute('data-code', 'NETWORK');
    await expect(signOut).toBeEnabled();
    expect(new URL(page.url()).pathname).toBe(`/incidents/${seed.incidentId}`);
    await expect(page.getByTestId('current-user')).toContainText(seed.names.fire);
    await expect(indicator).toHaveAttribute('data-pending', '1');
    // All in Chinese: no browser words ("Failed to fetch", "No answer from the server in 10 s.") as a detail.
    await expect(page.getByTestId('sign-out-failed')).not.toContainText(/[A-Za-z]{4,}/);
    await shot(page, 'sign-out-failed-offline-zh-CN');
    await failed.getByTestId('sign-out-failed-close').click();
    await expect(failed).toHaveCount(0);

    // Back online: still signed in on the server, and the change goes out.
    await context.setOffline(false);
    await proxy.restore();
    await expect(indicator).toHaveAttribute('data-state', 'live', { timeout: 30_000 });
    await expect(indicator).toHaveAttribute('data-pending', '0', { timeout: 30_000 });
    expect((await page.request.get('/api/me')).status()).toBe(200);

    // A network that drops the request without a word: the sign-out gives up after 10 s and says so.
    proxy.blackHole(true);
    const pressedAt = Date.now();
    await signOut.click();
    await expect(signOut).toBeDisabled();
    await expect(failed).toBeVisible({ timeout: 25_000 });
    const waited = Date.now() - pressedAt;
    console.log(`black-holed sign-out ended after ${waited} ms`);
    expect(waited).toBeGreaterThanOrEqual(9_000);
    await expect(failed).toHaveAttribute('data-code', 'TIMEOUT');
    await expect(failed).toContainText('未能退出登录：无法连接服务器。');
    await expect(signOut).toBeEnabled();
    expect(new URL(page.url()).pathname).toBe(`/incidents/${seed.incidentId}`);
    // All in Chinese: no browser words ("Failed to fetch", "No answer from the server in 10 s.") as a detail.
    await expect(page.getByTestId('sign-out-failed')).not.toContainText(/[A-Za-z]{4,}/);
    await shot(page, 'sign-out-failed-no-answer-zh-CN');

    // The network passes again: trying again from the message signs out, for real.
    proxy.blackHole(false);
    await failed.getByTestId('sign-out-retry').click();
    await page.waitForURL((u) => u.pathname.startsWith('/login'), { timeout: 30_000 });
    // Asked by the page itself: page.request's kept connection is the one the black hole swallowed bytes of.
    // The sign-in page may still be settling (a navigation of its own destroys the evaluation): asked again then.
    await expect.poll(() => page.evaluate(() => fetch('/api/me').then((r) => r.status)).catch(() => 'navigating'), { timeout: 15_000 }).toBe(401);
    await context.close();
  } finally {
    await proxy.stop();
  }
});
