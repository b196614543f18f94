import { connect, createUser, submit } from '../server/testing/client';
import { DEFAULT_PLANS, taskTitleOf } from '../lib/domain/plans';
import { openBoard, serverState, serverStateWithTasks } from './support/board';
import { expect, shot, signedInContext, test } from './support/fixtures';
import { seedHazmatDrill } from './support/seed';
import { createTask } from './support/wall';
import { expectNoSeriousA11yIssues } from './support/a11y';

/**
 * SPEC PLAN1: on the alarm the commander activates the hazmat drill's emergency plan from the
 * board. The dialog lists the plan's actions for the four agencies taking part (the other three
 * named, left out); the gas detection fire already wrote by hand is marked and unticked; the
 * commander unticks the sampling. Activating posts one message to all and creates each ticked
 * action as a task for its agency, due from that moment; fire's responder sees its new tasks
 * arrive. Opened again (by a second commander, in Chinese), the dialog says the actions are on
 * the board.
 */
test('PLAN1: a commander activates the emergency plan; each agency gets its tasks, due from then, and everyone is told', async ({ browser, app }) => {
  test.setTimeout(120_000);
  const plan = DEFAULT_PLANS.hazmat!;
  const taking = ['port', 'fire', 'customs', 'medical'];
  const seed = await seedHazmatDrill(app.url, taking);
  const tag = Math.random().toString(36).slice(2, 6);
  const [chen, liu] = [`chen.commander.${tag}`, `liu.commander.${tag}`];
  await createUser(app.url, seed.admin, chen, 'commander', null);
  await createUser(app.url, seed.admin, liu, 'commander', null);
  // Fire began its gas detection before the plan was activated.
  const fire = await connect(app.url, seed.users.fire.token);
  await createTask(fire, seed.incidentId, 'fire', 'Gas detection around the leak');
  fire.close();

  const commander = await signedInContext(browser, app.url, chen, `${chen}-password-ok`, 'en');
  const responder = await signedInContext(browser, app.url, seed.names.fire, seed.password(seed.names.fire), 'en');
  await openBoard(commander.page, seed.incidentId, 'commander');
  await openBoard(responder.page, seed.incidentId, 'responder');
  // A responder has no plan to activate.
  await expect(responder.page.getByTestId('activate-plan')).toHaveCount(0);

  const page = commander.page;
  await page.getByTestId('activate-plan').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('Activate the emergency plan: Dangerous-goods leak plan');
  await expect(dialog.getByTestId('emergency-plan-group')).toHaveCount(4);
  expect(await dialog.getByTestId('emergency-plan-group').evaluateAll((els) => els.map((e) => e.getAttribute('data-agency')))).toEqual(taking);
  await expect(dialog.getByTestId('emergency-plan-absent')).toHaveText('Not taking part in this incident, left out: Maritime Safety, Border Inspection, and Public Security Police');
  const action = (key: string) => dialog.locator(`[data-testid="emergency-plan-action"][data-key="${key}"]`);
  const shown = plan.actions.filter((a) => taking.includes(a.agency));
  await expect(dialog.getByTestId('emergency-plan-action')).toHaveCount(shown.length);
  // Already on fire's lane: marked, unticked.
  await expect(action('fire-detect')).not.toBeChecked();
  await expect(dialog.getByTestId('emergency-plan-on-board')).toHaveCount(1);
  await expect(action('fire-zones')).toBeChecked();
  // Samples are not for this drill.
  await action('customs-sample').uncheck();
  const chosen = shown.filter((a) => a.key !== 'fire-detect' && a.key !== 'customs-sample');
  await expect(dialog.getByTestId('dialog-submit')).toHaveText(`Activate: ${chosen.length} tasks`);
  await shot(page, 'activate-plan-dialog-en');
  await expectNoSeriousA11yIssues(page, 'activate plan dialog');

  const before = Date.now();
  await dialog.getByTestId('dialog-submit').click();
  await expect(dialog).toHaveCount(0, { timeout: 30_000 });

  // The record: one message to all, then each ticked action as a task of its agency, due from then.
  const s = await serverStateWithTasks(app.url, seed.admin, seed.incidentId, 1 + chosen.length);
  const announce = s.messages.at(-1)!;
  // In both languages, as the titles are, the commander's first.
  expect(announce).toMatchObject({ text: `Emergency plan activated: Dangerous-goods leak plan (${chosen.length} tasks) / 已启动危险品泄漏应急预案（共 ${chosen.length} 项任务）`, toAgency: null });
  const tasks = Object.values(s.tasks);
  expect(tasks.length).toBe(1 + chosen.length);
  for (const a of chosen) {
    // Titled in both languages, the activating person's first: a mixed team reads either.
    const task = tasks.find((x) => x.title === `${a.title.en} / ${a.title.zh}`);
    expect(task, a.key).toBeDefined();
    expect([task!.agency, task!.priority]).toEqual([a.agency, a.priority]);
    if (a.dueMinutes === null) expect(task!.dueAt).toBeNull();
    else {
      expect(task!.dueAt! - before).toBeGreaterThanOrEqual(a.dueMinutes * 60_000 - 1_000);
      expect(task!.dueAt! - Date.now()).toBeLessThanOrEqual(a.dueMinutes * 60_000);
    }
  }
  expect(tasks.some((x) => x.title.includes('Take samples once it is safe'))).toBe(false);
  console.log(`[PLAN1] activated ${chosen.length} tasks for ${taking.length} agencies in ${Date.now() - before} ms`);

  // Fire's responder sees its lane fill: its plan's actions (one of them the task it wrote).
  const fireLane = responder.page.locator('[data-testid="agency-lane"][data-agency="fire"]');
  await expect(fireLane.getByTestId('task-card')).toHaveCount(plan.actions.filter((a) => a.agency === 'fire').length);
  await expect(responder.page.getByTestId('message-item').filter({ hasText: 'Emergency plan activated' })).toHaveCount(1);
  // Told once, counted, not in five notices that push everything else off the screen.
  const told = responder.page.locator('[data-testid="notice"][data-kind="assigned"]');
  await expect(told).toHaveCount(1);
  await expect(told).toHaveAttribute('data-count', String(chosen.filter((a) => a.agency === 'fire').length));
  await expect(told).toContainText(`${chosen.filter((a) => a.agency === 'fire').length} new tasks for Fire and Rescue, the latest “Decontamination corridor for exposed people / 设立人员洗消通道”`);
  await shot(responder.page, 'plan-activated-responder-board-en');
  await expect(page.getByTestId('task-card')).toHaveCount(1 + chosen.length);
  await shot(page, 'plan-activated-commander-board-en');
  // A bilingual title longer than a card's three lines shows whole on hover; a short one has no tooltip.
  const declaration = page.getByTestId('task-card').filter({ hasText: 'Hand the dangerous-goods declaration' }).locator('h3');
  await expect(declaration).toHaveAttribute('title', /command post/);
  await expect(page.getByTestId('task-card').filter({ hasText: 'Triage everyone exposed' }).locator('h3')).not.toHaveAttribute('title', /./);

  // A second commander, in Chinese: every action of the plan is on the board but the one left out.
  const second = await signedInContext(browser, app.url, liu, `${liu}-password-ok`, 'zh-CN');
  await openBoard(second.page, seed.incidentId, 'second commander');
  await second.page.getByTestId('activate-plan').click();
  const again = second.page.getByRole('dialog');
  await expect(again).toContainText('启动危险品泄漏应急预案');
  await expect(again.getByTestId('emergency-plan-on-board')).toHaveCount(shown.length - 1);
  await expect(again.locator('[data-testid="emergency-plan-action"][data-key="customs-sample"]')).toBeChecked();
  await expect(again.getByTestId('dialog-submit')).toHaveText('启动：1 项任务');
  await shot(second.page, 'activate-plan-dialog-again-zh');
  await again.getByTestId('dialog-cancel').click();
  await expect(again).toHaveCount(0);
  // The commander's header on a smaller laptop (1280 wide): every control still in reach.
  await second.page.setViewportSize({ width: 1280, height: 720 });
  await expect(second.page.getByTestId('activate-plan')).toBeInViewport();
  await shot(second.page, 'plan-commander-header-1280-zh');

  await commander.context.close();
  await responder.context.close();
  await second.context.close();
});

/**
 * SPEC PLAN1: an agency is taken out of the incident while the commander looks at the plan. The
 * activation puts the message and every task in the outbox; that agency's tasks are refused, the
 * others applied: the dialog stays, says so, marks what was sent. The agency is brought back and
 * the commander activates again: only the rest is sent (one message in all, no task twice).
 */
test('PLAN1: a refusal midway is shown while the rest goes on; activating again sends only what was refused', async ({ browser, app }) => {
  test.setTimeout(120_000);
  const plan = DEFAULT_PLANS.hazmat!;
  const taking = ['port', 'customs', 'medical'];
  const seed = await seedHazmatDrill(app.url, taking);
  const name = `he.commander.${Math.random().toString(36).slice(2, 6)}`;
  await createUser(app.url, seed.admin, name, 'commander', null);
  const commander = await signedInContext(browser, app.url, name, `${name}-password-ok`, 'en');
  const page = commander.page;
  await openBoard(page, seed.incidentId, 'commander');
  await page.getByTestId('activate-plan').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('emergency-plan-group')).toHaveCount(3);
  const medical = plan.actions.filter((a) => a.agency === 'medical');
  const shown = plan.actions.filter((a) => taking.includes(a.agency));

  // Meanwhile another commander takes Emergency Medical out of the incident (it has no tasks yet).
  const admin = await connect(app.url, seed.admin);
  const setAgencies = async (agencies: string[]) => {
    const version = (await serverState(app.url, seed.admin, seed.incidentId)).version;
    expect((await submit(admin, seed.incidentId, { type: 'UpdateIncident', expectedVersion: version, agencies })).ok).toBe(true);
  };
  await setAgencies(['port', 'customs']);

  await dialog.getByTestId('dialog-submit').click();
  await expect(dialog.getByTestId('error-message')).toBeVisible({ timeout: 30_000 });
  await expect(dialog.getByTestId('emergency-plan-sent')).toHaveCount(shown.length - medical.length);
  await expect(dialog.getByTestId('dialog-submit')).toHaveText(`Activate: ${medical.length} tasks`);
  await shot(page, 'activate-plan-refused-midway-en');
  const midway = await serverState(app.url, seed.admin, seed.incidentId);
  expect(Object.keys(midway.tasks).length).toBe(shown.length - medical.length);

  // Medical is back: the rest goes, nothing twice.
  await setAgencies(taking);
  await dialog.getByTestId('dialog-submit').click();
  await expect(dialog).toHaveCount(0, { timeout: 30_000 });
  const s = await serverStateWithTasks(app.url, seed.admin, seed.incidentId, shown.length);
  const titles = Object.values(s.tasks).map((x) => x.title);
  expect(titles.length).toBe(shown.length);
  expect(new Set(titles).size).toBe(shown.length);
  for (const a of medical) expect(titles).toContain(taskTitleOf(a.title, 'en'));
  expect(s.messages.filter((m) => m.text.startsWith('Emergency plan activated')).map((m) => m.text)).toEqual([
    `Emergency plan activated: Dangerous-goods leak plan (${shown.length} tasks) / 已启动危险品泄漏应急预案（共 ${shown.length} 项任务）`,
  ]);
  admin.close();
  await commander.context.close();
});
