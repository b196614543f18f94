import { expectNoSeriousA11yIssues } from './support/a11y';
import { readFile } from 'node:fs/promises';
import { parseCsv } from '../lib/csv';
import type { IncidentEvent } from '../lib/domain/incident/events';
import { randomUUID } from 'node:crypto';
import { readLog, request, signIn } from '../server/testing/client';
import type { ServerProcess } from '../server/testing/server-process';
import { expect, shot, signedInContext, startApp, test, TEST_ADMIN_PASSWORD } from './support/fixtures';
import { startDemoApp, type DemoApp } from './support/demo';

/**
 * SPEC REV5 (issue #5): an observer downloads the drill's event log (with its
 * review: a finding and an improvement item) and timeline CSV from the exports
 * page, an admin imports the log into a second, empty installation and sees the
 * imported incident's board and its findings; the ICS 214 sheet of one agency,
 * on screen and printed to PDF.
 */
test.describe.configure({ mode: 'serial' });

let demo: DemoApp;
let empty: ServerProcess;
let logPath = '';
test.beforeAll(async () => {
  [demo, empty] = await Promise.all([startDemoApp({ lang: 'en' }), startApp()]);
});
test.afterAll(async () => {
  await Promise.all([demo?.app.stop(), empty?.stop()]);
});

const observer = () => demo.accounts.find((a) => a.key === 'observer')!;
const FINDING_TEXT = 'Customs confirmed the manifest within four minutes';

test('an observer downloads the JSON Lines log and the timeline CSV from the exports page', async ({ browser }) => {
  // The review has begun: a finding about the drill's third event, and an improvement item from it.
  const token = await signIn(demo.app.url, observer().username, observer().password);
  const finding = await request<{ finding: { id: string } }>(demo.app.url, 'POST', `/api/incidents/${demo.incidentId}/review/findings`, {
    token,
    body: { id: randomUUID(), atSeq: 3, verdict: 'strength', text: FINDING_TEXT },
  });
  expect(finding.status).toBe(201);
  const item = await request(demo.app.url, 'POST', `/api/incidents/${demo.incidentId}/review/improvements`, {
    token,
    body: { id: randomUUID(), findingId: finding.json.finding.id, action: 'Share the manifest check list with the port operator', agency: 'port', dueDate: '2027-05-31' },
  });
  expect(item.status).toBe(201);
  const { context, page } = await signedInContext(browser, demo.app.url, observer().username, observer().password, 'en');
  await page.goto(`/incidents/${demo.incidentId}/exports`);
  await expect(page.getByRole('navigation', { name: 'Incident pages' })).toBeVisible();
  await expect(page.getByTestId('export-ics214').getByRole('link')).toHaveCount(7);
  await shot(page, 'exports-page-en');
  await expectNoSeriousA11yIssues(page, 'exports page');

  const [logDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-log').click()]);
  expect(logDownload.suggestedFilename()).toMatch(/\.portline\.jsonl$/);
  logPath = test.info().outputPath('drill.jsonl');
  await logDownload.saveAs(logPath);
  const lines = (await readFile(logPath, 'utf8')).trimEnd().split('\n');
  const header = JSON.parse(lines[0]);
  expect(header).toMatchObject({ format: 'portline-incident-log', version: 2, incidentId: demo.incidentId, exportedBy: { role: 'observer' }, reviewHeadSeq: 2 });
  const admin = await signIn(demo.app.url, 'admin', TEST_ADMIN_PASSWORD);
  const stored = await readLog(demo.app.url, admin, demo.incidentId);
  expect(header.headSeq).toBe(stored.length);
  expect(lines.slice(1, 1 + header.headSeq).map((l) => JSON.parse(l) as IncidentEvent)).toEqual(stored);
  // Then the review log: the finding, then the item.
  expect(lines.slice(1 + header.headSeq).map((l) => JSON.parse(l).type)).toEqual(['FindingAdded', 'ImprovementAdded']);

  await page.getByTestId('csv-lang').selectOption('zh-CN');
  const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-timeline').click()]);
  expect(csvDownload.suggestedFilename()).toMatch(/timeline-zh-CN\.csv$/);
  const csvPath = test.info().outputPath('timeline.csv');
  await csvDownload.saveAs(csvPath);
  const bytes = await readFile(csvPath);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const rows = parseCsv(bytes.toString('utf8'));
  expect(rows[0][0]).toBe('序号');
  expect(rows.length).toBe(stored.length + 1);
  // The tasks CSV follows the same language choice (headings and statuses in Chinese).
  const [tasksDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-tasks').click()]);
  expect(tasksDownload.suggestedFilename()).toMatch(/tasks-zh-CN\.csv$/);
  const tasksPath = test.info().outputPath('tasks.csv');
  await tasksDownload.saveAs(tasksPath);
  const taskRows = parseCsv((await readFile(tasksPath)).toString('utf8'));
  expect(taskRows[0].slice(0, 2)).toEqual(['任务编号', '任务']);
  // So do the review's two (their rows: server/exports.test.ts).
  for (const [testId, file, heading] of [['download-findings', /findings-zh-CN\.csv$/, '发现编号'], ['download-plan', /improvement-plan-zh-CN\.csv$/, '改进项编号']] as const) {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
    expect(download.suggestedFilename()).toMatch(file);
    const path = test.info().outputPath(download.suggestedFilename());
    await download.saveAs(path);
    expect(parseCsv((await readFile(path)).toString('utf8'))[0][0]).toBe(heading);
  }
  console.log(`[REV5 e2e] downloaded ${stored.length} events and ${rows.length - 1} CSV rows`);
  await context.close();
});

test('a liaison sees no export controls', async ({ browser }) => {
  const fire = demo.accounts.find((a) => a.key === 'fire')!;
  const { context, page } = await signedInContext(browser, demo.app.url, fire.username, fire.password, 'en');
  await page.goto(`/incidents/${demo.incidentId}/exports`);
  await expect(page.getByTestId('exports-not-allowed')).toBeVisible();
  await expect(page.getByTestId('download-log')).toHaveCount(0);
  await context.close();
});

test('an admin imports the log into an empty installation and sees the imported board', async ({ browser }) => {
  expect(logPath).not.toBe('');
  const { context, page } = await signedInContext(browser, empty.url, 'admin', TEST_ADMIN_PASSWORD, 'en');
  // A fresh installation: the first sign-in asks for a new password only without ADMIN_PASSWORD; ours has one.
  await page.goto('/admin');
  await page.getByTestId('admin-tab-import').click();
  await page.getByTestId('import-file').setInputFiles(logPath);
  await page.getByTestId('import-submit').click();
  await expect(page.getByTestId('import-done')).toContainText(/Imported \d+ events/);
  await expect(page.getByTestId('import-review')).toHaveText('With its review: 2 entries (findings and the improvement plan).');
  await expect(page.getByTestId('import-open-findings')).toHaveAttribute('href', `/incidents/${demo.incidentId}/findings`);
  await shot(page, 'import-done-en');
  await expectNoSeriousA11yIssues(page, 'import panel');
  // The same log again: a typed CONFLICT, shown as such.
  await page.getByTestId('import-submit').click();
  await expect(page.getByTestId('error-message')).toHaveAttribute('data-code', 'CONFLICT');
  await shot(page, 'import-conflict-en');
  await page.getByTestId('import-file').setInputFiles(logPath);
  await page.getByTestId('import-submit').click();
  await expect(page.getByTestId('error-message')).toHaveAttribute('data-code', 'CONFLICT');

  // Its findings came along: the finding, with its improvement item.
  await page.goto(`/incidents/${demo.incidentId}/findings`);
  await expect(page.getByTestId('finding-body')).toHaveText(FINDING_TEXT, { timeout: 45_000 });
  await expect(page.getByText('Share the manifest check list with the port operator')).toBeVisible();
  await shot(page, 'imported-findings-en');

  await page.goto(`/incidents/${demo.incidentId}`);
  // The board of the imported incident (slow to first paint on a loaded 2-core machine).
  await expect(page.getByTestId('incident-title')).toHaveText('Hazmat leak from a tank container, yard block C3', { timeout: 45_000 });
  await expect(page.getByTestId('task-card').first()).toBeVisible();
  await shot(page, 'imported-board-en');
  await context.close();
});

test('the ICS 214 sheet of Fire and Rescue, on screen and printed to A4 PDF', async ({ browser }) => {
  for (const locale of ['en', 'zh-CN'] as const) {
    const { context, page } = await signedInContext(browser, demo.app.url, observer().username, observer().password, locale);
    // Opened with no agency: it asks for one (not "did not take part"), and shows no sheet to print.
    await page.goto(`/incidents/${demo.incidentId}/ics214`);
    await expect(page.getByTestId('ics214-choose-agency')).toHaveText(locale === 'en' ? 'Choose an agency above to see its activity log.' : '请在上方选择一个单位，查看其工作日志。');
    await expect(page.getByTestId('ics214-not-part')).toHaveCount(0);
    await expect(page.getByTestId('ics214-sheet')).toHaveCount(0);
    await expect(page.getByTestId('ics214-print')).toBeDisabled();
    await shot(page, `ics214-choose-agency-${locale}`);
    // A code that never took part is still told so, over its (empty) sheet.
    await page.goto(`/incidents/${demo.incidentId}/ics214?agency=no-such-agency`);
    await expect(page.getByTestId('ics214-not-part')).toHaveText(locale === 'en' ? 'This agency does not take part in the incident.' : '该单位未参与此事件。');
    await expect(page.getByTestId('ics214-choose-agency')).toHaveCount(0);
    await page.goto(`/incidents/${demo.incidentId}/exports`);
    await page.getByTestId('ics214-fire').click();
    await expect(page).toHaveURL(/\/ics214\?agency=fire$/);
    const sheet = page.getByTestId('ics214-sheet');
    await expect(sheet).toBeVisible();
    await expect(page.getByTestId('ics214-incident')).not.toBeEmpty();
    // The sheet says which zone its times are in (it is filed and handed on).
    await expect(page.getByTestId('ics214-zone')).toContainText(/\(UTC[+-]\d\d:\d\d\)/);
    await expect(page.getByTestId('ics214-people')).toContainText(locale === 'en' ? 'Liaison' : '联络员');
    const rows = page.getByTestId('ics214-activities').locator('tbody tr');
    expect(await rows.count()).toBeGreaterThan(10);
    await expect(page.getByTestId('ics214-prepared-by')).toContainText(observer().displayName);
    // Resources assigned as the form has them, one row each (name, ICS position, home agency), and a signature box.
    const resources = page.getByTestId('ics214-resource');
    expect(await resources.count()).toBeGreaterThan(0);
    await expect(resources.first().locator('td')).toHaveCount(3);
    await expect(resources.first().locator('td').nth(2)).toHaveText(locale === 'en' ? 'Fire and Rescue' : '消防救援');
    await expect(page.getByTestId('ics214-signature')).toContainText(locale === 'en' ? 'Signature' : '签名');
    await page.evaluate(() => document.fonts.ready);
    await shot(page, `ics214-fire-${locale}`);
    if (locale === 'en') await expectNoSeriousA11yIssues(page, 'ICS 214 sheet');
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: 794, height: 1123 });
    await page.screenshot({ path: test.info().outputPath(`ics214-fire-${locale}-print.png`), fullPage: true });
    await shot(page, `ics214-fire-${locale}-print`);
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    console.log(`[REV5 e2e] ICS 214 fire ${locale}: ${await rows.count()} activities, PDF ${pdf.length} bytes`);
    await context.close();
  }
});
