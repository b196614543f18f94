import { readLog } from '../server/testing/client';
import { openBoard } from './support/board';
import { expect, signedInContext, test } from './support/fixtures';
import { apiTask, storedOutbox } from './support/outbox';
import { seedHazmatDrill } from './support/seed';

/**
 * A change's event often reaches the board before the answer to the command that made it
 * (the event is pushed to the incident's room; the answer follows). The card then already offers
 * the next step. Here every Socket.IO answer ("43…" frames) reaches the page ACK_DELAY_MS late
 * (long enough for a slow machine to see the event first), events as they come, so the press on
 * the next step always falls in that gap: it must count. (Before, the card's button stayed busy
 * until the first answer, and the press was dropped.)
 */
const ACK_DELAY_MS = 1500;

test('a responder moves a task on as soon as the board shows the last step, before its answer is back', async ({ browser, app }) => {
  test.setTimeout(120_000);
  const seed = await seedHazmatDrill(app.url, ['port', 'fire', 'customs']);
  const task = await apiTask(app.url, seed.admin, seed.incidentId, 'fire', 'Cool tank 7 with water curtain');
  const { context, page } = await signedInContext(browser, app.url, seed.names.fire, seed.password(seed.names.fire), 'en');
  await page.routeWebSocket(/\/socket\.io\//, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((m) => server.send(m));
    server.onMessage((m) => {
      if (typeof m === 'string' && m.startsWith('43')) setTimeout(() => ws.send(m), ACK_DELAY_MS);
      else ws.send(m);
    });
  });
  await openBoard(page, seed.incidentId);
  const card = page.locator(`[data-testid="task-card"][data-task-id="${task.taskId}"]`);
  const next = card.getByTestId('task-next-status');

  await expect(next).toHaveAttribute('data-next', 'acknowledged');
  await next.click();
  // The event is here, its answer not yet: the card shows the new status, its change still pending,
  // and the button the next step.
  await expect(card).toHaveAttribute('data-status', 'acknowledged');
  await expect(card).toHaveAttribute('data-pending', 'true');
  await expect(next).toHaveAttribute('data-next', 'in_progress');
  await expect(next).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(card).toHaveAttribute('data-status', 'in_progress', { timeout: 15_000 });
  await expect(card).toHaveAttribute('data-pending', 'true');
  await expect(next).toHaveAttribute('data-next', 'done');
  // A mouse press, as a person makes it (Playwright's own click would wait until the button no
  // longer looks busy, which is what a person does not do).
  await next.click({ force: true });

  // All three applied, once each, in order; nothing left waiting (a done task leaves the lane's
  // active list for its closed list of finished ones).
  const steps = async () =>
    (await readLog(app.url, seed.admin, seed.incidentId))
      .filter((e) => e.type === 'TaskStatusChanged' && 'taskId' in e.payload && e.payload.taskId === task.taskId)
      .map((e) => (e.payload as { to: string }).to);
  await expect.poll(steps, { timeout: 15_000 }).toEqual(['acknowledged', 'in_progress', 'done']);
  await expect(card).toHaveCount(0);
  await expect.poll(() => storedOutbox(page), { timeout: 15_000 }).toEqual([]);
  await context.close();
});
