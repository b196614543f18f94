import { newId } from '../lib/client/new-id';
import { connect, submit } from '../server/testing/client';
import { expect, shot, signedInContext, test } from './support/fixtures';
import { openBoard, serverState } from './support/board';
import { seedHazmatDrill } from './support/seed';

test('a responder reads what a task asks for on its card: two lines, the rest on More, and all of it when the search finds a word there', async ({ browser, app }) => {
  test.setTimeout(120_000); // real servers and a browser on a shared 2-core machine
  const seed = await seedHazmatDrill(app.url, ['port', 'fire', 'customs']);
  // Written by the commander, as a real one is: what to do, with what, and what not to do.
  const details =
    'Lay a foam blanket over the pooled liquid north of tank 7 with AFFF from tender 2.\n' +
    'Approach from upwind only; stop if the gas reading at the edge passes 10 % LEL and report to the command post.';
  const short = '泡沫由 2 号车供给。';
  const s = await connect(app.url, seed.admin);
  const ids = { long: newId(), short: newId() };
  for (const [taskId, title, text] of [[ids.long, 'Foam blanket on the pooled liquid', details], [ids.short, 'Cool tank 7', short]] as const) {
    const ack = await submit(s, seed.incidentId, { type: 'CreateTask', taskId, agency: 'fire', title, details: text, assignee: null, priority: 'high', dueAt: null, location: '' });
    expect(ack.ok, JSON.stringify(ack)).toBe(true);
  }
  s.close();

  const { context, page } = await signedInContext(browser, app.url, seed.names.fire, seed.password(seed.names.fire), 'en');
  await page.setViewportSize({ width: 1366, height: 768 });
  await openBoard(page, seed.incidentId);
  const card = (id: string) => page.locator(`[data-testid="task-card"][data-task-id="${id}"]`);
  // Short details are shown whole, with nothing to press.
  await expect(card(ids.short).getByTestId('task-details')).toHaveText(short);
  await expect(card(ids.short).getByTestId('task-details-toggle')).toHaveCount(0);
  // Long ones: two lines, and More shows the rest (and says it is open).
  const long = card(ids.long).getByTestId('task-details');
  const toggle = card(ids.long).getByTestId('task-details-toggle');
  await expect(long).toHaveAttribute('data-open', 'false');
  await expect(toggle).toHaveText('More');
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(toggle).toHaveAccessibleDescription('Foam blanket on the pooled liquid');
  const height = async () => (await long.locator('p').boundingBox())!.height;
  const cut = await height();
  await toggle.click();
  await expect(long).toHaveAttribute('data-open', 'true');
  await expect(toggle).toHaveText('Less');
  const whole = await height();
  console.log(`task details: ${Math.round(cut)} px cut, ${Math.round(whole)} px whole`);
  expect(whole).toBeGreaterThan(cut * 1.5);
  await expect(long.locator('p')).toHaveText(details, { useInnerText: true });
  await shot(page, 'task-details-open-en-1366');
  await toggle.click();
  await expect(long).toHaveAttribute('data-open', 'false');
  // The search finds a word of the details' last line: the card opens by itself and marks it.
  await page.getByTestId('board-search').fill('LEL');
  await expect(page.getByTestId('task-card')).toHaveCount(1);
  await expect(long).toHaveAttribute('data-open', 'true');
  await expect(long.locator('mark')).toHaveText('LEL');
  await page.getByTestId('board-search').fill('');
  await expect(long).toHaveAttribute('data-open', 'false');

  // Cancelled, the short one is found only among the finished: the lane says none of its unfinished
  // tasks match, not that nothing does, above the finished one it found.
  const again = await connect(app.url, seed.admin);
  const version = (await serverState(app.url, seed.admin, seed.incidentId)).tasks[ids.short].version;
  const cancelled = await submit(again, seed.incidentId, { type: 'ChangeTaskStatus', taskId: ids.short, expectedVersion: version, to: 'cancelled', reason: 'Cooled by the port crew' });
  expect(cancelled.ok, JSON.stringify(cancelled)).toBe(true);
  again.close();
  await expect(card(ids.short)).toHaveCount(0);
  await page.getByTestId('board-search').fill('2 号车');
  const fire = page.locator('[data-testid="agency-lane"][data-agency="fire"]');
  await expect(fire.getByTestId('lane-empty')).toHaveText('No unfinished task matches; finished ones below');
  await expect(page.locator('[data-testid="agency-lane"][data-agency="port"]').getByTestId('lane-empty')).toHaveText('No matching tasks');
  await context.close();
});
