import type { Browser } from '@playwright/test';
import { connect, createUser, submit } from '../server/testing/client';
import { openBoard, serverState } from './support/board';
import { expect, shot, signedInContext, test } from './support/fixtures';
import { seedHazmatDrill } from './support/seed';
import { createTask } from './support/wall';

/**
 * SPEC CONC1, for a task: A in the browser has "Edit task" (or "Reassign") open; meanwhile B, on
 * another desk, changes the same task. A's save is refused (CONFLICT); the dialog then shows B's
 * change where A touched nothing, keeps A's own edit, and says what changed; A's second save sends
 * only A's change. Before, the dialog compared what it held with the task as it was now, so the
 * second save sent A's stale copy of B's field back: B's new title (or the assignee B named) was
 * undone without anyone choosing to.
 */
test('two responders edit one task at once: the second save keeps the other’s new title and sends only the priority', async ({ browser, app }) => {
  const seed = await seedHazmatDrill(app.url, ['port', 'fire', 'customs']);
  const tag = Math.random().toString(36).slice(2, 6);
  const b = await createUser(app.url, seed.admin, `zhou.fire.${tag}`, 'responder', 'fire');
  const other = await connect(app.url, b.token);
  const taskId = await createTask(other, seed.incidentId, 'fire', 'Cool tank 7 with water curtain');

  const { context, page } = await signedInContext(browser, app.url, seed.names.fire, seed.password(seed.names.fire), 'en');
  await openBoard(page, seed.incidentId);
  const card = page.locator(`[data-testid="task-card"][data-task-id="${taskId}"]`);
  await card.getByTestId('task-menu').click();
  await page.getByTestId('task-edit').click();
  const dialog = page.getByRole('dialog', { name: 'Edit task' });
  await expect(dialog.getByTestId('task-title-input')).toHaveValue('Cool tank 7 with water curtain');

  // Meanwhile B renames it (tank 8 too).
  const title = 'Cool tanks 7 and 8 with water curtain';
  const before = await serverState(app.url, seed.admin, seed.incidentId);
  expect((await submit(other, seed.incidentId, { type: 'EditTask', taskId, expectedVersion: before.tasks[taskId].version, title })).ok).toBe(true);
  await expect(card).toContainText(title);

  // A raises the priority and saves: refused, someone else changed the task first.
  await dialog.getByTestId('task-priority-input').selectOption('urgent');
  await dialog.getByTestId('dialog-submit').click();
  const said = dialog.getByTestId('error-message');
  await expect(said).toHaveAttribute('data-code', 'CONFLICT');
  await expect(said).toContainText('Changed by someone else meanwhile: Title');
  await expect(dialog.getByTestId('task-title-input')).toHaveValue(title);
  await expect(dialog.getByTestId('task-priority-input')).toHaveValue('urgent');
  await shot(page, 'task-edit-changed-meanwhile-en');
  await dialog.getByTestId('dialog-submit').click();
  await expect(dialog).toHaveCount(0);
  await expect.poll(async () => (await serverState(app.url, seed.admin, seed.incidentId)).tasks[taskId]).toMatchObject({ title, priority: 'urgent' });
  other.close();
  await context.close();
});

/**
 * Two port commanders on a drill: B (a socket, `other`) has made a fire task, "Sample the leaking
 * drums"; A has the board open in the browser, with the task's card.
 */
async function twoCommandersOnAFireTask(browser: Browser, url: string) {
  const seed = await seedHazmatDrill(url, ['port', 'fire', 'customs']);
  const tag = Math.random().toString(36).slice(2, 6);
  const a = `liu.commander.${tag}`;
  await createUser(url, seed.admin, a, 'commander', 'port');
  const b = await createUser(url, seed.admin, `chen.commander.${tag}`, 'commander', 'port');
  const other = await connect(url, b.token);
  const taskId = await createTask(other, seed.incidentId, 'fire', 'Sample the leaking drums');
  const { context, page } = await signedInContext(browser, url, a, `${a}-password-ok`, 'en');
  await openBoard(page, seed.incidentId);
  const card = page.locator(`[data-testid="task-card"][data-task-id="${taskId}"]`);
  return { seed, other, taskId, context, page, card };
}

test('a commander moves a task to customs while another names its assignee: the second save keeps the assignee', async ({ browser, app }) => {
  const { seed, other, taskId, context, page, card } = await twoCommandersOnAFireTask(browser, app.url);
  await card.getByTestId('task-menu').click();
  await page.getByTestId('task-reassign').click();
  const dialog = page.getByRole('dialog', { name: 'Reassign the task' });
  await expect(dialog.getByTestId('reassign-agency-input')).toHaveValue('fire');

  // Meanwhile B names who holds it.
  const before = await serverState(app.url, seed.admin, seed.incidentId);
  expect((await submit(other, seed.incidentId, { type: 'ReassignTask', taskId, expectedVersion: before.tasks[taskId].version, agency: 'fire', assignee: 'Officer Wang' })).ok).toBe(true);
  await expect(card).toContainText('Officer Wang');

  // A gives it to Customs (the drums are in the bonded area) and saves: refused; the dialog now
  // shows B's assignee, with A's agency kept.
  await dialog.getByTestId('reassign-agency-input').selectOption('customs');
  await dialog.getByTestId('dialog-submit').click();
  await expect(dialog.getByTestId('error-message')).toContainText('Changed by someone else meanwhile: Assignee');
  await expect(dialog.getByTestId('reassign-agency-input')).toHaveValue('customs');
  await expect(dialog.getByTestId('reassign-assignee-input')).toHaveValue('Officer Wang');
  await dialog.getByTestId('dialog-submit').click();
  await expect(dialog).toHaveCount(0);
  await expect.poll(async () => (await serverState(app.url, seed.admin, seed.incidentId)).tasks[taskId]).toMatchObject({ agency: 'customs', assignee: 'Officer Wang' });
  other.close();
  await context.close();
});

test('a task moved to another lane while a responder edits it: the dialog stays with what was typed', async ({ browser, app }) => {
  // Before, the task menu's dialog lived in the card: the card was made again in its new lane and
  // the dialog closed, losing what the person had typed.
  const { seed, other, taskId, context, page, card } = await twoCommandersOnAFireTask(browser, app.url);
  await expect(card).toHaveCount(1);
  await expect(page.locator('[data-board-lane="fire"]').locator(`[data-task-id="${taskId}"]`)).toHaveCount(1);
  await card.getByTestId('task-menu').click();
  await page.getByTestId('task-edit').click();
  const dialog = page.getByRole('dialog', { name: 'Edit task' });
  const location = 'East apron, drums 14–22';
  await dialog.getByTestId('task-location-input').fill(location);

  // Meanwhile B gives the task to Customs: its card moves to the customs lane.
  const before = await serverState(app.url, seed.admin, seed.incidentId);
  expect((await submit(other, seed.incidentId, { type: 'ReassignTask', taskId, expectedVersion: before.tasks[taskId].version, agency: 'customs', assignee: null })).ok).toBe(true);
  await expect(page.locator('[data-board-lane="customs"]').locator(`[data-task-id="${taskId}"]`)).toHaveCount(1);

  // A's dialog is still open, with A's words in it.
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('task-location-input')).toHaveValue(location);
  await dialog.getByTestId('dialog-submit').click();
  // The first save was made against the task before the move (CONFLICT); the second goes through.
  await expect(dialog.getByTestId('error-message')).toHaveAttribute('data-code', 'CONFLICT');
  await expect(dialog.getByTestId('task-location-input')).toHaveValue(location);
  await dialog.getByTestId('dialog-submit').click();
  await expect(dialog).toHaveCount(0);
  await expect.poll(async () => (await serverState(app.url, seed.admin, seed.incidentId)).tasks[taskId]).toMatchObject({ agency: 'customs', location });
  other.close();
  await context.close();
});
