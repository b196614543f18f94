import { newId } from '../lib/client/new-id';
import { connect, createUser, hazmatIncident, submit } from '../server/testing/client';
import { openBoard, serverState } from './support/board';
import { expect, shot, signedInContext, test } from './support/fixtures';
import { seedHazmatDrill } from './support/seed';

/**
 * SPEC SYNC3, INC5, AUTH5 on the incident list:
 * - The list heard of changes only while it was on screen: back from a board, it showed its copy
 *   (up to 30 s old) and read nothing again, so an incident opened meanwhile was missing. It is
 *   read again as it comes back (and when the socket reconnects).
 * - Active incidents were listed newest first only: a real incident sank below a drill day's
 *   drills. Real ones come first now, the most severe first.
 * - A responder whose agency is taken out while on the board got no word (the event that takes
 *   it out is the last the socket gets; no refusal comes): the board stayed, looking live.
 */
test('a responder back on the incident list finds the incident opened meanwhile, and the real one above the drills', async ({ browser, app }) => {
  const seed = await seedHazmatDrill(app.url, ['port', 'fire', 'customs']);
  const s = await connect(app.url, seed.admin);
  const realId = newId();
  expect((await submit(s, realId, { ...hazmatIncident(['port', 'fire']), kind: 'real', severity: 'II', title: 'Real: ammonia leak at berth 7' })).ok).toBe(true);
  // A later drill (newer: listed first by date alone).
  const drillId = newId();
  expect((await submit(s, drillId, { ...hazmatIncident(['port', 'fire']), title: 'Drill: ammonia leak at berth 9' })).ok).toBe(true);

  const { context, page } = await signedInContext(browser, app.url, seed.names.fire, seed.password(seed.names.fire), 'en');
  await page.goto('/incidents');
  const rows = page.getByTestId('incident-row');
  await expect(rows.filter({ hasText: 'Drill: ammonia leak at berth 9' })).toHaveCount(1);
  const order = await rows.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.incidentId));
  expect(order.indexOf(realId)).toBeLessThan(order.indexOf(drillId));
  expect(order.indexOf(realId)).toBe(0);

  // To a board; meanwhile another incident is opened for Fire.
  await rows.filter({ hasText: 'Drill: ammonia leak at berth 9' }).click();
  await expect(page.getByTestId('incident-board')).toBeVisible();
  const laterId = newId();
  expect((await submit(s, laterId, { ...hazmatIncident(['port', 'fire']), title: 'Drill: fire in bonded warehouse 3' })).ok).toBe(true);
  // Back to the list (the header's link: no page load): the new incident is there at once.
  await page.locator('header').getByRole('link', { name: 'Incidents', exact: true }).click();
  await expect(page.locator(`[data-testid="incident-row"][data-incident-id="${laterId}"]`)).toBeVisible({ timeout: 10_000 });
  await shot(page, 'incident-list-real-first-en');
  // Closed again: the worker's other specs (all-active walls) find no real incident of this one's.
  for (const id of [realId, drillId, laterId]) {
    const { version } = await serverState(app.url, seed.admin, id);
    expect((await submit(s, id, { type: 'ChangePhase', expectedVersion: version, phase: 'closed' })).ok).toBe(true);
  }
  s.close();
  await context.close();
});

test('a responder whose agency is taken out while the board is open is told so', async ({ browser, app }) => {
  const seed = await seedHazmatDrill(app.url, ['port', 'fire', 'customs']);
  const tag = Math.random().toString(36).slice(2, 6);
  const commander = await createUser(app.url, seed.admin, `liu.commander.${tag}`, 'commander', 'port');
  const { context, page } = await signedInContext(browser, app.url, seed.names.customs, seed.password(seed.names.customs), 'en');
  await openBoard(page, seed.incidentId);
  await expect(page.getByTestId('incident-board')).toBeVisible();

  const s = await connect(app.url, commander.token);
  const before = await serverState(app.url, seed.admin, seed.incidentId);
  expect((await submit(s, seed.incidentId, { type: 'UpdateIncident', expectedVersion: before.version, agencies: ['port', 'fire'] })).ok).toBe(true);
  s.close();
  await expect(page.getByTestId('incident-board')).toHaveCount(0);
  const said = page.getByTestId('error-message');
  await expect(said).toHaveAttribute('data-code', 'FORBIDDEN');
  await expect(said).toContainText('Customs was taken out of this incident: you can no longer read or change it here.');
  await shot(page, 'board-agency-taken-out-en');
  await context.close();
});
