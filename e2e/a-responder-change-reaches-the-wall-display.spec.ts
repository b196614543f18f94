import { newId } from '../lib/client/new-id';
import { connect, submit } from '../server/testing/client';
import { expect, shot, test } from './support/fixtures';
import { seedHazmatDrill } from './support/seed';
import { createTask, issueDisplay, openWall } from './support/wall';
import { serverState } from './support/board';

test('a responder moves a task on and the open wall display shows it by itself (the delay is printed)', async ({ browser, app }) => {
  const seed = await seedHazmatDrill(app.url);
  const fire = await connect(app.url, seed.users.fire.token);
  const taskId = await createTask(fire, seed.incidentId, 'fire', '泡沫覆盖泄漏点 Foam blanket on the leak');
  const token = await issueDisplay(app.url, seed.admin, { kind: 'incident', incidentId: seed.incidentId });

  const wall = await openWall(browser, app.url, token, { lang: 'both' });
  const card = wall.locator(`[data-testid="wall-task"][data-task-id="${taskId}"]`);
  await expect(card).toHaveAttribute('data-status', 'open');
  await expect(wall.getByTestId('connection-state')).toHaveAttribute('data-state', 'live');

  // The screen notes, by the machine's clock, the moment the card shows the new status.
  await wall.evaluate((id) => {
    const w = window as unknown as { seenAt?: number };
    const check = () => {
      if (!w.seenAt && document.querySelector(`[data-testid="wall-task"][data-task-id="${id}"][data-status="acknowledged"]`)) w.seenAt = performance.timeOrigin + performance.now();
    };
    new MutationObserver(check).observe(document.body, { subtree: true, childList: true, attributes: true });
  }, taskId);

  const version = (await serverState(app.url, seed.admin, seed.incidentId)).tasks[taskId].version;
  const t0 = Date.now();
  const ack = await submit(fire, seed.incidentId, { type: 'ChangeTaskStatus', taskId, expectedVersion: version, to: 'acknowledged' });
  expect(ack.ok).toBe(true);
  const seenAt = await wall.waitForFunction(() => (window as unknown as { seenAt?: number }).seenAt, undefined, { timeout: 10_000 });
  const latency = Math.round(((await seenAt.jsonValue()) as number) - t0);
  console.log(`responder change → wall display: ${latency} ms from submit to the card showing "acknowledged"`);
  expect(latency).toBeLessThan(5000);
  await expect(wall.locator(`[data-testid="wall-event"][data-new]`).first()).toBeVisible();
  // The whole bilingual title, its end (the yard block) included: a smaller size, not an ellipsis.
  const title = wall.getByTestId('wall-title');
  await expect(title).toHaveText(/yard block C3$/);
  expect(await title.evaluate((h) => h.scrollHeight <= h.clientHeight + 1 && h.scrollWidth <= h.clientWidth + 1)).toBe(true);
  await shot(wall, 'wall-after-change-both-1080p');
  // The line of a task Fire raised for itself names the agency once, at its start ("FIRE New task …", not "FIRE New task FIRE …").
  const raised = wall.getByTestId('wall-event').filter({ hasText: 'New task' }).filter({ hasText: 'Foam blanket on the leak' });
  await expect(raised).toHaveCount(1);
  const line = await raised.innerText();
  expect(line.match(/FIRE/g), line).toHaveLength(1);

  // An alert to one agency says whom it is for, in both languages (SPEC MSG1).
  const alert = await submit(fire, seed.incidentId, { type: 'PostMessage', messageId: newId(), text: 'Two workers to decontamination at gate 3', toAgency: 'medical', alert: true });
  expect(alert.ok).toBe(true);
  await expect(wall.getByTestId('wall-alert')).toContainText('Two workers to decontamination at gate 3');
  await expect(wall.getByTestId('wall-alert-to')).toContainText('发给医疗急救');
  await expect(wall.getByTestId('wall-alert-to')).toContainText('To Emergency Medical');
  await shot(wall, 'wall-alert-to-one-agency-both-1080p');
  fire.close();
  await wall.context().close();
});
