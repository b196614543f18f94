import { connect } from '../server/testing/client';
import { openBoard } from './support/board';
import { expect, shot, signedInContext, test } from './support/fixtures';
import { seedHazmatDrill } from './support/seed';
import { createTask, expectWallFits, issueDisplay, openWall } from './support/wall';

/**
 * A long incident runs past midnight: a task due tomorrow morning, seen in the afternoon, must not
 * read "09:00" as if it were due this morning (and not overdue). Due times on another day than the
 * screen's now carry their date, on the board and on the wall; today's carry the time alone.
 */
test('a responder sees which day a task is due: tomorrow morning’s with its date, today’s with its time alone, on the board and the wall', async ({ browser, app }) => {
  const seed = await seedHazmatDrill(app.url);
  const fire = await connect(app.url, seed.users.fire.token);
  const now = new Date();
  const tomorrow = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 9, 0);
  const laterToday = new Date(Math.min(now.getTime() + 60_000, new Date(now.getFullYear(), now.getMonth(), now.getDate(), 23, 59).getTime()));
  const two = (n: number) => String(n).padStart(2, '0');
  // The Chinese form, month first (on the bilingual wall beside the English one); the English board names the month, day first ("7 Dec").
  const tomorrowDate = `${two(tomorrow.getMonth() + 1)}/${two(tomorrow.getDate())}`;
  const tomorrowEn = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short' }).format(tomorrow);
  const nextDay = await createTask(fire, seed.incidentId, 'fire', 'Relieve the night crew at the foam tender', { dueAt: tomorrow.getTime() });
  const soon = await createTask(fire, seed.incidentId, 'fire', 'Report foam stock to the port operator', { dueAt: laterToday.getTime() });
  fire.close();

  const { context, page } = await signedInContext(browser, app.url, seed.names.fire, seed.password(seed.names.fire), 'en');
  await openBoard(page, seed.incidentId);
  const due = (id: string) => page.locator(`[data-testid="task-card"][data-task-id="${id}"] [data-testid="task-due"]`);
  await expect(due(nextDay)).toHaveText(`${tomorrowEn}, 09:00`);
  await expect(page.locator(`[data-testid="task-card"][data-task-id="${nextDay}"]`)).not.toHaveAttribute('data-overdue', /.*/);
  await expect(due(soon)).toHaveText(`${two(laterToday.getHours())}:${two(laterToday.getMinutes())}`);
  console.log(`due times on the board: tomorrow "${await due(nextDay).textContent()}", today "${await due(soon).textContent()}"`);
  await context.close();

  const token = await issueDisplay(app.url, seed.admin, { kind: 'incident', incidentId: seed.incidentId });
  const wall = await openWall(browser, app.url, token, { lang: 'both' });
  const wallCard = wall.locator(`[data-testid="wall-task"][data-task-id="${nextDay}"]`);
  await expect(wallCard).toContainText(tomorrowDate);
  // On the bilingual wall the due label is in both languages, as every other label there; the time once.
  await expect(wallCard.locator('[lang="zh-CN"]', { hasText: /^截止$/ })).toHaveCount(1);
  await expect(wallCard.locator('[lang="en"]', { hasText: /^Due$/ })).toHaveCount(1);
  await expect(wallCard.getByTestId('wall-task-due-time')).toHaveCount(1);
  // Its date in both languages' forms ("12/07" alone is 12 July to many English readers), the time once.
  await expect(wallCard.getByTestId('wall-task-due-time').locator('[lang="en"]')).toHaveText(tomorrowEn);
  await expect(wallCard.getByTestId('wall-task-due-time').locator('[lang="zh-CN"]')).toHaveText(tomorrowDate);
  await expect(wallCard.getByTestId('wall-task-due-time')).toContainText(/09:00$/);
  await expect(wall.locator(`[data-testid="wall-task"][data-task-id="${soon}"]`)).not.toContainText('/');
  await wall.evaluate(() => document.fonts.ready);
  await expectWallFits(wall);
  await shot(wall, 'wall-due-tomorrow-both-1080p');
  await wall.context().close();
});
