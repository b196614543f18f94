import { newId } from '../lib/client/new-id';
import { api, connect, createUser, submit } from '../server/testing/client';
import { openBoard, serverState } from './support/board';
import { expect, shot, signedInContext, test } from './support/fixtures';
import { seedHazmatDrill } from './support/seed';

/** Two commanders of one drill: A in the browser, B through the API (another desk, another tool). */
async function twoCommanders(url: string) {
  const seed = await seedHazmatDrill(url, ['port', 'fire', 'customs']);
  const tag = Math.random().toString(36).slice(2, 6);
  const a = `liu.commander.${tag}`;
  await createUser(url, seed.admin, a, 'commander', 'port');
  const b = await createUser(url, seed.admin, `chen.commander.${tag}`, 'commander', 'port');
  return { seed, a, aPassword: `${a}-password-ok`, b: b.token };
}

/**
 * SPEC CONC1: commander A has "Edit incident" open to fix the location; meanwhile commander B
 * brings in the bonded-zone operator (scenario C) and rewrites the description. A's save is
 * refused (CONFLICT); the dialog then shows B's description and the new agency ticked, keeps A's
 * location, and says what changed. A's second save sends only A's change. Before, it sent A's
 * stale copy of everything: the agency B added was taken out again (its people lost the board)
 * and B's description was reverted.
 */
test('two commanders edit the incident at once: the second save keeps the other commander’s agency and description', async ({ browser, app }) => {
  const { seed, a, aPassword, b } = await twoCommanders(app.url);
  const code = `bonded-${Math.random().toString(36).slice(2, 6)}`;
  const created = await api(app.url, 'POST', '/api/agencies', seed.admin, { code, nameZh: '保税区运营', nameEn: 'Bonded zone operator', short: 'BZO', color: '#ca8a04' });
  expect(created.status).toBe(201);

  const { context, page } = await signedInContext(browser, app.url, a, aPassword, 'en');
  await openBoard(page, seed.incidentId);
  await page.getByTestId('edit-incident').click();
  const dialog = page.getByRole('dialog', { name: 'Edit incident' });
  await expect(dialog.getByLabel('Location')).toHaveValue('Container terminal, yard block C3');

  // Meanwhile commander B adds the bonded-zone operator and rewrites the description.
  const before = await serverState(app.url, seed.admin, seed.incidentId);
  const description = 'Drums leaking at row 14; wind NE 4 m/s. Bonded-zone operator to close gate 5.';
  const s = await connect(app.url, b);
  const ack = await submit(s, seed.incidentId, { type: 'UpdateIncident', expectedVersion: before.version, agencies: [...before.agencies, code], description });
  expect(ack.ok).toBe(true);
  s.close();
  const bondedLane = page.locator(`[data-testid="agency-lane"][data-agency="${code}"]`);
  await expect(bondedLane).toBeVisible();

  // A fixes the location and saves: refused, someone else changed the incident first.
  const location = 'Container terminal, yard block C3, row 14';
  await dialog.getByLabel('Location').fill(location);
  await dialog.getByTestId('dialog-submit').click();
  // Said once, by the buttons where a refusal shows (role=alert), naming what changed meanwhile;
  // not a second time in the server's English.
  const said = dialog.getByTestId('error-message');
  await expect(said).toHaveCount(1);
  await expect(said).toHaveAttribute('data-code', 'CONFLICT');
  await expect(said).toHaveAttribute('role', 'alert');
  await expect(said).toContainText('Changed by someone else meanwhile: Description and Participating agencies');
  await expect(said).not.toContainText('Detail');
  // The dialog now shows B's change where A did not touch anything, and keeps A's own edit.
  await expect(dialog.getByLabel('Description')).toHaveValue(description);
  await expect(dialog.getByTestId('agency-checkboxes').locator(`[data-agency="${code}"]`)).toBeChecked();
  await expect(dialog.getByLabel('Location')).toHaveValue(location);
  await shot(page, 'edit-incident-after-conflict-en');

  // A saves again: A's location is applied; B's agency and description stay.
  await dialog.getByTestId('dialog-submit').click();
  await expect(dialog).toHaveCount(0);
  await expect(bondedLane).toBeVisible();
  const after = await serverState(app.url, seed.admin, seed.incidentId);
  expect(after.agencies).toEqual([...before.agencies, code]);
  expect(after.description).toBe(description);
  expect(after.location).toBe(location);
  expect(after.title).toBe(before.title);

  // Taking an agency out asks first, Cancel focused; cancelling sends nothing.
  await page.getByTestId('edit-incident').click();
  await dialog.getByTestId('agency-checkboxes').locator('[data-agency="customs"]').uncheck();
  await dialog.getByTestId('dialog-submit').click();
  const confirm = page.getByRole('dialog', { name: 'Remove Customs?' });
  await expect(confirm).toContainText('Its people lose access to this incident now.');
  await expect(confirm.getByTestId('dialog-cancel')).toBeFocused();
  await shot(page, 'edit-incident-remove-agency-confirm-en');
  await page.keyboard.press('Enter');
  await expect(confirm).toHaveCount(0);
  expect((await serverState(app.url, seed.admin, seed.incidentId)).version).toBe(after.version);
  await expect(dialog.getByTestId('agency-checkboxes').locator('[data-agency="customs"]')).not.toBeChecked();
  await dialog.getByTestId('dialog-submit').click();
  await confirm.getByTestId('dialog-submit').click();
  await expect(dialog).toHaveCount(0);
  await expect(page.locator('[data-testid="agency-lane"][data-agency="customs"]')).toHaveCount(0);
  expect((await serverState(app.url, seed.admin, seed.incidentId)).agencies).toEqual(['port', 'fire', code]);
  await context.close();
});

/**
 * SPEC INC4: commander A confirms taking Fire and Rescue out, but a fire task was created while
 * the question was open. The server refuses; the dialog says, in Chinese, which agency cannot
 * leave and why, and ticks it again. Before, it showed only "当前状态下不能执行此变更" and an
 * English detail with the agency's code.
 */
test('a commander taking out an agency that just got a task is told which one, in Chinese, and it stays', async ({ browser, app }) => {
  const { seed, a, aPassword, b } = await twoCommanders(app.url);
  const { context, page } = await signedInContext(browser, app.url, a, aPassword, 'zh-CN');
  await openBoard(page, seed.incidentId);
  await page.getByTestId('edit-incident').click();
  const dialog = page.getByRole('dialog', { name: '编辑事件' });
  await dialog.getByTestId('agency-checkboxes').locator('[data-agency="fire"]').uncheck();
  await dialog.getByTestId('dialog-submit').click();
  const confirm = page.getByRole('dialog', { name: '将消防救援移出事件？' });
  await expect(confirm).toContainText('该单位的人员将立即失去此事件的访问权限。');
  await expect(confirm.getByTestId('dialog-cancel')).toBeFocused();

  // Meanwhile commander B gives Fire and Rescue a task.
  const s = await connect(app.url, b);
  const task = await submit(s, seed.incidentId, { type: 'CreateTask', taskId: newId(), title: 'Cool drums at row 14', agency: 'fire', details: '', assignee: null, priority: 'urgent', dueAt: null, location: '' });
  expect(task.ok).toBe(true);
  s.close();
  await expect(page.locator('[data-testid="agency-lane"][data-agency="fire"]')).toContainText('Cool drums at row 14');

  await confirm.getByTestId('dialog-submit').click();
  const refusal = dialog.getByTestId('error-message');
  await expect(refusal).toHaveAttribute('data-code', 'INVALID_TRANSITION');
  await expect(refusal).toContainText('无法移出消防救援：该单位目前有未完成的任务，已重新勾选。');
  await expect(dialog.getByTestId('agency-checkboxes').locator('[data-agency="fire"]')).toBeChecked();
  await shot(page, 'edit-incident-agency-still-busy-zh');
  expect((await serverState(app.url, seed.admin, seed.incidentId)).agencies).toEqual(['port', 'fire', 'customs']);
  await context.close();
});

/**
 * Commander A picks severity II in the dialog; meanwhile commander B raises it to II. The level A
 * picked is the incident's now and no longer offered: before, it stayed A's choice unseen (no
 * option shown checked) and a save sent it, refused as "already II". Now nothing is picked, and a
 * save asks A to choose.
 */
test('a commander whose picked severity is set by another meanwhile is asked to choose again, and nothing is sent', async ({ browser, app }) => {
  const { seed, a, aPassword, b } = await twoCommanders(app.url);
  const { context, page } = await signedInContext(browser, app.url, a, aPassword, 'en');
  await openBoard(page, seed.incidentId);
  await page.getByTestId('change-severity').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByTestId('severity-II').click();
  await expect(dialog.locator('input[name="severity"]:checked')).toHaveCount(1);

  const before = await serverState(app.url, seed.admin, seed.incidentId);
  const s = await connect(app.url, b);
  expect((await submit(s, seed.incidentId, { type: 'ChangeSeverity', expectedVersion: before.version, severity: 'II', reason: 'Vapour cloud reached berth 7' })).ok).toBe(true);
  s.close();
  await expect(page.getByTestId('severity-badge').first()).toHaveAttribute('data-severity', 'II');
  await expect(dialog.getByTestId('severity-II')).toHaveCount(0);
  await expect(dialog.locator('input[name="severity"]:checked')).toHaveCount(0);
  await dialog.getByTestId('dialog-submit').click();
  await expect(dialog).toContainText('Choose the new level');
  const after = await serverState(app.url, seed.admin, seed.incidentId);
  expect(after.version).toBe(before.version + 1);
  await context.close();
});
