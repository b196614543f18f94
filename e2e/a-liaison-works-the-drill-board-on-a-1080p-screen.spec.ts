import { expect, shot, signedInContext, test } from './support/fixtures';
import { startDemoApp, type DemoApp } from './support/demo';
import { openBoard, pageWidths } from './support/board';

let demo: DemoApp;
test.beforeAll(async () => {
  demo = await startDemoApp();
});
test.afterAll(async () => {
  await demo?.app.stop();
});

test("the fire liaison's own lane shows its tasks whole on a 1080p screen, the other lanes beside and below it", async ({ browser }) => {
  const fire = demo.accounts.find((a) => a.key === 'fire')!;
  for (const locale of ['zh-CN', 'en'] as const) {
    const { context, page } = await signedInContext(browser, demo.app.url, fire.username, fire.password, locale, { viewport: { width: 1920, height: 1080 } });
    await openBoard(page, demo.incidentId, `board (${locale})`);
    const lanes = page.getByTestId('agency-lane');
    await expect(lanes).toHaveCount(7);
    const own = lanes.first();
    await expect(own).toHaveAttribute('data-agency', 'fire');
    await expect(own.getByTestId('task-card')).toHaveCount(3);
    await page.evaluate(() => document.fonts.ready);
    // Its three tasks and its done list: whole, with no scrolling inside the lane (at the cap others
    // keep, 34rem, the third task's button was cut off and the done list hidden).
    const list = await own.evaluate((el) => {
      const l = el.lastElementChild as HTMLElement;
      return { sh: l.scrollHeight, ch: l.clientHeight, h: el.getBoundingClientRect().height, bottom: el.getBoundingClientRect().bottom };
    });
    const area = (await page.getByTestId('lanes').boundingBox())!;
    console.log(`${locale}: own lane ${Math.round(list.h)} px (list ${list.sh}/${list.ch}), lane area ${Math.round(area.height)} px`);
    expect(list.sh).toBeLessThanOrEqual(list.ch + 1);
    expect(list.bottom).toBeLessThanOrEqual(area.y + area.height);
    await expect(own.getByTestId('task-card').last()).toBeInViewport({ ratio: 1 });
    // The next lanes sit beside it; the second row starts beside it too, within the screen.
    const tops = await lanes.evaluateAll((els) => els.map((el) => Math.round(el.getBoundingClientRect().top)));
    expect(tops.filter((t) => t === tops[0]).length).toBeGreaterThan(1);
    expect(Math.max(...tops), tops.join(' ')).toBeLessThan(list.bottom);
    expect((await pageWidths(page)).scrollWidth).toBeLessThanOrEqual(1920);
    await shot(page, `board-desktop-drill-1920x1080-${locale}`);
    // Searched down to one of its tasks, the lane is short: it spans one row again, and the second
    // row's first lane sits under it (spanning two, it left that cell empty).
    const grid = page.getByTestId('lanes').locator(':scope > div');
    await expect(grid).toHaveAttribute('data-own-tall', 'true');
    await page.getByTestId('board-search').fill('泡沫覆盖');
    await expect(own.getByTestId('task-card')).toHaveCount(1);
    await expect(grid).not.toHaveAttribute('data-own-tall');
    const lefts = await lanes.evaluateAll((els) => els.map((el) => Math.round(el.getBoundingClientRect().left)));
    const perRow = lefts.findIndex((x, i) => i > 0 && x <= lefts[i - 1]);
    expect(perRow, lefts.join(' ')).toBeGreaterThan(1);
    expect(lefts[perRow], lefts.join(' ')).toBe(lefts[0]);
    await context.close();
  }
});
