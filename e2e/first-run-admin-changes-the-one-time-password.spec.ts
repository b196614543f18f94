import { expectNoSeriousA11yIssues, WCAG21_AA } from './support/a11y';
import { contextIn, expect, shot, startApp, test } from './support/fixtures';

test('on first run the admin signs in with the printed one-time password and must change it', async ({ browser }) => {
  // No ADMIN_PASSWORD: the server prints a one-time password once.
  const app = await startApp({ adminPassword: null });
  try {
    const printed = /one-time password: (\S+)/.exec(app.output());
    expect(printed, app.output()).not.toBeNull();
    const { context, page } = await contextIn(browser, app.url, 'en');
    await page.goto('/login');
    await page.getByTestId('login-username').fill('admin');
    await page.getByTestId('login-password').fill(printed![1]);
    await page.getByTestId('login-submit').click();
    await page.waitForURL(/\/account\/password/);
    await shot(page, 'forced-password-change-en');
    await expectNoSeriousA11yIssues(page, 'forced password change (en)', WCAG21_AA);
    await page.getByTestId('password-current').fill(printed![1]);
    await page.getByTestId('password-new').fill('a-new-strong-password');
    await page.getByTestId('password-confirm').fill('a-new-strong-password');
    await page.getByTestId('password-submit').click();
    await page.waitForURL(/\/incidents$/);
    await expect(page.getByTestId('current-user')).toHaveAttribute('data-role', 'admin');
    await context.close();
  } finally {
    await app.stop();
  }
});
