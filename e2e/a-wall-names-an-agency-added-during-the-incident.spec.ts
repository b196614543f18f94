import { api, connect, submit } from '../server/testing/client';
import { expect, shot, test } from './support/fixtures';
import { seedHazmatDrill } from './support/seed';
import { issueDisplay, openWall } from './support/wall';
import { serverState } from './support/board';

test('an admin adds an agency during the incident and the open wall names and colours its column without a reload', async ({ browser, app }) => {
  const seed = await seedHazmatDrill(app.url, ['port', 'fire', 'customs']);
  const token = await issueDisplay(app.url, seed.admin, { kind: 'incident', incidentId: seed.incidentId });
  const wall = await openWall(browser, app.url, token, { lang: 'en' });
  await expect(wall.getByTestId('wall-column')).toHaveCount(3);
  await expect(wall.getByTestId('connection-state')).toHaveAttribute('data-state', 'live');

  // Scenario C: the bonded-zone operator is brought in. The admin creates it; the commander adds it.
  const code = `bonded-${Math.random().toString(36).slice(2, 6)}`;
  const created = await api(app.url, 'POST', '/api/agencies', seed.admin, { code, nameZh: '保税区运营', nameEn: 'Bonded zone operator', short: 'BZO', color: '#ca8a04' });
  expect(created.status).toBe(201);
  const s = await connect(app.url, seed.admin);
  const version = (await serverState(app.url, seed.admin, seed.incidentId)).version;
  const ack = await submit(s, seed.incidentId, { type: 'UpdateIncident', expectedVersion: version, agencies: ['port', 'fire', 'customs', code] });
  expect(ack.ok).toBe(true);
  s.close();

  const column = wall.locator(`[data-testid="wall-column"][data-agency="${code}"]`);
  await expect(column).toContainText('Bonded zone operator', { timeout: 10_000 });
  await expect(column).toContainText('BZO');
  await shot(wall, 'wall-agency-added-en-1080p');
  await wall.context().close();
});
