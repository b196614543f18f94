import { displayHref } from '../lib/client/display-link';
import { newId } from '../lib/client/new-id';
import { connect, hazmatIncident, submit } from '../server/testing/client';
import { expect, shot, test } from './support/fixtures';
import { seedHazmatDrill } from './support/seed';
import { issueDisplay, openWall } from './support/wall';
import { serverState } from './support/board';

/**
 * An all-active wall screen zoomed into one incident: when the commander closes it, the screen's
 * token no longer reads it (SPEC AUTH7). Nobody stands at a wall to press "back": it goes back to
 * its overview by itself, and so does a kept link to the closed incident when the screen restarts
 * (before, it said "Connecting to the server…" for ever).
 */
test('a wall zoomed into an incident goes back to its overview by itself when the incident closes, and after a restart on the old link', async ({ browser, app }) => {
  const seed = await seedHazmatDrill(app.url);
  const s = await connect(app.url, seed.admin);
  const other = newId();
  expect((await submit(s, other, { ...hazmatIncident(['fire', 'maritime', 'police']), kind: 'real', title: '7号泊位船舶火灾 Ship fire at berth 7' })).ok).toBe(true);
  const token = await issueDisplay(app.url, seed.admin, { kind: 'active' }, 'Overview wall');

  const wall = await openWall(browser, app.url, token, { lang: 'both', incidentId: seed.incidentId });
  await expect(wall.getByTestId('wall-incident')).toHaveAttribute('data-incident-id', seed.incidentId);
  // The screen's own link (its address bar no longer shows the token once the screen has read it).
  const zoomedLink = `${app.url}${displayHref({ token, lang: 'both', incidentId: seed.incidentId })}`;

  const version = (await serverState(app.url, seed.admin, seed.incidentId)).version;
  const t0 = Date.now();
  expect((await submit(s, seed.incidentId, { type: 'ChangePhase', expectedVersion: version, phase: 'closed' })).ok).toBe(true);
  // Back on the overview, which lists the open incident, not the closed one (the app serves other specs' incidents too).
  const card = (id: string) => wall.locator(`[data-testid="display-incident"][data-incident-id="${id}"]`);
  // (other specs' incidents may put it on a later page of the overview: its page comes within 8 s a page)
  await expect(card(other)).toBeVisible({ timeout: 45_000 });
  await expect(card(seed.incidentId)).toHaveCount(0);
  console.log(`closed incident: the wall was back on its overview ${Date.now() - t0} ms after the close`);
  expect(new URL(wall.url()).searchParams.has('incident')).toBe(false);
  await expect(wall.getByTestId('display-back')).toHaveCount(0);

  // The screen restarts on the old link: the overview again, not a wait for an incident it cannot read.
  await wall.goto(zoomedLink);
  await expect(card(other)).toBeVisible({ timeout: 45_000 });
  await expect(card(seed.incidentId)).toHaveCount(0);
  await expect(wall.getByTestId('wall-connecting')).toHaveCount(0);
  await shot(wall, 'wall-back-on-overview-after-close-both-1080p');
  s.close();
  await wall.context().close();
});
