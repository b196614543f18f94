import { readFile } from 'node:fs/promises';
import { PlansFile, type PlanView } from '../lib/protocol/plans';
import { request, signIn } from '../server/testing/client';
import { TEST_ADMIN_PASSWORD } from '../server/testing/server-process';
import { expectNoSeriousA11yIssues } from './support/a11y';
import { expect, shot, signedInContext, test as base } from './support/fixtures';
import { planOf, putPlanBack } from '../server/testing/plans';

/**
 * The epidemic plan as the test finds it, put back when the test ends, passed or failed at any
 * step (a fixture's teardown runs after a failure or a time-out too), so the next test on this
 * worker's server finds it as this one did.
 */
const test = base.extend<{ epidemicAsFound: PlanView }>({
  epidemicAsFound: async ({ app }, use) => {
    const admin = await signIn(app.url);
    const found = await planOf(app.url, admin, 'epidemic');
    await use(found);
    await putPlanBack(app.url, admin, 'epidemic', found);
  },
});

/**
 * SPEC PLAN3: the port rehearsed its suspected-infectious-disease plan on its drill installation
 * (the cruise terminal drill: the quarantine room is readied before the passenger is moved, and
 * the ambulance is due in 20 minutes, not 30) and brings it into the live one. The
 * admin exports the live plans (the file holds every scenario), and the drill installation's file
 * (here: that file with the drill's plan, and a ship-aground plan that needs the coast guard, which
 * the live directory does not have) is read in: files that are not plans files are refused first,
 * saying why; then the preview says the epidemic plan replaces this one, the other scenarios are
 * the same, and the coast guard's plan is not imported. Another admin saves the epidemic plan
 * while the preview is read: the import refuses to overwrite it, and says so. The file chosen
 * again, imported: the epidemic plan is the drill's, nothing else changed. While the editor has a
 * change not saved, the import waits.
 */
test('PLAN3: an admin brings the drill installation\'s epidemic plan into the live one from a plans file', async ({ browser, app, epidemicAsFound: live }) => {
  test.setTimeout(90_000);
  const admin = await signIn(app.url);
  const { context, page } = await signedInContext(browser, app.url, 'admin', TEST_ADMIN_PASSWORD, 'zh-CN');
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto('/admin?tab=plans&scenario=epidemic');
  const editor = page.locator('[data-testid="plan-editor"][data-scenario="epidemic"]');
  // Other tests on this server may have saved plans: versions are counted from here.
  const versions = Object.fromEntries(await Promise.all(['epidemic', 'hazmat', 'fire', 'other'].map(async (s) => [s, (await planOf(app.url, admin, s)).version])));
  await expect(editor).toBeVisible();

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('plans-export').click()]);
  expect(download.suggestedFilename()).toMatch(/^portline-plans-\d{4}-\d{2}-\d{2}\.json$/);
  const exported = PlansFile.parse(JSON.parse(await readFile((await download.path())!, 'utf8')));
  expect(exported.plans.map((p) => p.scenario)).toEqual(['epidemic', 'hazmat', 'fire', 'mass_casualty', 'other']);
  expect(exported.plans.find((p) => p.scenario === 'epidemic')).toEqual({ scenario: 'epidemic', name: live.name, actions: live.actions });

  // The drill installation's file.
  const epidemic = exported.plans.find((p) => p.scenario === 'epidemic')!;
  const drillPlan = {
    ...epidemic,
    name: { zh: '邮轮码头疑似传染病应急预案', en: 'Suspected infectious disease plan (cruise terminal)' },
    actions: [
      { key: 'port-room-ready', agency: 'port', title: { zh: '提前开启并消毒隔离留验室', en: 'Open and disinfect the quarantine room before the move' }, priority: 'urgent' as const, dueMinutes: 5 },
      ...epidemic.actions.map((a) => (a.key === 'medical-transfer' ? { ...a, dueMinutes: 20 } : a)),
    ],
  };
  const aground = {
    scenario: 'other' as const,
    name: { zh: '船舶搁浅应急预案', en: 'Ship aground plan' },
    actions: [{ key: 'cg-boat', agency: 'coastguard', title: { zh: '派出巡逻艇警戒水域', en: 'Send the patrol boat to guard the water' }, priority: 'urgent' as const, dueMinutes: 15 }],
  };
  const drill: PlansFile = { ...exported, plans: exported.plans.map((p) => (p.scenario === 'epidemic' ? drillPlan : p.scenario === 'other' ? aground : p)) };

  // A change on screen: the import waits until it is saved or discarded.
  await editor.getByTestId('plan-name-zh').fill('草稿');
  await expect(page.getByTestId('plans-import-open')).toBeDisabled();
  await expect(page.getByTestId('plans-import-blocked')).toHaveText('请先保存或放弃当前的修改，再导入预案。');
  await editor.getByTestId('plan-name-zh').fill(epidemic.name.zh);
  await expect(editor).toHaveAttribute('data-dirty', 'false');

  await page.getByTestId('plans-import-open').click();
  const dialog = page.getByTestId('plans-import');
  // Not a plans file (an incident log, JSON Lines): refused as not JSON; then one whose plan is not
  // valid (a due time of 0): refused, saying where. Nothing to import.
  await dialog.getByTestId('plans-import-file').setInputFiles({ name: 'drill.portline.jsonl', mimeType: 'application/json', buffer: Buffer.from('{"format":"portline-incident-log","version":2}\n{"type":"IncidentOpened"}\n') });
  await expect(dialog.getByTestId('plans-import-refused')).toHaveAttribute('data-reason', 'json');
  await dialog.getByTestId('plans-import-file').setInputFiles({ name: 'wrong.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ ...drill, plans: [{ ...drillPlan, actions: [{ ...drillPlan.actions[0], dueMinutes: 0 }] }] })) });
  await expect(dialog.getByTestId('plans-import-refused')).toHaveText(/^这不是 Portline 预案文件（plans\.0\.actions\.0\.dueMinutes: .+）。$/);
  await expect(dialog.getByTestId('plans-import-submit')).toBeDisabled();

  await dialog.getByTestId('plans-import-file').setInputFiles({ name: 'portline-plans-drill.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(drill, null, 2)) });
  const row = (s: string) => dialog.locator(`[data-testid="plans-import-row"][data-scenario="${s}"]`);
  await expect(row('epidemic')).toHaveAttribute('data-outcome', 'replace');
  await expect(row('epidemic')).toContainText(`邮轮码头疑似传染病应急预案 · ${drillPlan.actions.length} 项行动`);
  for (const s of ['hazmat', 'fire', 'mass_casualty']) await expect(row(s)).toHaveAttribute('data-outcome', 'same');
  await expect(row('other')).toHaveAttribute('data-outcome', 'agencies');
  await expect(row('other')).toContainText('本系统单位名录中没有 coastguard');
  await expect(dialog.getByTestId('plans-import-submit')).toHaveText('导入 1 个预案');
  await shot(page, 'admin-plans-import-preview-zh');
  await expectNoSeriousA11yIssues(page, 'plans import preview');


  // Another admin saves the epidemic plan while this one reads the preview: the import does not
  // overwrite it (saved from the version shown: CONFLICT), and says so on the plan's row.
  const other = await signIn(app.url);
  const theirs = await planOf(app.url, admin, 'epidemic');
  expect((await request(app.url, 'PUT', '/api/plans/epidemic', { token: other, body: { version: theirs.version, name: { zh: '旅检现场疑似传染病应急预案（夜班）', en: theirs.name.en }, actions: theirs.actions } })).status).toBe(200);
  await dialog.getByTestId('plans-import-submit').click();
  await expect(row('epidemic')).toHaveAttribute('data-outcome', 'refused');
  await expect(row('epidemic')).toContainText('未导入：读取文件后，另一位管理员保存了此预案。');
  await expect(dialog.getByTestId('plans-import-done')).toHaveText('已导入 0 个预案，2 个未导入。');
  await expect(dialog.getByTestId('plans-import-close')).toBeFocused();
  expect((await planOf(app.url, admin, 'epidemic')).name.zh).toBe('旅检现场疑似传染病应急预案（夜班）');
  await dialog.getByTestId('plans-import-close').click();

  // The file chosen again: the preview is against their save now, and the import goes in.
  await page.getByTestId('plans-import-open').click();
  await dialog.getByTestId('plans-import-file').setInputFiles({ name: 'portline-plans-drill.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(drill, null, 2)) });
  await expect(row('epidemic')).toContainText('旅检现场疑似传染病应急预案（夜班）');
  await expect(row('epidemic')).toHaveAttribute('data-outcome', 'replace');
  await dialog.getByTestId('plans-import-submit').click();
  await expect(row('epidemic')).toHaveAttribute('data-outcome', 'saved');
  await expect(row('epidemic')).toContainText(`已导入（版本 ${versions.epidemic + 2}）`);
  await expect(dialog.getByTestId('plans-import-done')).toHaveText('已导入 1 个预案，1 个未导入。');
  await shot(page, 'admin-plans-import-done-zh');
  await dialog.getByTestId('plans-import-close').click();
  await expect(dialog).toHaveCount(0);
  // The editor, with nothing changed on it, shows the imported plan.
  await expect(editor).toHaveAttribute('data-version', String(versions.epidemic + 2));
  await expect(editor.getByTestId('plan-name-zh')).toHaveValue('邮轮码头疑似传染病应急预案');
  await expect(editor.getByTestId('plan-action-row').first()).toHaveAttribute('data-key', 'port-room-ready');

  const now = await planOf(app.url, admin, 'epidemic');
  expect([now.version, now.name, now.actions]).toEqual([versions.epidemic + 2, drillPlan.name, drillPlan.actions]);
  for (const s of ['hazmat', 'fire', 'other']) expect((await planOf(app.url, admin, s)).version, s).toBe(versions[s]);
  // Left as found for the next test on this server (the plan it began with): `epidemicAsFound`.
  await context.close();
});

/**
 * SPEC PLAN2: on a slow link an admin presses Save and goes on typing before the answer comes. The
 * editor used to put the saved plan on screen when the answer came, and what was typed meanwhile
 * was gone, with "Saved." shown. It stays now, still to be saved, and a second Save keeps it.
 */
test('PLAN2: an admin who types on while a save is on its way keeps what they typed', async ({ browser, app, epidemicAsFound: live }) => {
  const admin = await signIn(app.url);
  const { context, page } = await signedInContext(browser, app.url, 'admin', TEST_ADMIN_PASSWORD, 'en');
  await page.goto('/admin?tab=plans&scenario=epidemic');
  const editor = page.locator('[data-testid="plan-editor"][data-scenario="epidemic"]');
  await expect(editor).toBeVisible();
  // The save's answer is held back 1.5 s (a slow link).
  await page.route('**/api/plans/epidemic', async (route) => {
    const answer = await route.fetch();
    await new Promise((r) => setTimeout(r, 1_500));
    await route.fulfill({ response: answer });
  });
  await editor.getByTestId('plan-name-en').fill('Suspected infectious disease plan (cruise terminal)');
  await editor.getByTestId('plan-save').click();
  await editor.getByTestId('plan-name-zh').fill('邮轮码头疑似传染病应急预案');
  await expect(editor).toHaveAttribute('data-version', String(live.version + 1));
  await expect(editor.getByTestId('plan-name-zh')).toHaveValue('邮轮码头疑似传染病应急预案');
  await expect(editor.getByTestId('plan-save-state')).toHaveText('Changes not saved');
  await page.unroute('**/api/plans/epidemic');
  await editor.getByTestId('plan-save').click();
  await expect(editor.getByTestId('plan-save-state')).toHaveText('Saved.');
  expect((await planOf(app.url, admin, 'epidemic')).name).toEqual({ zh: '邮轮码头疑似传染病应急预案', en: 'Suspected infectious disease plan (cruise terminal)' });
  await context.close();
});
