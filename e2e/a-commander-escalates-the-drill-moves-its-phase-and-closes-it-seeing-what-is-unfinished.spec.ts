import { newId } from '../lib/client/new-id';
import { LIMITS } from '../lib/domain/limits';
import { connect, createUser, submit } from '../server/testing/client';
import { changeSeverity, openBoard, serverState } from './support/board';
import { expect, shot, signedInContext, test } from './support/fixtures';
import { seedHazmatDrill } from './support/seed';
import { createTask } from './support/wall';

/**
 * Scenario A through a commander's own screen: the vapour cloud reaches the quay, so the drill is
 * raised from III to II with a reason; the leak is stopped (containment); the drill is closed. The
 * close dialog says what is still unfinished, agency by agency (SPEC INC2: closing is final), and a
 * responder on the board is told of the escalation and of the closing (INC3).
 */
test('INC1/INC2/INC3: a commander raises the severity with a reason, moves to containment and closes the drill seeing what is unfinished; a responder is told', async ({ browser, app }) => {
  test.setTimeout(120_000);
  const seed = await seedHazmatDrill(app.url, ['port', 'fire', 'customs']);
  const commanderName = `chen.commander.${Math.random().toString(36).slice(2, 6)}`;
  await createUser(app.url, seed.admin, commanderName, 'commander', null);
  // Fire still has two tasks going, one of them blocked.
  const fire = await connect(app.url, seed.users.fire.token);
  await createTask(fire, seed.incidentId, 'fire', 'Water curtain on the north side');
  const foam = await createTask(fire, seed.incidentId, 'fire', 'Foam blanket over the pooled liquid');
  for (const [to, reason] of [['acknowledged', null], ['blocked', 'Foam stock low; waiting for the support tender']] as const) {
    const version = (await serverState(app.url, seed.admin, seed.incidentId)).tasks[foam].version;
    expect((await submit(fire, seed.incidentId, { type: 'ChangeTaskStatus', taskId: foam, expectedVersion: version, to, ...(reason ? { reason } : {}) })).ok).toBe(true);
  }
  fire.close();

  const commander = await signedInContext(browser, app.url, commanderName, `${commanderName}-password-ok`, 'zh-CN');
  const responder = await signedInContext(browser, app.url, seed.names.fire, seed.password(seed.names.fire), 'en');
  await openBoard(commander.page, seed.incidentId, 'commander');
  await openBoard(responder.page, seed.incidentId, 'responder');
  const page = commander.page;
  const notices = responder.page.locator('[aria-live] [data-testid="notice"]');

  // III → II, with the reason. A situation report pasted whole is longer than a reason holds: the
  // field keeps its limit (LIMITS.reason) and says so, and a screen reader hears it once; the reason is written short.
  await page.getByTestId('change-severity').click();
  const severityDialog = page.getByRole('dialog');
  const reasonInput = severityDialog.getByTestId('severity-reason');
  await reasonInput.focus();
  const report = '蒸气云已扩散至7号泊位码头前沿，';
  await page.keyboard.insertText(report.repeat(Math.ceil((LIMITS.reason * 1.25) / report.length)));
  expect((await reasonInput.inputValue()).length).toBe(LIMITS.reason);
  await expect(reasonInput).toHaveAccessibleDescription(`已达 ${LIMITS.reason} 个字符上限，超出部分不会保留`);
  await expect(severityDialog.getByTestId('length-cut')).toHaveText(`已达 ${LIMITS.reason} 个字符上限，超出部分不会保留`);
  await shot(page, 'severity-reason-at-its-limit-zh');
  await severityDialog.getByTestId('dialog-cancel').click();
  await expect(severityDialog).toHaveCount(0);
  // The focus is back on the button that opened it (it was on the page's body: the next Tab went to the top).
  await expect(page.getByTestId('change-severity')).toBeFocused();
  // So from the keyboard: Enter opens it, Esc closes it, the focus stays where the person was.
  await page.keyboard.press('Enter');
  await expect(severityDialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(severityDialog).toHaveCount(0);
  await expect(page.getByTestId('change-severity')).toBeFocused();
  await changeSeverity(page, 'II', '蒸气云已扩散至7号泊位码头前沿');
  const dialog = page.getByRole('dialog');
  await expect(page.getByTestId('severity-badge').first()).toHaveAttribute('data-severity', 'II');
  const raised = notices.and(responder.page.locator('[data-kind="severity"]'));
  await expect(raised).toContainText('Severity raised to II');
  await expect(raised).toContainText('蒸气云已扩散至7号泊位码头前沿');
  await shot(responder.page, 'responder-told-severity-raised-en');

  // The leak is stopped: containment.
  await page.getByTestId('change-phase').click();
  await page.getByTestId('phase-option-containment').click();
  await expect(page.getByTestId('phase-badge').first()).toHaveAttribute('data-phase', 'containment');

  // An alert just before the end: on the strip while the incident runs; once it is closed, history
  // (in the messages and the timeline), not a strip saying to act now with a "Got it" to press.
  const alerter = await connect(app.url, seed.admin);
  const alert = await submit(alerter, seed.incidentId, { type: 'PostMessage', messageId: newId(), text: '7号泊位人员立即撤离', toAgency: null, alert: true });
  expect(alert.ok, JSON.stringify(alert)).toBe(true);
  alerter.close();
  await expect(page.getByTestId('alert-strip')).toContainText('7号泊位人员立即撤离');

  // Closing: the dialog lists what is unfinished, by agency, before anything is written.
  await page.getByTestId('change-phase').click();
  await page.getByTestId('phase-option-closed').click();
  const unfinished = dialog.getByTestId('close-unfinished');
  await expect(unfinished).toContainText('仍有 2 项任务未完成');
  await expect(unfinished.locator('[data-agency="fire"]')).toContainText('2 项未完成，其中 1 项受阻');
  await expect(unfinished.locator('li')).toHaveCount(1);
  await shot(page, 'close-incident-with-unfinished-tasks-zh');
  expect((await serverState(app.url, seed.admin, seed.incidentId)).phase).toBe('containment');
  // "查看" takes the commander to Fire's lane to see that work, closing nothing.
  const show = unfinished.locator('[data-agency="fire"]').getByTestId('close-show-lane');
  await expect(show).toHaveAccessibleName('查看消防救援的任务');
  await show.click();
  await expect(dialog).toHaveCount(0);
  const fireLane = page.locator('[data-testid="agency-lane"][data-agency="fire"]');
  await expect(fireLane).toBeFocused();
  await expect(fireLane).toHaveAttribute('data-flash', ''); // marked for a moment: a mouse click shows no focus ring
  await shot(page, 'close-dialog-took-the-commander-to-fire-lane-zh');
  expect((await serverState(app.url, seed.admin, seed.incidentId)).phase).toBe('containment');
  await page.getByTestId('change-phase').click();
  await page.getByTestId('phase-option-closed').click();
  await expect(unfinished).toContainText('仍有 2 项任务未完成');
  await dialog.getByTestId('dialog-submit').click();
  await expect(page.getByTestId('closed-banner')).toBeVisible();
  await expect(page.getByTestId('commander-controls')).toHaveCount(0);
  await expect(notices.and(responder.page.locator('[data-kind="closed"]'))).toContainText('closed the incident');
  await expect(responder.page.getByTestId('closed-banner')).toBeVisible();
  await expect(page.getByTestId('alert-strip')).toHaveCount(0);
  await expect(page.getByTestId('message-item').filter({ hasText: '7号泊位人员立即撤离' })).toHaveCount(1);
  await shot(page, 'closed-board-zh');

  const s = await serverState(app.url, seed.admin, seed.incidentId);
  expect([s.phase, s.severity]).toEqual(['closed', 'II']);
  await commander.context.close();
  await responder.context.close();
});
