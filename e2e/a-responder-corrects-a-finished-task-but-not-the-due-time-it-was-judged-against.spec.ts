import { connect, submit } from '../server/testing/client';
import { openBoard, serverState } from './support/board';
import { expect, shot, signedInContext, test } from './support/fixtures';
import { seedHazmatDrill } from './support/seed';
import { moveTask } from './support/wall';
import { newId } from '../lib/client/new-id';

/**
 * SPEC TASK4, REV2: after a drill, a responder opens "Edit task" on a task their agency finished
 * late. The title can still be corrected; the due time cannot be moved: it is what the task was
 * judged against (the after-action metrics' "overdue"), and the dialog says to reopen the task to
 * change it. Before, the agency being judged could move its own deadline and look on time.
 */
test('a responder corrects the title of a finished task; its due time stays as it was judged against', async ({ browser, app }) => {
  const seed = await seedHazmatDrill(app.url, ['port', 'fire']);
  const fire = await connect(app.url, seed.users.fire.token);
  const taskId = newId();
  const due = Date.now() - 10 * 60_000;
  expect((await submit(fire, seed.incidentId, { type: 'CreateTask', taskId, agency: 'fire', title: 'Stop crane work at berth 4', dueAt: due })).ok).toBe(true);
  for (const to of ['acknowledged', 'in_progress', 'done'] as const) await moveTask(fire, app.url, seed.admin, seed.incidentId, taskId, to);
  fire.close();

  const { context, page } = await signedInContext(browser, app.url, seed.names.fire, seed.password(seed.names.fire), 'en');
  await openBoard(page, seed.incidentId);
  await page.locator('[data-testid="agency-lane"][data-agency="fire"] summary').click();
  const card = page.locator(`[data-testid="task-card"][data-task-id="${taskId}"]`);
  await card.getByTestId('task-menu').click();
  await page.getByTestId('task-edit').click();
  const dialog = page.getByRole('dialog', { name: 'Edit task' });
  const dueInput = dialog.getByTestId('task-due-input');
  await expect(dueInput).toBeDisabled();
  await expect(dialog).toContainText('Finished: it keeps the due time it was judged against. Reopen the task to change it.');
  await expect(dialog.getByRole('button', { name: /^In 10 min$/ })).toHaveCount(0);
  await shot(page, 'task-edit-finished-due-locked-en');
  await dialog.getByTestId('task-title-input').fill('Stop crane work at berths 4 and 5');
  await dialog.getByTestId('dialog-submit').click();
  await expect(dialog).toHaveCount(0);
  await expect.poll(async () => (await serverState(app.url, seed.admin, seed.incidentId)).tasks[taskId]).toMatchObject({ title: 'Stop crane work at berths 4 and 5', dueAt: due, status: 'done' });
  await context.close();
});
