import { newId } from '../lib/client/new-id';
import { connect, submit } from '../server/testing/client';
import { expect, shot, signedInContext, test, TEST_ADMIN_PASSWORD } from './support/fixtures';
import { seedHazmatDrill } from './support/seed';
import { issueDisplay } from './support/wall';

test('an admin opens the display link on the wall PC where they signed in, signs out, and the wall goes on showing the incident', async ({ browser, app }) => {
  const seed = await seedHazmatDrill(app.url, ['port', 'fire', 'customs']);
  const token = await issueDisplay(app.url, seed.admin, { kind: 'incident', incidentId: seed.incidentId });
  // The admin signs in on the wall PC's browser, then opens the link in a tab of that browser.
  const admin = await signedInContext(browser, app.url, 'admin', TEST_ADMIN_PASSWORD, 'en', { viewport: { width: 1920, height: 1080 } });
  const wall = await admin.context.newPage();
  await wall.goto(`/display?lang=en#t=${token}`);
  await expect(wall.getByTestId('wall-incident')).toBeVisible({ timeout: 30_000 });
  await expect(wall.getByTestId('connection-state')).toHaveAttribute('data-state', 'live');

  // The admin signs out in the other tab: their session ends, and its sockets are told.
  const out = await admin.page.request.post('/api/auth/sign-out', { headers: { 'Content-Type': 'application/json' }, data: {} });
  expect(out.status()).toBe(200);
  // The wall is the display link's: it stays, live, and still shows what happens.
  const fire = await connect(app.url, seed.users.fire.token);
  const text = 'Foam tender at berth 7, wind from the north-east';
  const ack = await submit(fire, seed.incidentId, { type: 'PostMessage', messageId: newId(), text, toAgency: null, alert: false });
  expect(ack.ok).toBe(true);
  await expect(wall.getByTestId('wall-event').filter({ hasText: text })).toBeVisible();
  await wall.waitForTimeout(1_500); // what a session's end would have done by now: gone to sign in
  expect(new URL(wall.url()).pathname).toBe('/display');
  await expect(wall.getByTestId('connection-state')).toHaveAttribute('data-state', 'live');
  await shot(wall, 'wall-after-the-admin-signed-out-in-that-browser-1080p');
  fire.close();
  await admin.context.close();
});
