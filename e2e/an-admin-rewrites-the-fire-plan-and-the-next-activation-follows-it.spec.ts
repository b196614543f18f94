import { newId } from '../lib/client/new-id';
import { DEFAULT_PLANS, taskTitleOf } from '../lib/domain/plans';
import type { PlanView } from '../lib/protocol/plans';
import { connect, createUser, hazmatIncident, request, signIn, submit } from '../server/testing/client';
import { TEST_ADMIN_PASSWORD } from '../server/testing/server-process';
import { expectNoSeriousA11yIssues } from './support/a11y';
import { openBoard, serverStateWithTasks } from './support/board';
import { builtInPlanOf, planOf } from '../server/testing/plans';
import { expect, shot, signedInContext, test } from './support/fixtures';
import type { Dialog, Page } from '@playwright/test';


const firePlan = (url: string, token: string): Promise<PlanView> => planOf(url, token, 'fire');

async function openFirePlan(page: Page) {
  await page.goto('/admin');
  await page.getByTestId('admin-tab-plans').click();
  await page.locator('[data-testid="plan-scenario"][data-scenario="fire"]').click();
  const editor = page.locator('[data-testid="plan-editor"][data-scenario="fire"]');
  await expect(editor).toBeVisible();
  return editor;
}

/**
 * SPEC PLAN2: the port's own bonded-warehouse fire plan differs from the built-in one. A
 * warehouse fire is under way; its commander's board is open. An admin rewrites the plan on the
 * admin page: renames it, has Customs check the bonded stock list first (a new action, moved to
 * the top), drops the battery tactics this warehouse does not need, and gives the power shut-off
 * 5 minutes instead of 10. A second admin, who had the plan open with a change of their own, is
 * told at once that it cannot be saved over the first admin's, and loads it. The commander, whose
 * board was open all along, activates the plan: the dialog and the tasks follow the saved plan.
 * Last, the built-in plan is put back, and the second admin's page shows it without a reload.
 */
test('PLAN2: an admin rewrites the fire plan; another admin editing at the same time is told; the next activation follows it', async ({ browser, app }) => {
  test.setTimeout(150_000);
  const admin = await signIn(app.url);
  const tag = Math.random().toString(36).slice(2, 6);
  const [second, commander] = [`sun.admin.${tag}`, `zhou.commander.${tag}`];
  await createUser(app.url, admin, second, 'admin', null);
  await createUser(app.url, admin, commander, 'commander', null);
  // Other tests on this server (or this one, repeated) may have saved the fire plan: it starts as
  // built in (put back if it is not), and versions are counted from here.
  const before = await builtInPlanOf(app.url, admin, 'fire');
  const version = before.version;
  expect(before.actions).toEqual(DEFAULT_PLANS.fire!.actions);

  // A warehouse fire under way: its commander's board is open from before the plan changes.
  const s = await connect(app.url, admin);
  const incidentId = newId();
  const taking = ['fire', 'port', 'customs', 'medical'];
  const ack = await submit(s, incidentId, { ...hazmatIncident(taking), scenario: 'fire', title: '保税仓库火灾 Bonded warehouse fire' });
  expect(ack.ok).toBe(true);
  s.close();
  const boss = await signedInContext(browser, app.url, commander, `${commander}-password-ok`, 'en');
  await openBoard(boss.page, incidentId, 'commander');
  await expect(boss.page.getByTestId('activate-plan')).toBeVisible();

  const first = await signedInContext(browser, app.url, 'admin', TEST_ADMIN_PASSWORD, 'en');
  await first.page.setViewportSize({ width: 1920, height: 1080 });
  const other = await signedInContext(browser, app.url, second, `${second}-password-ok`, 'zh-CN');
  await other.page.setViewportSize({ width: 1920, height: 1080 });

  // The second admin opens the plan first and starts a change of their own.
  const theirs = await openFirePlan(other.page);
  // Built in and never saved here, or built in as last saved.
  if (before.updatedBy) await expect(theirs.getByTestId('plan-editor-status')).toContainText(`${before.updatedBy.name} 保存于`);
  else await expect(theirs.getByTestId('plan-editor-status')).toHaveText('内置预案：本系统未作修改。');
  await theirs.getByTestId('plan-name-zh').fill('保税仓库火灾应急预案（草稿）');
  await expect(theirs).toHaveAttribute('data-dirty', 'true');
  // The line above the fields no longer says the plan is unchanged: it is being changed, not yet in use.
  if (before.updatedBy) await expect(theirs.getByTestId('plan-editor-status')).toContainText(`正在修改 ${before.updatedBy.name} 于`);
  else await expect(theirs.getByTestId('plan-editor-status')).toHaveText('正在修改内置预案：保存之前，本系统仍使用原内置预案。');
  // Another scenario, or another tab of the admin page, asks first; declined, the change stays.
  const asked: string[] = [];
  const decline = (d: Dialog) => {
    asked.push(d.message());
    void d.dismiss();
  };
  other.page.on('dialog', decline);
  await other.page.locator('[data-testid="plan-scenario"][data-scenario="hazmat"]').click();
  await other.page.getByTestId('admin-tab-accounts').click();
  await expect.poll(() => asked).toEqual(Array(2).fill('当前预案有未保存的修改。离开将丢失这些修改，确定离开吗？'));
  other.page.off('dialog', decline);
  await expect(other.page.locator('[data-testid="plan-scenario"][data-scenario="fire"]')).toHaveAttribute('aria-current', 'true');
  await expect(other.page.locator('[data-testid="plan-scenario"][data-scenario="hazmat"]')).not.toHaveAttribute('aria-current');
  await expect(theirs.getByTestId('plan-name-zh')).toHaveValue('保税仓库火灾应急预案（草稿）');

  const page = first.page;
  const editor = await openFirePlan(page);
  await expect(editor.getByTestId('plan-action-row')).toHaveCount(DEFAULT_PLANS.fire!.actions.length);
  const row = (key: string) => editor.locator(`[data-testid="plan-action-row"][data-key="${key}"]`);
  await editor.getByTestId('plan-name-en').fill('Bonded warehouse 3 fire plan');
  await row('fire-battery').getByTestId('plan-action-remove').click();
  await row('port-power').getByTestId('plan-action-due').fill('5');
  await editor.getByTestId('plan-add-action').click();
  const added = editor.getByTestId('plan-action-row').last();
  const key = await added.getAttribute('data-key');
  await added.getByTestId('plan-action-agency').selectOption('customs');
  await added.getByTestId('plan-action-title-en').fill('Check the bonded stock list for dangerous goods');
  await added.getByTestId('plan-action-priority').selectOption('urgent');
  await added.getByTestId('plan-action-due').fill('10');
  // Saved without its Chinese title: refused here, the field marked, nothing sent.
  await editor.getByTestId('plan-save').click();
  await expect(editor.getByTestId('plan-invalid')).toBeVisible();
  await expect(added.getByTestId('plan-action-title-zh')).toHaveAttribute('aria-invalid', 'true');
  await expect(added.getByTestId('plan-action-title-zh')).toBeFocused();
  expect((await firePlan(app.url, admin)).version).toBe(version);
  await added.getByTestId('plan-action-title-zh').fill('核查保税库存清单中的危险品');
  await expect(editor.getByTestId('plan-invalid')).toHaveCount(0);
  // First in the plan: moved up past the thirteen others.
  for (let i = 0; i < DEFAULT_PLANS.fire!.actions.length - 1; i++) await editor.getByTestId('plan-action-row').nth(DEFAULT_PLANS.fire!.actions.length - 1 - i).getByTestId('plan-action-up').click();
  await expect(editor.getByTestId('plan-action-row').first()).toHaveAttribute('data-key', key!);
  // The focus moved with the action (at the top, from ↑ to ↓).
  await expect(editor.getByTestId('plan-action-row').first().getByTestId('plan-action-down')).toBeFocused();
  await expect(editor.getByTestId('plan-save-state')).toHaveText('Changes not saved');
  await expect(editor.getByTestId('plan-editor-status')).toContainText('Changing the ');
  await shot(page, 'admin-plan-editor-fire-1080p-en');
  await expectNoSeriousA11yIssues(page, 'plan editor');
  await editor.getByTestId('plan-save').click();
  await expect(editor.getByTestId('plan-save-state')).toHaveText('Saved.');
  await expect(editor).toHaveAttribute('data-version', String(version + 1));
  await expect(editor.getByTestId('plan-editor-status')).toContainText('Saved by Administrator');

  const saved = await firePlan(app.url, admin);
  expect(saved.version).toBe(version + 1);
  expect(saved.name.en).toBe('Bonded warehouse 3 fire plan');
  expect(saved.actions.map((a) => a.key)).toEqual([key, ...DEFAULT_PLANS.fire!.actions.filter((a) => a.key !== 'fire-battery').map((a) => a.key)]);
  expect(saved.actions[0]).toEqual({ key, agency: 'customs', title: { zh: '核查保税库存清单中的危险品', en: 'Check the bonded stock list for dangerous goods' }, priority: 'urgent', dueMinutes: 10 });
  expect(saved.actions.find((a) => a.key === 'port-power')!.dueMinutes).toBe(5);

  // The second admin is told at once (the save is pushed to every page): theirs cannot be saved
  // over it, nothing of theirs is written; they load the saved plan.
  await expect(theirs.getByTestId('plan-conflict')).toContainText('Administrator 已保存此预案');
  await expect(theirs.getByTestId('plan-conflict')).toContainText('您的修改不能覆盖它');
  await expect(theirs.getByTestId('plan-conflict')).toHaveAttribute('data-refused', 'false');
  await expect(theirs.getByTestId('plan-save')).toBeDisabled();
  // The line above no longer says the version they began from is in use.
  await expect(theirs.getByTestId('plan-editor-status')).toContainText('此后另一位管理员保存了');
  await expect(theirs.getByTestId('plan-editor-status')).toContainText('现使用的是该版本');
  await expect(theirs.getByTestId('plan-name-zh')).toHaveValue('保税仓库火灾应急预案（草稿）');
  expect((await firePlan(app.url, admin)).name.zh).toBe(DEFAULT_PLANS.fire!.name.zh);
  await shot(other.page, 'admin-plan-conflict-zh');
  await theirs.getByTestId('plan-load-theirs').click();
  await expect(theirs).toHaveAttribute('data-version', String(version + 1));
  await expect(theirs.getByTestId('plan-action-row').first()).toHaveAttribute('data-key', key!);
  await expect(theirs.getByTestId('plan-action-row').first().getByTestId('plan-action-title-zh')).toHaveValue('核查保税库存清单中的危险品');
  await expect(theirs.getByTestId('plan-editor-status')).toContainText('Administrator 保存于');

  // The commander, whose board was open before the save, activates the plan as saved now.
  await boss.page.getByTestId('activate-plan').click();
  const dialog = boss.page.getByRole('dialog');
  await expect(dialog).toContainText('Activate the emergency plan: Bonded warehouse 3 fire plan');
  const action = (k: string) => dialog.locator(`[data-testid="emergency-plan-action"][data-key="${k}"]`);
  await expect(action(key!)).toBeChecked();
  const line = (k: string) => dialog.locator('label', { has: boss.page.locator(`[data-testid="emergency-plan-action"][data-key="${k}"]`) });
  await expect(line(key!)).toContainText('Check the bonded stock list for dangerous goods');
  await expect(line(key!)).toContainText('due in 10 min');
  await expect(line('port-power')).toContainText('due in 5 min');
  await expect(action('fire-battery')).toHaveCount(0);
  const shown = saved.actions.filter((a) => taking.includes(a.agency));
  await expect(dialog.getByTestId('emergency-plan-action')).toHaveCount(shown.length);
  await shot(boss.page, 'activate-plan-dialog-edited-plan-en');
  const t0 = Date.now();
  await dialog.getByTestId('dialog-submit').click();
  await expect(dialog).toHaveCount(0, { timeout: 30_000 });
  const state = await serverStateWithTasks(app.url, admin, incidentId, shown.length);
  const tasks = Object.values(state.tasks);
  expect(tasks.map((t) => t.title).sort()).toEqual(shown.map((a) => taskTitleOf(a.title, 'en')).sort());
  const stock = tasks.find((t) => t.title === 'Check the bonded stock list for dangerous goods / 核查保税库存清单中的危险品')!;
  expect([stock.agency, stock.priority]).toEqual(['customs', 'urgent']);
  expect(stock.dueAt! - t0).toBeGreaterThan(10 * 60_000 - 2_000);
  expect(stock.dueAt! - t0).toBeLessThanOrEqual(10 * 60_000 + 30_000);
  const power = tasks.find((t) => t.title.startsWith('Shut off power to the warehouse / '))!;
  expect(power.dueAt! - t0).toBeLessThanOrEqual(5 * 60_000 + 30_000);
  expect(state.messages.at(-1)!.text).toBe(`Emergency plan activated: Bonded warehouse 3 fire plan (${shown.length} tasks) / 已启动${saved.name.zh}（共 ${shown.length} 项任务）`);

  // The built-in plan put back: saved as a new version, equal to it.
  await editor.getByTestId('plan-restore').click();
  await expect(editor.getByTestId('plan-action-row')).toHaveCount(DEFAULT_PLANS.fire!.actions.length);
  await editor.getByTestId('plan-save').click();
  await expect(editor).toHaveAttribute('data-version', String(version + 2));
  const restored = await firePlan(app.url, admin);
  expect([restored.version, restored.name, restored.actions]).toEqual([version + 2, DEFAULT_PLANS.fire!.name, DEFAULT_PLANS.fire!.actions]);
  // The second admin's page, with nothing changed on it, shows it at once (no reload).
  await expect(theirs).toHaveAttribute('data-version', String(version + 2));
  await expect(theirs.getByTestId('plan-action-row')).toHaveCount(DEFAULT_PLANS.fire!.actions.length);
  await expect(theirs.getByTestId('plan-name-en')).toHaveValue(DEFAULT_PLANS.fire!.name.en);
  await shot(other.page, 'admin-plan-editor-fire-1080p-zh');

  // After the drill, from the findings' improvement plan, the admin goes straight to this scenario's plan.
  await page.goto(`/incidents/${incidentId}/findings`);
  await page.getByTestId('edit-emergency-plan').click();
  await page.waitForURL((u) => u.pathname === '/admin' && u.searchParams.get('scenario') === 'fire');
  await expect(page.locator('[data-testid="plan-editor"][data-scenario="fire"]')).toBeVisible();
  await expect(page.locator('[data-testid="plan-scenario"][data-scenario="fire"]')).toHaveAttribute('aria-current', 'true');

  // A commander cannot save a plan: refused, nothing written.
  const bossToken = await signIn(app.url, commander, `${commander}-password-ok`);
  const refused = await request(app.url, 'PUT', '/api/plans/fire', { token: bossToken, body: { version: restored.version, name: restored.name, actions: [] } });
  expect([refused.status, refused.json.error?.code]).toEqual([403, 'FORBIDDEN']);
  expect((await firePlan(app.url, admin)).version).toBe(version + 2);

  await first.context.close();
  await other.context.close();
  await boss.context.close();
});

/**
 * SPEC PLAN2: the commander's board cannot read the installation's plans (the store away: the
 * server answers 503, retried, then given up). The board says so where the plan's button would be,
 * instead of leaving it out; a press once the server answers reads them, and the plan is there.
 */
test('PLAN2: a commander whose board cannot read the plans is told so, and a press reads them again', async ({ browser, app }) => {
  test.setTimeout(90_000);
  const admin = await signIn(app.url);
  const tag = Math.random().toString(36).slice(2, 6);
  const commander = `qian.commander.${tag}`;
  await createUser(app.url, admin, commander, 'commander', null);
  const s = await connect(app.url, admin);
  const incidentId = newId();
  expect((await submit(s, incidentId, hazmatIncident(['fire', 'port', 'customs']))).ok).toBe(true);
  s.close();
  const { context, page } = await signedInContext(browser, app.url, commander, `${commander}-password-ok`, 'zh-CN');
  let refused = 0;
  await page.route('**/api/plans', (route) => {
    refused++;
    return route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ ok: false, error: { code: 'STORE_UNAVAILABLE', message: 'The store is unavailable.' } }) });
  });
  await openBoard(page, incidentId, 'commander');
  const unread = page.getByTestId('activate-plan-unread');
  await expect(unread).toBeVisible({ timeout: 30_000 });
  await expect(unread).toHaveAttribute('title', '未能从服务器读取应急预案。点击重试。');
  await expect(page.getByTestId('activate-plan')).toHaveCount(0);
  expect(refused).toBeGreaterThanOrEqual(2);
  await shot(page, 'board-plans-unread-zh');
  await page.unroute('**/api/plans');
  await unread.click();
  await expect(page.getByTestId('activate-plan')).toBeVisible();
  await expect(unread).toHaveCount(0);
  await page.getByTestId('activate-plan').click();
  await expect(page.getByRole('dialog')).toContainText('危险品泄漏应急预案');
  await context.close();
});

/**
 * SPEC PLAN2: an admin has changed the fire plan and not saved it. The browser's Back button asks
 * first: declined, the page and the changes stay (the address too); signing out asks first:
 * declined, still signed in with the changes on screen. Back accepted leaves for the incident list;
 * another scenario accepted shows it and drops the change; a sign-out accepted with a new change on
 * screen signs out. Nothing unsaved is written.
 */
test('PLAN2: an admin with a plan not saved is asked before the Back button, another scenario or a sign-out take it away', async ({ browser, app }) => {
  test.setTimeout(90_000);
  const admin = await signIn(app.url);
  const before = await firePlan(app.url, admin);
  const { context, page } = await signedInContext(browser, app.url, 'admin', TEST_ADMIN_PASSWORD, 'zh-CN');
  const question = '当前预案有未保存的修改。离开将丢失这些修改，确定离开吗？';
  const asked: string[] = [];
  let agree = false;
  page.on('dialog', (d) => {
    asked.push(d.message());
    void (agree ? d.accept() : d.dismiss());
  });
  // Into the admin page through the app's own link, as a person does: Back is then the router's.
  const edit = async (name: string) => {
    await page.goto('/incidents');
    await page.getByTestId('nav-admin').click();
    await page.waitForURL((u) => u.pathname === '/admin');
    await page.getByTestId('admin-tab-plans').click();
    await page.locator('[data-testid="plan-scenario"][data-scenario="fire"]').click();
    const editor = page.locator('[data-testid="plan-editor"][data-scenario="fire"]');
    await editor.getByTestId('plan-name-zh').fill(name);
    await expect(editor).toHaveAttribute('data-dirty', 'true');
    return editor;
  };
  const editor = await edit('保税仓库火灾应急预案（修订中）');

  // The browser's Back button (the same traversal as Playwright's goBack), declined: it never
  // lands, so goBack is not awaited.
  void page.goBack({ timeout: 10_000 }).catch(() => undefined);
  await expect.poll(() => asked.length).toBe(1);
  expect(asked[0]).toBe(question);
  await expect.poll(() => new URL(page.url()).pathname).toBe('/admin');
  await expect(editor.getByTestId('plan-name-zh')).toHaveValue('保税仓库火灾应急预案（修订中）');
  // Still the router's page, the fire plan's editor on it.
  await expect(page.locator('[data-testid="plan-scenario"][data-scenario="fire"]')).toHaveAttribute('aria-current', 'true');

  await page.getByTestId('sign-out').click();
  await expect.poll(() => asked.length).toBe(2);
  expect(asked[1]).toBe(question);
  await expect(editor.getByTestId('plan-name-zh')).toHaveValue('保税仓库火灾应急预案（修订中）');
  await expect(page.getByTestId('sign-out')).toBeVisible();
  expect(new URL(page.url()).pathname).toBe('/admin');

  agree = true;
  await page.goBack();
  await page.waitForURL((u) => u.pathname === '/incidents');
  expect(asked).toHaveLength(3);
  await expect(page.getByTestId('plan-editor')).toHaveCount(0);

  agree = false;
  await edit('保税仓库火灾应急预案（草稿二）');
  // Another scenario, accepted: its plan on screen, the fire plan's change gone.
  agree = true;
  await page.locator('[data-testid="plan-scenario"][data-scenario="hazmat"]').click();
  await expect(page.locator('[data-testid="plan-editor"][data-scenario="hazmat"]')).toHaveAttribute('data-dirty', 'false');
  expect(asked).toHaveLength(4);
  await page.locator('[data-testid="plan-scenario"][data-scenario="fire"]').click();
  const again = page.locator('[data-testid="plan-editor"][data-scenario="fire"]');
  await expect(again.getByTestId('plan-name-zh')).toHaveValue(before.name.zh);
  expect(asked).toHaveLength(4); // nothing changed on screen: not asked
  await again.getByTestId('plan-name-zh').fill('保税仓库火灾应急预案（草稿三）');
  await page.getByTestId('sign-out').click();
  await page.waitForURL((u) => u.pathname === '/login');
  expect(asked).toEqual(Array(5).fill(question));
  expect(await firePlan(app.url, admin)).toEqual(before);
  await context.close();
});
