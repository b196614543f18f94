import { expect, shot, signedInContext, test } from './support/fixtures';
import { fillBoard, pageWidths, openBoard } from './support/board';
import { seedHazmatDrill } from './support/seed';

const AGENCIES = ['port', 'fire', 'customs', 'medical', 'maritime', 'border', 'police'];
const SIZES = [
  { name: 'laptop-1366x768', width: 1366, height: 768 },
  { name: 'tablet-portrait-800x1280', width: 800, height: 1280 },
  { name: 'tablet-landscape-1280x800', width: 1280, height: 800 },
];

test('the board of 7 agencies and many tasks fits a laptop and a 10-inch tablet without sideways scrolling', async ({ browser, app }) => {
  // Two languages × three sizes × seven lanes, each scrolled to: about a minute on a quiet machine.
  test.setTimeout(240_000);
  const seed = await seedHazmatDrill(app.url, AGENCIES);
  await fillBoard(app.url, seed.admin, seed.incidentId, AGENCIES, 6);

  for (const locale of ['zh-CN', 'en'] as const) {
    const { context, page } = await signedInContext(browser, app.url, seed.names.fire, seed.password(seed.names.fire), locale);
    await openBoard(page, seed.incidentId, `board (${locale})`);
    await expect(page.getByTestId('task-card')).toHaveCount(42);

    for (const size of SIZES) {
      await page.setViewportSize({ width: size.width, height: size.height });
      const lanes = page.getByTestId('agency-lane');
      await expect(lanes).toHaveCount(7);
      // My agency first, marked as mine.
      await expect(lanes.first()).toHaveAttribute('data-agency', 'fire');
      await expect(lanes.first().getByTestId('lane-mine')).toBeVisible();

      const widths = await pageWidths(page);
      console.log(`${locale} ${size.name}: scrollWidth ${widths.scrollWidth}, innerWidth ${widths.innerWidth}`);
      expect(widths.scrollWidth).toBeLessThanOrEqual(widths.innerWidth);
      await shot(page, `board-fits-${size.name}-${locale}`);

      // Every lane can be scrolled to and is then wholly inside the window, sideways.
      for (let i = 0; i < 7; i++) {
        const lane = lanes.nth(i);
        await lane.scrollIntoViewIfNeeded();
        await expect(lane).toBeInViewport();
        const box = await lane.boundingBox();
        expect(box, `lane ${i}`).not.toBeNull();
        expect(box!.x).toBeGreaterThanOrEqual(0);
        expect(box!.x + box!.width).toBeLessThanOrEqual(size.width);
      }
      await lanes.last().scrollIntoViewIfNeeded();
      await shot(page, `board-fits-${size.name}-${locale}-scrolled`);
      expect((await pageWidths(page)).scrollWidth).toBeLessThanOrEqual(size.width);

      // On the tablet in portrait, messages and timeline are tabs beside the lanes.
      if (size.width < 1024) {
        await page.getByTestId('pane-messages').click();
        await expect(page.getByTestId('message-item')).toHaveCount(3);
        expect((await pageWidths(page)).scrollWidth).toBeLessThanOrEqual(size.width);
        await shot(page, `board-fits-${size.name}-${locale}-messages`);
        await page.getByTestId('pane-timeline').click();
        await expect(page.getByTestId('timeline-item').first()).toBeVisible();
        expect((await pageWidths(page)).scrollWidth).toBeLessThanOrEqual(size.width);
        await page.getByTestId('pane-tasks').click();
        // Shortcuts reach the hidden panes: M opens the messages tab with the composer focused, ] the lanes again.
        await page.keyboard.press('m');
        await expect(page.getByTestId('pane-messages')).toHaveAttribute('aria-selected', 'true');
        await expect(page.getByTestId('message-input')).toBeFocused();
        await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
        await page.keyboard.press(']');
        await expect(page.getByTestId('pane-tasks')).toHaveAttribute('aria-selected', 'true');
        await expect(lanes.first()).toBeFocused();
      } else {
        await expect(page.getByTestId('messages-panel')).toBeVisible();
        await expect(page.getByTestId('timeline')).toBeVisible();
      }
    }
    await context.close();
  }
});
