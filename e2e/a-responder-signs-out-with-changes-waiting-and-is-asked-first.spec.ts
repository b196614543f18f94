import { readLog } from '../server/testing/client';
import { startTcpProxy } from '../server/testing/tcp-proxy';
import { openBoard } from './support/board';
import { expect, shot, signedInContext, test } from './support/fixtures';
import { expectNoSeriousA11yIssues, WCAG21_AA } from './support/a11y';
import { storedOutbox } from './support/outbox';
import { seedHazmatDrill } from './support/seed';

/**
 * SPEC SYNC11: at shift change a responder signs out with a change still waiting (the network is
 * down). The sign-out asks first, with the number of changes not on the server and that they stay
 * on this browser for this account only; "Stay signed in" has the focus and keeps the session, so
 * the change goes out once the network returns. With nothing waiting, signing out asks nothing.
 */
test('a responder who signs out with a change waiting is asked first, and staying keeps the session', async ({ browser, app }) => {
  test.setTimeout(180_000);
  const seed = await seedHazmatDrill(app.url, ['port', 'fire', 'customs']);
  const proxy = await startTcpProxy(app.port);
  try {
    const { context, page } = await signedInContext(browser, proxy.url, seed.names.fire, seed.password(seed.names.fire), 'en');
    await openBoard(page, seed.incidentId);
    const indicator = page.getByTestId('connection-state');

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

    // The network returns: the session was kept, so the change goes out, as this responder's.
    const [entry] = await storedOutbox(page);
    await proxy.restore();
    await expect(indicator).toHaveAttribute('data-state', 'live', { timeout: 30_000 });
    await expect(indicator).toHaveAttribute('data-pending', '0', { timeout: 30_000 });
    const sent = (await readLog(app.url, seed.admin, seed.incidentId)).filter((e) => e.commandId === entry.commandId);
    expect(sent.map((e) => e.actor.userId)).toEqual([seed.users.fire.account.id]);

    // Nothing waiting: signing out asks nothing.
    await page.getByTestId('sign-out').click();
    await page.waitForURL((u) => u.pathname.startsWith('/login'));
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await context.close();
  } finally {
    await proxy.stop();
  }
});
