import { readLog } from '../server/testing/client';
import { openBoard } from './support/board';
import { expect, shot, signedInContext, test } from './support/fixtures';
import { apiTask, storedOutbox } from './support/outbox';
import { seedHazmatDrill } from './support/seed';

/**
 * The server fails on a one-click change (INTERNAL: a fault on its side, nothing written; here the
 * page's socket answers the first command so itself, without passing it on). The refusal is not
 * only a notice that is gone in seconds: the change stays under "Needs your decision", with what it
 * was and the server's own message, and "Send again" sends the same command, with the same command
 * id (SPEC SYNC4, IDEM1), which is applied once. Before, the notice was all, and the change was
 * dropped; and an INTERNAL refusal could only be discarded and made again by hand.
 */
test('a responder sends again a one-click change the server failed on, and it is applied once', async ({ browser, app }) => {
  test.setTimeout(120_000);
  const seed = await seedHazmatDrill(app.url, ['port', 'fire', 'customs']);
  const task = await apiTask(app.url, seed.admin, seed.incidentId, 'fire', 'Cool tank 7 with water curtain');
  const { context, page } = await signedInContext(browser, app.url, seed.names.fire, seed.password(seed.names.fire), 'en');
  const fault = 'Injected fault: the server failed on this command';
  const submitted: string[] = [];
  let failedOnce = false;
  await page.routeWebSocket(/\/socket\.io\//, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((m) => {
      // A Socket.IO event with an ack id: 42<id>["command:submit",{ commandId, incidentId, command }]
      const submit = typeof m === 'string' ? /^42(\d+)\["command:submit",(.*)\]$/s.exec(m) : null;
      if (submit) {
        submitted.push((JSON.parse(submit[2]) as { commandId: string }).commandId);
        if (!failedOnce) {
          failedOnce = true;
          ws.send(`43${submit[1]}${JSON.stringify([{ ok: false, error: { code: 'INTERNAL', message: fault } }])}`);
          return;
        }
      }
      server.send(m);
    });
    server.onMessage((m) => ws.send(m));
  });
  await openBoard(page, seed.incidentId);
  const card = page.locator(`[data-testid="task-card"][data-task-id="${task.taskId}"]`);
  await expect(card.getByTestId('task-next-status')).toHaveAttribute('data-next', 'acknowledged');
  await card.getByTestId('task-next-status').click();

  // Told at once, and kept for the person to decide.
  await expect(page.locator('[data-testid="notice"][data-code="INTERNAL"]')).toBeVisible();
  const decision = page.getByTestId('outbox-decision');
  await expect(decision).toHaveCount(1);
  await expect(decision).toHaveAttribute('data-state', 'failed');
  await expect(decision.locator('[data-field="status"]').getByTestId('outbox-mine')).toHaveText('Acknowledged');
  await expect(decision.getByTestId('outbox-error-detail')).toHaveText(`Detail: ${fault}`);
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-refused', '1');
  const [kept] = await storedOutbox(page);
  expect([kept.state, kept.error?.code, kept.commandId]).toEqual(['failed', 'INTERNAL', submitted[0]]);
  await expect(card).toHaveAttribute('data-status', 'open');
  await shot(page, 'outbox-server-failed-send-again-en');

  // Send again: the same command id, applied once.
  await decision.getByTestId('outbox-send-again').click();
  await expect(card).toHaveAttribute('data-status', 'acknowledged', { timeout: 30_000 });
  await expect(page.getByTestId('outbox-decisions')).toHaveCount(0);
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-refused', '0');
  await expect.poll(() => storedOutbox(page), { timeout: 30_000 }).toEqual([]);
  expect(submitted).toEqual([kept.commandId, kept.commandId]);
  const log = await readLog(app.url, seed.admin, seed.incidentId);
  expect(log.filter((e) => e.commandId === kept.commandId).map((e) => e.type)).toEqual(['TaskStatusChanged']);
  await context.close();
});
