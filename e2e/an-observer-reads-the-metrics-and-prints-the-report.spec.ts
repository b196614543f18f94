import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { expectNoSeriousA11yIssues } from './support/a11y';
import type { Page } from '@playwright/test';
import type { IncidentMetrics } from '../lib/domain/review/metrics';
import { duration } from '../components/metrics/format';
import { startDemoApp, type DemoApp } from './support/demo';
import { cspViolations, expect, SCREENSHOTS, shot, signedInContext, test } from './support/fixtures';

/**
 * Issue #5, metrics and the after-action report (SPEC REV2) in real Chromium on
 * the scenario A seed: the metrics page's tables and both ECharts charts at
 * 1366×768 and 1920×1080; the report printed to PDF (page.pdf) in English and
 * Chinese, its first pages rendered to PNG with pdftoppm (poppler-utils) under
 * e2e/screenshots to be looked at.
 */
test.describe.configure({ mode: 'serial' });

let demo: DemoApp;
test.beforeAll(async () => {
  demo = await startDemoApp({ earlier: true });
});
test.afterAll(async () => {
  await demo?.app.stop();
});

const observer = () => demo.accounts.find((a) => a.key === 'observer')!;

async function chartsDrawn(page: Page) {
  // ECharts draws SVG: the swimlane's bars and the response bars are <path>/<rect> elements.
  await expect(page.getByTestId('swimlane-chart').locator('svg')).toBeVisible();
  await expect(page.getByTestId('response-chart').locator('svg')).toBeVisible();
  await expect.poll(() => page.getByTestId('swimlane-chart').locator('svg path, svg rect').count()).toBeGreaterThan(60);
  await expect.poll(() => page.getByTestId('response-chart').locator('svg path').count()).toBeGreaterThan(14);
  await page.evaluate(() => document.fonts.ready);
}

test('an observer reads the metrics: tables and both charts, at 1366×768 and 1920×1080', async ({ browser }) => {
  const { context, page } = await signedInContext(browser, demo.app.url, observer().username, observer().password, 'en');
  await page.goto(`/incidents/${demo.incidentId}/metrics`);
  await expect(page.getByRole('navigation', { name: 'Incident pages' }).getByRole('link', { name: 'Metrics' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('agency-table').locator('tbody tr')).toHaveCount(7);
  await expect(page.getByTestId('task-table').locator('tbody tr')).toHaveCount(42);
  await expect(page.getByTestId('phase-table').locator('tbody tr').first()).toContainText('T+00:00');
  await chartsDrawn(page);
  // The response chart's axes read durations as the tables do (m:ss), not in decimal minutes.
  const responseTexts = await page.getByTestId('response-chart').locator('svg text').allTextContents();
  expect(responseTexts).toContain('0:00');
  expect(responseTexts.filter((s) => /^\d+\.\d+$/.test(s.trim()))).toEqual([]);
  // Each chart is labelled and points at its table, its text alternative.
  await expect(page.getByRole('img', { name: /Swimlane chart/ })).toHaveAttribute('aria-describedby', 'm-tasks');
  await expect(page.getByRole('img', { name: /Bar chart/ })).toHaveAttribute('aria-describedby', 'm-agencies');

  // The figures on the page are the route's (to the second), with agency names in English.
  const m = ((await (await page.request.get(`/api/incidents/${demo.incidentId}/metrics`)).json()) as { metrics: IncidentMetrics }).metrics;
  const fire = m.agencies.find((a) => a.agency === 'fire')!;
  const fireRow = page.getByTestId('agency-table').locator('tr[data-agency="fire"]');
  await expect(fireRow).toContainText('Fire and Rescue');
  await expect(fireRow.getByTestId('ack-stats')).toHaveText(`${duration(fire.acknowledge.median)} / ${duration(fire.acknowledge.p90)} / ${duration(fire.acknowledge.max)}`);
  const overdueTask = m.tasks.find((t) => t.overdue)!;
  await expect(page.locator(`tr[data-task-id="${overdueTask.taskId}"]`)).toContainText(duration(overdueTask.overdueBy));

  // The observer may download the tasks CSV; it starts with the BOM.
  const csv = await page.request.get(`/api/incidents/${demo.incidentId}/export/tasks.csv`);
  expect(csv.status()).toBe(200);
  expect([...(await csv.body()).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  await expect(page.getByTestId('tasks-csv-link')).toBeVisible();

  await expectNoSeriousA11yIssues(page, 'metrics page');
  await shot(page, 'metrics-1366x768');
  await page.getByTestId('swimlane-chart').scrollIntoViewIfNeeded();
  await shot(page, 'metrics-1366x768-swimlane');
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.getByRole('heading', { level: 1 }).scrollIntoViewIfNeeded();
  await chartsDrawn(page);
  // The charts' canvas, tooltips and the page's own scripts ran under the nonce CSP (SPEC AUTH11).
  expect(await cspViolations(page)).toEqual([]);
  await shot(page, 'metrics-1920x1080');
  await page.getByTestId('response-chart').scrollIntoViewIfNeeded();
  await shot(page, 'metrics-1920x1080-response');
  await context.close();
});

test('a liaison reads the metrics but gets no CSV link, and the CSV route refuses them', async ({ browser }) => {
  const fire = demo.accounts.find((a) => a.key === 'fire')!;
  const { context, page } = await signedInContext(browser, demo.app.url, fire.username, fire.password, 'zh-CN');
  await page.goto(`/incidents/${demo.incidentId}/metrics`);
  await expect(page.getByTestId('agency-table').locator('tbody tr')).toHaveCount(7, { timeout: 30_000 });
  await expect(page.getByTestId('agency-table').locator('tr[data-agency="fire"]')).toContainText('消防救援');
  await expect(page.getByTestId('tasks-csv-link')).toHaveCount(0);
  const csv = await page.request.get(`/api/incidents/${demo.incidentId}/export/tasks.csv`);
  expect(csv.status()).toBe(403);
  expect(((await csv.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN');
  await context.close();
});

test('the report and metrics of a drill held earlier and closed (scenario B, a suspected infectious case) show its whole course', async ({ browser }) => {
  const held = demo.earlier[0];
  const { context, page } = await signedInContext(browser, demo.app.url, observer().username, observer().password, 'zh-CN');
  await page.goto(`/incidents/${held.incidentId}/report`);
  const report = page.getByTestId('report');
  await expect(report.getByTestId('report-summary')).toBeVisible({ timeout: 30_000 });
  await expect(report.getByRole('heading', { level: 1 })).toHaveText('客运码头旅检现场疑似传染病病例');
  await expect(report).toContainText('事件已结束');
  await expect(report.getByTestId('report-summary')).toContainText('已结束');
  await expect(report.getByTestId('report-summary')).toContainText('医疗急救');
  await expect(report.getByTestId('key-events').locator('tr[data-kind="alert"]')).toHaveCount(1);
  await expect(report.getByTestId('key-events').locator('tr[data-kind="arrived"]')).toHaveCount(5);
  await expect(report.getByTestId('response-chart').locator('svg')).toBeVisible();
  await shot(page, 'report-earlier-drill-zh-CN-screen');

  await page.goto(`/incidents/${held.incidentId}/metrics`);
  await expect(page.getByTestId('agency-table').locator('tbody tr')).toHaveCount(5, { timeout: 30_000 });
  await expect(page.getByTestId('task-table').locator('tbody tr')).toHaveCount(19);
  await expect(page.getByTestId('swimlane-chart').locator('svg')).toBeVisible();
  await shot(page, 'metrics-earlier-drill-zh-CN');

  // Its replay opens at the end of the record, and says so: not "following" a live end it does not have.
  await page.goto(`/incidents/${held.incidentId}/replay`);
  const end = page.getByTestId('replay-follow');
  await expect(end).toHaveText('已到记录结尾', { timeout: 30_000 });
  await expect(end).not.toHaveAttribute('title');
  await expect(end).not.toHaveAttribute('aria-pressed');
  await shot(page, 'replay-earlier-drill-at-end-zh-CN');
  await context.close();
});

for (const lang of ['en', 'zh-CN'] as const) {
  test(`the after-action report prints to an A4 PDF in ${lang}, and its pages render`, async ({ browser }) => {
    // Viewer in the other language: ?lang decides the report's language.
    const { context, page } = await signedInContext(browser, demo.app.url, observer().username, observer().password, lang === 'en' ? 'zh-CN' : 'en');
    // While the figures are on their way, the person is told so in their own language, not the report's.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(`**/api/incidents/${demo.incidentId}/metrics`, async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(`/incidents/${demo.incidentId}/report?lang=${lang}`);
    await expect(page.getByTestId('report-waiting')).toContainText(lang === 'en' ? '正在生成报告' : 'Preparing the report');
    release();
    const report = page.getByTestId('report');
    await expect(report.getByTestId('report-summary')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('report-waiting')).toHaveCount(0);
    await expect(page.getByTestId(`report-lang-${lang}`)).toHaveAttribute('aria-current', 'true');
    // Only the report is in its language: the incident's tabs and the toolbar stay in the person's.
    const viewer = lang === 'en' ? { tab: '回放', print: '打印或另存为 PDF' } : { tab: 'Replay', print: 'Print or save as PDF' };
    await expect(page.getByRole('navigation', { name: lang === 'en' ? '事件页面' : 'Incident pages' })).toContainText(viewer.tab);
    await expect(page.getByRole('button', { name: viewer.print })).toBeVisible();
    await expect(report.getByRole('heading', { level: 2, name: lang === 'en' ? 'Timeline of key events' : '关键事件时间线' })).toBeVisible();
    await expect(report.getByTestId('key-events').locator('tr[data-kind="alert"]')).toHaveCount(1);
    await expect(report.getByTestId('key-events').locator('tr[data-kind="arrived"]').first()).toBeVisible();
    await expect(report.getByTestId('report-summary')).toContainText(lang === 'en' ? 'Fire and Rescue' : '消防救援');
    // Findings and the plan come from the review log (SPEC REV3): the observer writes one of each, and the report shows them.
    const words =
      lang === 'en'
        ? { strength: 'The cordon at yard block C3 was up within minutes.', action: 'Add a gas-detection check to the berth 7 evacuation card.', late: 'Brief the night shift on the berth 7 card.', overdue: 'Overdue' }
        : { strength: '堆场 C3 警戒线几分钟内拉设完毕。', action: '在 7 号泊位疏散卡中增加气体检测步骤。', late: '向夜班讲解 7 号泊位疏散卡。', overdue: '已逾期' };
    const findingId = randomUUID();
    const added = await page.request.post(`/api/incidents/${demo.incidentId}/review/findings`, {
      data: { id: findingId, atSeq: 20, ref: { kind: 'agency', agency: 'fire' }, verdict: 'strength', text: words.strength },
    });
    expect(added.ok(), await added.text()).toBe(true);
    const item = await page.request.post(`/api/incidents/${demo.incidentId}/review/improvements`, {
      data: { id: randomUUID(), findingId, action: words.action, agency: 'port', dueDate: '2027-03-31' },
    });
    expect(item.ok(), await item.text()).toBe(true);
    // One past its day and not done: the report marks it overdue in words, as the findings page does.
    const lateId = randomUUID();
    const late = await page.request.post(`/api/incidents/${demo.incidentId}/review/improvements`, {
      data: { id: lateId, findingId, action: words.late, agency: 'port', dueDate: '2020-01-15' },
    });
    expect(late.ok(), await late.text()).toBe(true);
    await page.reload();
    await expect(report.getByTestId('report-summary')).toBeVisible({ timeout: 30_000 });
    await expect(report.getByTestId('findings-strength')).toContainText(words.strength);
    await expect(report.getByTestId('findings-strength')).toContainText(lang === 'en' ? 'Fire and Rescue' : '消防救援');
    await expect(report).toContainText(words.action);
    await expect(report).toContainText('2027-03-31');
    const lateRow = report.locator(`[data-testid="plan-row"][data-item-id="${lateId}"]`);
    await expect(lateRow).toHaveAttribute('data-overdue', 'true');
    await expect(lateRow.getByTestId('plan-overdue')).toHaveText(words.overdue);
    const asOf = report.getByTestId('plan-overdue-as-of');
    await expect(asOf).toContainText(words.overdue);
    await expect(report.getByTestId('review-error')).toHaveCount(0);
    await chartsDrawn(page);
    await expectNoSeriousA11yIssues(page, `report ${lang}`);
    await shot(page, `report-${lang}-screen`);

    // The report's paper width equals its screen width (A4 less margins), so the charts need no re-layout;
    // nothing in it may be wider than that (Chromium would shrink every page to fit).
    const measure = () =>
      report.evaluate((el) => {
        const cs = getComputedStyle(el);
        const content = el.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
        const svgs = [...el.querySelectorAll('svg')].map((s) => s.getBoundingClientRect().width);
        return { content: Math.round(content), overflow: el.scrollWidth - el.clientWidth, svg: Math.round(Math.max(...svgs)) };
      });
    const onScreen = await measure();
    await page.emulateMedia({ media: 'print' });
    const printed = await measure();
    expect(printed.content).toBe(703); // 186 mm at 96 px/in: A4 less the @page margins
    expect(onScreen.content).toBe(printed.content);
    expect(printed.overflow).toBeLessThanOrEqual(0);
    expect(printed.svg).toBeLessThanOrEqual(printed.content);
    await expect(page.getByRole('navigation', { name: lang === 'en' ? 'Incident pages' : '事件页面' })).toBeHidden();
    await expect(lateRow.getByTestId('plan-overdue')).toBeVisible();
    const dir = path.join(SCREENSHOTS, `report-${lang}`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const pdf = path.join(dir, 'report.pdf');
    await page.pdf({ path: pdf, format: 'A4', printBackground: true, preferCSSPageSize: true });
    expect(statSync(pdf).size).toBeGreaterThan(20_000);
    const info = execFileSync('pdfinfo', [pdf]).toString();
    const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
    expect(pages).toBeGreaterThanOrEqual(4);
    expect(info).toMatch(/Page size:\s+59[45]\.\d+ x 841\.\d+ pts \(A4\)/);
    execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '6', pdf, path.join(dir, 'page')]);
    const pngs = readdirSync(dir).filter((f) => f.endsWith('.png'));
    expect(pngs.length).toBeGreaterThanOrEqual(4);
    // The PDF carries the report's text in its language (Chinese glyphs as text, not boxes: pdftotext reads them back).
    // The sections follow one another on paper: the key events begin on the summary's page, not a page of their own.
    const text = execFileSync('pdftotext', ['-l', '1', pdf, '-']).toString();
    expect(text).toContain(lang === 'en' ? 'Timeline of key events' : '关键事件时间线');
    if (lang === 'zh-CN') expect(text).toMatch(/[\u4e00-\u9fff]{4}/);
    // The overdue mark is printed as words (the paper is black and white), with the day it was made.
    const squeeze = (s: string) => s.replace(/\s+/g, '');
    expect(squeeze(execFileSync('pdftotext', [pdf, '-']).toString())).toContain(squeeze((await asOf.textContent()) ?? '-'));
    // No page is the footer alone (the last one held only "Portline · incident … · as of T+…").
    const last = execFileSync('pdftotext', ['-f', String(pages), '-l', String(pages), pdf, '-']).toString().split('\n').filter((l) => l.trim());
    expect(last.length, `the last page: ${JSON.stringify(last)}`).toBeGreaterThan(1);
    console.log(`report ${lang}: ${pages} A4 pages, ${Math.round(statSync(pdf).size / 1024)} KiB; PNGs in ${dir}`);
    expect(existsSync(path.join(dir, pngs[0]))).toBe(true);
    await context.close();
  });
}
