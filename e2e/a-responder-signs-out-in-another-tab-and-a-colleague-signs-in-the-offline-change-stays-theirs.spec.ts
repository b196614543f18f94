import type { Page } from '@playwright/test';
import { readLog } from '../server/testing/client';
import { openBoard } from './support/board';
import { expect, shot, test } from './support/fixtures';
import { storedOutbox } from './support/outbox';
import { responderBehindProxy } from './support/proxy';
import { seedHazmatDrill } from './support/seed';

async function signInOn(page: Page, username: string, password: string): Promise<void> {
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/**
 * SPEC SYNC11. Two tabs of one browser share the session cookie. Tab 1 is the fire responder's,
 * cut off (through a TCP proxy, e2e/a-responder-keeps-working-through-a-network-drop.spec.ts)
 * with a message waiting in its outbox. In tab 2 (the server reached directly: same host, same
 * cookie) the responder signs out and a customs colleague signs in. When tab 1's network comes
 * back its socket reconnects with the colleague's cookie: the message must not go out, least of
 * all under the colleague's name. Tab 1 reads again who is signed in (the colleague: their board,
 * nothing pending); the message stays in the browser under the fire responder's account, and goes
 * out, as theirs, when they sign in here again.
 */
test("a responder's offline change never goes out as the colleague who signed in in another tab", async ({ browser, app }) => {
  test.setTimeout(240_000);
  const seed = await seedHazmatDrill(app.url, ['port', 'fire', 'customs']);
  const [fire, customs] = [seed.names.fire, seed.names.customs];
  const { proxy, context, page: tab1 } = await responderBehindProxy(browser, app, seed, 'en');
  try {
    await expect(tab1.getByTestId('current-user')).toContainText(fire);

    // Tab 1 loses the network; the fire responder posts a message: it waits in the outbox.
    await proxy.cut();
    await expect(tab1.getByTestId('connection-state')).not.toHaveAttribute('data-state', 'live', { timeout: 15_000 });
    await tab1.getByTestId('message-input').fill('Hydrant 4 open on the north side');
    await tab1.getByTestId('message-send').click();
    await expect(tab1.getByTestId('message-item-pending')).toContainText('Hydrant 4 open');
    await expect(tab1.getByTestId('connection-state')).toHaveAttribute('data-pending', '1');
    const [entry] = await storedOutbox(tab1);
    expect(entry).toMatchObject({ accountId: seed.users.fire.account.id, state: 'pending' });

    // Tab 2, same browser: the fire responder signs out (nothing waits in this tab), the customs colleague signs in.
    const tab2 = await context.newPage();
    await tab2.goto(`${app.url}/incidents`);
    await expect(tab2.getByTestId('current-user')).toContainText(fire, { timeout: 30_000 });
    await tab2.getByTestId('sign-out').click();
    await tab2.waitForURL((u) => u.pathname.startsWith('/login'));
    // The session's end also reaches this tab's own socket (session:ended: the sign-in page once more); let it land.
    await tab2.waitForTimeout(1_000);
    await tab2.goto(`${app.url}/login`);
    await signInOn(tab2, customs, seed.password(customs));
    await expect(tab2.getByTestId('current-user')).toContainText(customs, { timeout: 30_000 });

    // Tab 1's network returns: its socket reconnects with the colleague's cookie.
    const back = Date.now();
    await proxy.restore();
    await expect(tab1.getByTestId('connection-state')).toHaveAttribute('data-state', 'live', { timeout: 30_000 });
    await tab1.waitForTimeout(2_000); // a message sent on that connection would be in the log by now
    const log = await readLog(app.url, seed.admin, seed.incidentId);
    expect(log.filter((e) => e.commandId === entry.commandId).map((e) => e.actor.name)).toEqual([]);
    expect(log.filter((e) => e.actor.userId === seed.users.customs.account.id)).toEqual([]);

    // Tab 1 is the colleague's now, with nothing of theirs pending; the message is still the fire responder's.
    await expect(tab1.getByTestId('current-user')).toContainText(customs, { timeout: 30_000 });
    console.log(`tab 1 showed the colleague ${Date.now() - back} ms after the network returned`);
    await expect(tab1.getByTestId('incident-board')).toBeVisible({ timeout: 30_000 });
    await expect(tab1.getByTestId('connection-state')).toHaveAttribute('data-pending', '0');
    await expect(tab1.getByTestId('message-item-pending')).toHaveCount(0);
    expect(await storedOutbox(tab1)).toMatchObject([{ commandId: entry.commandId, accountId: seed.users.fire.account.id, state: 'pending' }]);
    await shot(tab1, 'outbox-kept-for-its-account-colleague-signed-in-en');

    // The fire responder signs in again in tab 1: the kept message goes out, as theirs.
    await tab1.getByTestId('sign-out').click(); // the colleague has nothing waiting: no question
    await tab1.waitForURL((u) => u.pathname.startsWith('/login'));
    await tab1.waitForTimeout(1_000);
    await tab1.goto('/login');
    await signInOn(tab1, fire, seed.password(fire));
    await openBoard(tab1, seed.incidentId, 'board of the fire responder again');
    await expect(tab1.getByTestId('connection-state')).toHaveAttribute('data-pending', '0', { timeout: 30_000 });
    expect(await storedOutbox(tab1)).toEqual([]);
    const sent = (await readLog(app.url, seed.admin, seed.incidentId)).filter((e) => e.commandId === entry.commandId);
    expect(sent.map((e) => e.actor.userId)).toEqual([seed.users.fire.account.id]);
    await expect(tab1.getByTestId('message-item').filter({ hasText: 'Hydrant 4 open' })).toHaveCount(1);
    await context.close();
  } finally {
    await proxy.stop();
  }
});
