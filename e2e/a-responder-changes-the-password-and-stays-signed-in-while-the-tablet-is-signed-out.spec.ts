import { request } from '../server/testing/client';
import { expect, shot, signedInContext, test } from './support/fixtures';
import { seedHazmatDrill } from './support/seed';

/**
 * SPEC AUTH8: a person's own password change ends every session of the account, the one it was
 * made with too (a stolen copy of that cookie is out), and answers a new cookie. The browser it
 * was made in goes on: its tabs' sockets are cut without `session:ended` and reconnect with the
 * new cookie, never through the sign-in page; another device signed in before is signed out,
 * told why.
 */
test('a responder changes the password: this browser’s tabs go on with a new session, the tablet signed in before is signed out', async ({ browser, app }) => {
  const seed = await seedHazmatDrill(app.url, ['port', 'fire', 'customs']);
  const name = seed.names.fire;
  const laptop = await signedInContext(browser, app.url, name, seed.password(name), 'en');
  const tablet = await signedInContext(browser, app.url, name, seed.password(name), 'en');
  await tablet.page.goto(`/incidents/${seed.incidentId}`);
  await expect(tablet.page.getByTestId('connection-state')).toHaveAttribute('data-state', 'live');

  // A second tab of the laptop's browser: the same cookie, so the same session.
  const board = await laptop.context.newPage();
  await board.goto(`/incidents/${seed.incidentId}`);
  await expect(board.getByTestId('connection-state')).toHaveAttribute('data-state', 'live');
  await laptop.page.goto('/incidents');
  await expect(laptop.page.getByTestId('connection-state')).toHaveAttribute('data-state', 'live');
  const visited: string[] = [];
  for (const p of [laptop.page, board]) p.on('framenavigated', (f) => f === p.mainFrame() && visited.push(new URL(f.url()).pathname));
  const cookie = async () => (await laptop.context.cookies()).find((c) => c.name === 'portline_session')?.value;
  const before = await cookie();

  // From the header (a client navigation: the page's socket stays open meanwhile).
  await laptop.page.locator('a[href="/account/password"]').click();
  await laptop.page.waitForURL(/\/account\/password$/);
  await laptop.page.getByTestId('password-current').fill(seed.password(name));
  await laptop.page.getByTestId('password-new').fill('a-brand-new-fire-password');
  await laptop.page.getByTestId('password-confirm').fill('a-brand-new-fire-password');
  await laptop.page.getByTestId('password-submit').click();
  await laptop.page.waitForURL(/\/incidents$/);

  // The tablet's session ended: the sign-in page, saying why.
  await tablet.page.waitForURL((u) => u.pathname === '/login' && u.searchParams.get('reason') === 'password-changed');
  await expect(tablet.page.getByTestId('session-ended-notice')).toHaveAttribute('data-reason', 'password-changed');

  // The laptop holds a new cookie; the old one is refused.
  const after = await cookie();
  expect(after).toBeTruthy();
  expect(after).not.toBe(before);
  expect((await request(app.url, 'GET', '/api/me', { headers: { cookie: `portline_session=${before}` } })).status).toBe(401);

  // Both tabs reconnect with it and stay where they were: a message sent from the board reaches the server.
  for (const p of [laptop.page, board]) {
    await expect(p.getByTestId('connection-state')).toHaveAttribute('data-state', 'live');
    await expect(p.getByTestId('current-user')).toBeVisible();
  }
  const text = `Still on the board after the new password ${Date.now()}`;
  await board.getByTestId('message-input').fill(text);
  await board.getByTestId('message-send').click();
  await expect
    .poll(async () => JSON.stringify((await request(app.url, 'GET', `/api/incidents/${seed.incidentId}/events?limit=1000`, { token: seed.admin })).json).includes(text), {
      timeout: 15_000,
    })
    .toBe(true);
  expect(new URL(board.url()).pathname).toBe(`/incidents/${seed.incidentId}`);
  expect(visited.filter((p) => p.startsWith('/login'))).toEqual([]);
  await shot(laptop.page, 'password-changed-still-signed-in-en');

  // The tablet signs in again with the new password.
  await tablet.page.getByTestId('login-username').fill(name);
  await tablet.page.getByTestId('login-password').fill('a-brand-new-fire-password');
  await tablet.page.getByTestId('login-submit').click();
  await tablet.page.waitForURL(new RegExp(`/incidents/${seed.incidentId}$`));
  await expect(tablet.page.getByTestId('connection-state')).toHaveAttribute('data-state', 'live');

  await laptop.context.close();
  await tablet.context.close();
});
