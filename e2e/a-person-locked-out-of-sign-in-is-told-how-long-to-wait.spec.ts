import { request } from '../server/testing/client';
import { contextIn, expect, shot, startApp, test } from './support/fixtures';

test('after too many wrong passwords the sign-in page says how many seconds to wait', async ({ browser }) => {
  // A long first lock, so the countdown is still running when the page shows it.
  const app = await startApp({ env: { SIGNIN_BASE_DELAY_SECONDS: '30' } });
  try {
    // The 5th failure for a username locks it (SIGNIN_FREE_FAILURES).
    for (let i = 0; i < 5; i++) {
      const r = await request(app.url, 'POST', '/api/auth/sign-in', { body: { username: 'admin', password: `wrong-${i}` } });
      expect(r.status).toBe(401);
    }
    const { context, page } = await contextIn(browser, app.url, 'en');
    await page.goto('/login');
    await page.getByTestId('login-username').fill('admin');
    await page.getByTestId('login-password').fill('still-not-the-password');
    await page.getByTestId('login-submit').click();

    const error = page.getByTestId('login-error');
    await expect(error).toHaveAttribute('data-code', 'RATE_LIMITED');
    const retryAfter = Number(await error.getAttribute('data-retry-after'));
    console.log(`locked sign-in: the server asked to wait ${retryAfter} s`);
    expect(retryAfter).toBeGreaterThan(5);
    expect(retryAfter).toBeLessThanOrEqual(30);
    await expect(error).toContainText(`try again in ${retryAfter} s`);
    await shot(page, 'login-rate-limited-en');
    // It counts down on the screen; a screen reader is told once (the alert's text does not tick).
    const alert = error.getByRole('alert');
    await expect(alert).toHaveText(`Too many failed sign-ins: try again in ${retryAfter} s`);
    await expect(error).toContainText(`try again in ${retryAfter - 2} s`, { timeout: 5000 });
    await expect(alert).toHaveText(`Too many failed sign-ins: try again in ${retryAfter} s`);
    await context.close();
  } finally {
    await app.stop();
  }
});
