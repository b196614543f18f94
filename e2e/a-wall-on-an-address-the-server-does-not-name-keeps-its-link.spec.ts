import { newId } from '../lib/client/new-id';
import { connect, submit } from '../server/testing/client';
import { expect, shot, startApp, test } from './support/fixtures';
import { seedHazmatDrill } from './support/seed';
import { issueDisplay, openWall } from './support/wall';

test('a wall opened on an address PUBLIC_URL does not name is told it is not live, keeps its link, and still shows the incident', async ({ browser }) => {
  // The installation's PUBLIC_URL names another address than the one the wall PC uses: its
  // socket's Origin is refused (FORBIDDEN, SPEC AUTH11); its reads over HTTP are not.
  const app = await startApp({ env: { PUBLIC_URL: 'http://portline.port-command.example' } });
  try {
    const seed = await seedHazmatDrill(app.url, ['port', 'fire', 'customs']);
    const token = await issueDisplay(app.url, seed.admin, { kind: 'incident', incidentId: seed.incidentId });
    const wall = await openWall(browser, app.url, token, { lang: 'en' });
    await expect(wall.getByTestId('wall-incident')).toBeVisible({ timeout: 30_000 });
    await expect(wall.getByTestId('display-revoked')).toHaveCount(0);
    await expect(wall.getByTestId('connection-state')).not.toHaveAttribute('data-state', 'live');

    // What happens meanwhile still reaches it, by its reads (every 15 s while the socket is down).
    const fire = await connect(app.url, seed.users.fire.token);
    const text = 'Second foam tender at berth 7';
    expect((await submit(fire, seed.incidentId, { type: 'PostMessage', messageId: newId(), text, toAgency: null, alert: false })).ok).toBe(true);
    await expect(wall.getByTestId('wall-event').filter({ hasText: text })).toBeVisible({ timeout: 30_000 });
    await expect(wall.getByTestId('display-revoked')).toHaveCount(0);
    await shot(wall, 'wall-refused-by-origin-not-live-1080p');

    // Its link was kept: a reload of the tab shows the incident again.
    await wall.reload();
    await expect(wall.getByTestId('wall-incident')).toBeVisible({ timeout: 30_000 });
    await expect(wall.getByTestId('display-revoked')).toHaveCount(0);
    fire.close();
    await wall.context().close();
  } finally {
    await app.stop();
  }
});
