import { expectNoSeriousA11yIssues, WCAG21_AA } from './support/a11y';
import type { Page } from '@playwright/test';
import { contextIn, expect, shot, signedInContext, test, TEST_ADMIN_PASSWORD } from './support/fixtures';
import { fillBoard, openBoard } from './support/board';
import { seedHazmatDrill } from './support/seed';
import { connect, submit } from '../server/testing/client';
import { AGENCY_STATUSES } from '../lib/domain/incident/vocabulary';

const AGENCIES = ['port', 'fire', 'customs', 'medical', 'maritime', 'border', 'police'];

/** Runs axe with the WCAG 2.1 A/AA rules and best practices; fails on serious or critical violations. */
const checkA11y = (page: Page, what: string) =>
  expectNoSeriousA11yIssues(page, what, WCAG21_AA);

test('the sign-in page, the incident list and its dialog, and the admin page have no serious or critical accessibility violations', async ({ browser, app }) => {
  // Sixteen axe runs (eight pages and states, in two languages) on a shared 2-core machine.
  test.setTimeout(240_000);
  await seedHazmatDrill(app.url, AGENCIES);
  for (const locale of ['zh-CN', 'en'] as const) {
    {
      // The sign-in page, before and after a refused sign-in (its error message in the form).
      const { context, page } = await contextIn(browser, app.url, locale);
      await page.goto('/login');
      await expect(page.getByTestId('login-submit')).toBeVisible();
      // Its content in landmarks, as a signed-in page's (axe calls their absence moderate, so says it here).
      await expect(page.getByRole('main')).toContainText(locale === 'en' ? 'Sign in' : '登录');
      await expect(page.getByRole('banner').getByTestId('language-switcher')).toBeVisible();
      await checkA11y(page, `sign-in page (${locale})`);
      await page.getByTestId('login-username').fill('nobody-here');
      await page.getByTestId('login-password').fill('not-the-password');
      await page.getByTestId('login-submit').click();
      await expect(page.getByTestId('login-error')).toBeVisible();
      await checkA11y(page, `sign-in page with an error (${locale})`);
      await context.close();
    }
    const { context, page } = await signedInContext(browser, app.url, 'admin', TEST_ADMIN_PASSWORD, locale);
    await expect(page.getByTestId('incident-row').first()).toBeVisible();
    await checkA11y(page, `incident list (${locale}, admin)`);

    await page.getByTestId('open-incident-button').click();
    await expect(page.getByRole('dialog')).toBeVisible();
    await checkA11y(page, `open-incident dialog (${locale})`);
    // Sent empty: each required choice (title, drill or real, scenario, agencies) says what it needs.
    await page.getByRole('dialog').getByTestId('dialog-submit').click();
    await expect(page.getByRole('dialog').getByTestId('incident-scenario-input')).toHaveAttribute('aria-invalid', 'true');
    await checkA11y(page, `open-incident dialog with its required choices unmade (${locale})`);
    await page.keyboard.press('Escape');

    await page.goto('/admin');
    await expect(page.getByTestId('account-row').first()).toBeVisible();
    await checkA11y(page, `admin: accounts (${locale})`);
    for (const [tab, row] of [['agencies', 'agency-row'], ['displays', 'issue-display-button'], ['audit', null]] as const) {
      await page.getByTestId(`admin-tab-${tab}`).click();
      await expect(page.getByTestId(`admin-tab-${tab}`)).toHaveAttribute('aria-selected', 'true');
      if (row) await expect(page.getByTestId(row).first()).toBeVisible();
      await checkA11y(page, `admin: ${tab} (${locale})`);
    }
    // The audit log's details in English, a failed sign-in's among them: labels and words, no wider than the page.
    if (locale === 'en') {
      await expect(page.getByTestId('audit-unknown-username').first()).toHaveText('A name no account has');
      // The table fits its region at 1366 px (the region would scroll sideways otherwise).
      const region = await page.getByRole('region', { name: 'Audit log' }).evaluate((el) => ({ sw: el.scrollWidth, cw: el.clientWidth }));
      expect(region.sw, JSON.stringify(region)).toBeLessThanOrEqual(region.cw);
      await shot(page, 'admin-audit-log-en');
    }
    await context.close();
  }
});

test('a busy board, its dialogs, menus and tablet tabs have no serious or critical accessibility violations', async ({ browser, app }) => {
  // axe walks every node of a board of 21 cards several times: slow on a shared 2-core machine.
  test.setTimeout(240_000);
  const seed = await seedHazmatDrill(app.url, AGENCIES);
  await fillBoard(app.url, seed.admin, seed.incidentId, AGENCIES, 3);
  // Every agency status on the board at once (each chip has its own colours).
  const s = await connect(app.url, seed.admin);
  try {
    for (const [i, status] of AGENCY_STATUSES.entries()) {
      const ack = await submit(s, seed.incidentId, { type: 'SetAgencyStatus', agency: AGENCIES[(i + 1) % AGENCIES.length], status });
      if (!ack.ok) throw new Error(`agency status: ${ack.error.code}`);
    }
  } finally {
    s.close();
  }
  const { context, page } = await signedInContext(browser, app.url, seed.names.fire, seed.password(seed.names.fire), 'en');
  await openBoard(page, seed.incidentId);
  await expect(page.getByTestId('task-card')).toHaveCount(21);
  for (const status of AGENCY_STATUSES) await expect(page.locator(`[data-testid="agency-status"][data-status="${status}"]`)).toHaveCount(1);
  await checkA11y(page, 'board (en, fire responder)');

  await page.getByTestId('board-search').fill('evacuate');
  await expect(page.getByTestId('task-card')).toHaveCount(3 + 1);
  await checkA11y(page, 'board while searching');
  await page.getByTestId('board-search').fill('');

  await page.locator('[data-agency="fire"]').getByTestId('new-task-button').click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await checkA11y(page, 'board with the new-task dialog open');
  await shot(page, 'a11y-new-task-dialog-en');
  await page.keyboard.press('Escape');

  await page.locator('[data-agency="fire"]').getByTestId('task-menu').first().click();
  // Shown, and in the page's main landmark, where its trigger is (not at the end of body: axe `region`).
  await expect(page.getByRole('main').getByRole('menu')).toBeVisible();
  await checkA11y(page, 'board with a task menu open');
  await shot(page, 'a11y-task-menu-open-en');
  await page.keyboard.press('Escape');

  await page.getByTestId('shortcut-help-button').click();
  await checkA11y(page, 'board with the shortcut help open');
  await page.keyboard.press('Escape');

  await page.setViewportSize({ width: 800, height: 1280 });
  await expect(page.getByTestId('board-panes')).toBeVisible();
  await checkA11y(page, 'board on a tablet (tabs)');
  await page.getByTestId('pane-messages').click();
  await checkA11y(page, 'board on a tablet, messages tab');
  await context.close();

  // An agency status menu (an admin's: a responder's chip is no menu) opens from a lane's own
  // header, inside a lane laid out on its own (content-visibility, a containing block for what is
  // positioned fixed): its content must still be in main, whole, and right under its chip.
  const admin = await signedInContext(browser, app.url, 'admin', TEST_ADMIN_PASSWORD, 'en');
  await openBoard(admin.page, seed.incidentId);
  const chip = admin.page.locator('[data-agency="fire"]').getByTestId('agency-status');
  await chip.click();
  const menu = admin.page.getByRole('main').getByRole('menu');
  await expect(menu).toBeInViewport({ ratio: 1 });
  const [c, m] = [(await chip.boundingBox())!, (await menu.boundingBox())!];
  expect(m.y - (c.y + c.height), 'the menu starts just under its chip').toBeGreaterThanOrEqual(0);
  expect(m.y - (c.y + c.height), 'the menu starts just under its chip').toBeLessThan(12);
  expect(Math.abs(m.x - c.x), 'the menu starts at its chip').toBeLessThan(2);
  await expect(menu.getByRole('menuitem')).toHaveCount(AGENCY_STATUSES.length - 1);
  await checkA11y(admin.page, 'board with an agency status menu open (admin)');
  await shot(admin.page, 'a11y-agency-status-menu-open-en');
  await admin.context.close();
});

test('the replay page (slider, virtualised messages and timeline) has no serious or critical accessibility violations', async ({ browser, app }) => {
  test.setTimeout(120_000);
  const seed = await seedHazmatDrill(app.url, AGENCIES);
  await fillBoard(app.url, seed.admin, seed.incidentId, AGENCIES, 2);
  const { context, page } = await signedInContext(browser, app.url, 'admin', TEST_ADMIN_PASSWORD, 'en');
  await page.goto(`/incidents/${seed.incidentId}/replay`);
  await expect(page.getByTestId('replay')).toHaveAttribute('data-rendered-seq', /\d+/);
  await expect(page.getByTestId('replay-timeline').getByTestId('timeline-item').first()).toBeVisible();
  await checkA11y(page, 'replay (en, admin)');
  await context.close();
});
