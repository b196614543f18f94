import { expect, shot, signedInContext, test, TEST_ADMIN_PASSWORD } from './support/fixtures';
import { seedHazmatDrill } from './support/seed';

test('a person switches the board between Chinese and English', async ({ browser, app }) => {
  const seed = await seedHazmatDrill(app.url);
  const { context, page } = await signedInContext(browser, app.url, 'admin', TEST_ADMIN_PASSWORD, 'zh-CN');
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /MISSING_MESSAGE|INSUFFICIENT_PATH|FORMATTING_ERROR/.test(m.text())) problems.push(m.text());
  });
  await page.goto(`/incidents/${seed.incidentId}`);
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByTestId('agency-lane')).toHaveCount(7);
  await shot(page, 'board-admin-zh-1366');

  await page.getByTestId('language-switcher').locator('[data-locale="en"]').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByTestId('incident-board')).toBeVisible();
  await expect(page.locator('[data-testid="agency-lane"][data-agency="fire"]')).toContainText('Fire and Rescue');
  await shot(page, 'board-admin-en-1366');

  await page.setViewportSize({ width: 1920, height: 1080 });
  await shot(page, 'board-admin-en-1920');
  await page.getByTestId('language-switcher').locator('[data-locale="zh-CN"]').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.locator('[data-testid="agency-lane"][data-agency="fire"]')).toContainText('消防救援');
  await shot(page, 'board-admin-zh-1920');
  expect(problems).toEqual([]);
  await context.close();
});
