import type { Page } from '@playwright/test';
import { connect, createDisplay, request } from '../server/testing/client';
import { expect, shot, test } from './support/fixtures';
import { seedHazmatDrill } from './support/seed';
import { createTask, openWall } from './support/wall';

/**
 * A wall screen hangs where anyone walks past. Its display token reads every incident it covers,
 * with no idle expiry, so it must not be there to copy (Ctrl+L, right-click → copy link): the
 * screen takes it out of its address bar once read, keeps it in the tab's sessionStorage (a reload
 * still works, a copied address does not), and builds no link on the screen with it
 * (docs/security.md "Wall screens").
 */

/** Nothing on the screen or in its address gives the token away. */
async function expectNoTokenShown(wall: Page, token: string) {
  await expect.poll(() => wall.evaluate(() => window.location.hash)).toBe('');
  expect(wall.url()).not.toContain('#');
  expect(wall.url()).not.toContain(token);
  await expect(wall.locator('a[href*="#t="]')).toHaveCount(0);
  expect(await wall.content()).not.toContain(token);
}

const keptToken = (wall: Page) => wall.evaluate(() => sessionStorage.getItem('portline.display.token'));

test('a wall screen takes its token out of the address bar, still works after a reload, and forgets it when revoked', async ({ browser, app }) => {
  const seed = await seedHazmatDrill(app.url, ['port', 'fire', 'customs', 'medical']);
  const display = await createDisplay(app.url, seed.admin, 'Corridor B wall', { kind: 'incident', incidentId: seed.incidentId });

  // Opened from its link (the token in the fragment), Chinese with English captions.
  const wall = await openWall(browser, app.url, display.token, { lang: 'both' });
  const board = wall.getByTestId('wall-incident');
  await expect(board).toHaveAttribute('data-incident-id', seed.incidentId);
  await expect(wall.getByTestId('connection-state')).toHaveAttribute('data-state', 'live');
  await expectNoTokenShown(wall, display.token);
  expect(new URL(wall.url()).pathname).toBe('/display');
  expect(new URL(wall.url()).searchParams.get('lang')).toBe('both');
  expect(await keptToken(wall)).toBe(display.token);
  await shot(wall, 'wall-no-token-in-address-both-1080p');

  // Reloaded (a person, or the wall itself after failures): the board again, live, a change shown.
  await wall.reload();
  await expect(board).toHaveAttribute('data-incident-id', seed.incidentId);
  await expect(wall.getByTestId('connection-state')).toHaveAttribute('data-state', 'live');
  const fire = await connect(app.url, seed.users.fire.token);
  const task = await createTask(fire, seed.incidentId, 'fire', '走廊屏幕检查 Corridor screen check');
  fire.close();
  await expect(wall.locator(`[data-testid="wall-task"][data-task-id="${task}"]`)).toBeVisible();
  await expectNoTokenShown(wall, display.token);

  // Its language changed in the address bar, in the same tab: the board in English, no token asked for.
  await wall.goto(`${app.url}/display?lang=en`);
  await expect(wall.getByTestId('display-screen')).toHaveAttribute('data-lang', 'en');
  await expect(board).toHaveAttribute('data-incident-id', seed.incidentId);
  await expectNoTokenShown(wall, display.token);

  // What a passer-by copies from the address bar, opened in another tab: no board, no sign-in.
  const copied = await wall.context().newPage();
  await copied.goto(wall.url());
  await expect(copied.getByTestId('display-no-link')).toBeVisible();
  await expect(copied.getByTestId('wall-incident')).toHaveCount(0);
  // The display link itself, opened in a new tab: it works there too, and leaves its address bar as well.
  await copied.goto(`${app.url}/display?lang=zh-CN#t=${display.token}`);
  await expect(copied.getByTestId('wall-incident')).toHaveAttribute('data-incident-id', seed.incidentId);
  await expectNoTokenShown(copied, display.token);

  // Revoked: both screens say so, and the tabs keep no copy of the token, even after a reload.
  const revoked = await request(app.url, 'POST', `/api/displays/${display.id}/revoke`, { token: seed.admin, body: {} });
  expect(revoked.status).toBe(200);
  for (const screen of [wall, copied]) {
    await expect(screen.getByTestId('display-revoked')).toBeVisible({ timeout: 15_000 });
    expect(await keptToken(screen)).toBeNull();
    expect(await screen.evaluate(() => JSON.stringify({ ...sessionStorage }))).not.toContain(display.token);
  }
  await wall.reload();
  await expect(wall.getByTestId('display-revoked')).toBeVisible();
  await expect(wall.getByTestId('display-no-link')).toHaveCount(0);
  expect(await keptToken(wall)).toBeNull();
  await shot(wall, 'wall-revoked-after-reload-en-1080p');
  await wall.context().close();
});

test('an all-active wall drills into an incident and back with no token in any link or address', async ({ browser, app }) => {
  const seed = await seedHazmatDrill(app.url, ['port', 'fire', 'customs', 'medical']);
  const display = await createDisplay(app.url, seed.admin, 'Lobby wall', { kind: 'active' });

  const wall = await openWall(browser, app.url, display.token, { lang: 'en' });
  const card = wall.locator(`[data-testid="display-incident"][data-incident-id="${seed.incidentId}"]`);
  // Other specs' incidents share this server: past nine, the overview turns pages of nine (8 s each).
  await expect(card).toBeVisible({ timeout: 45_000 });
  await card.hover(); // holds the page while the card is read and opened
  await expectNoTokenShown(wall, display.token);
  const href = (await card.getAttribute('href')) ?? '';
  expect(new URL(href, app.url).searchParams.get('incident')).toBe(seed.incidentId);
  expect(href).not.toContain('#');

  // Into the incident and back: the token stays in memory, never in the address.
  await card.click();
  await expect(wall.getByTestId('wall-incident')).toHaveAttribute('data-incident-id', seed.incidentId);
  expect(new URL(wall.url()).searchParams.get('incident')).toBe(seed.incidentId);
  await expectNoTokenShown(wall, display.token);
  expect(await wall.getByTestId('display-back').getAttribute('href')).not.toContain('#');

  // Reloaded on the incident: the same incident, live.
  await wall.reload();
  await expect(wall.getByTestId('wall-incident')).toHaveAttribute('data-incident-id', seed.incidentId);
  await expect(wall.getByTestId('connection-state')).toHaveAttribute('data-state', 'live');
  await expectNoTokenShown(wall, display.token);

  await wall.getByTestId('display-back').click();
  await expect(card).toBeVisible({ timeout: 45_000 }); // back on page one of the overview: its page comes round
  expect(new URL(wall.url()).searchParams.has('incident')).toBe(false);
  await expectNoTokenShown(wall, display.token);
  await shot(wall, 'wall-overview-no-token-in-links-en-1080p');
  await wall.context().close();
});
