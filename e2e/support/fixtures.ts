import { test as base, expect, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createUser, signIn } from '../../server/testing/client';
import { startRedisServer, type RedisServerHandle } from '../../server/testing/redis-server';
import { startServerProcess, TEST_ADMIN_PASSWORD, type ServerProcess } from '../../server/testing/server-process';

/** The full app (Next + Socket.IO + API) from the production build, on a free port. */
export function startApp(
  opts: { redisUrl?: string; dataDir?: string; serverId?: string; env?: Record<string, string>; adminPassword?: string | null } = {},
) {
  return startServerProcess({
    bundled: true,
    redisUrl: opts.redisUrl,
    dataDir: opts.dataDir,
    serverId: opts.serverId,
    adminPassword: opts.adminPassword,
    env: { PORTLINE_NO_NEXT: '0', ...opts.env },
  });
}

export const SCREENSHOTS = path.resolve(__dirname, '..', 'screenshots');
mkdirSync(SCREENSHOTS, { recursive: true });

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: false });
}

/**
 * Records, in every page of the context from its first script on, each Content-Security-Policy
 * violation ("directive blocked-uri"): read them with `cspViolations`. A page whose own scripts
 * were refused (no nonce, SPEC AUTH11) would not work at all; this also catches a refused
 * handler, worker or style the page still works without.
 */
export async function watchCsp(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
}

/** The CSP violations `watchCsp` recorded in this page since it was loaded. */
export function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? ['(not watched)']);
}

/**
 * A fresh browser context (nobody signed in) at 1366×768 whose pages speak `locale`, with a page
 * open. `options`: more of the context's options (`serviceWorkers: 'allow'` for the offline copies).
 */
export async function contextIn(
  browser: Browser,
  url: string,
  locale: 'zh-CN' | 'en',
  options: BrowserContextOptions = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: url, locale, viewport: { width: 1366, height: 768 }, ...options });
  await context.addCookies([{ name: 'NEXT_LOCALE', value: locale, url }]);
  await watchCsp(context);
  return { context, page: await context.newPage() };
}

/** A browser context signed in as `username`, in one language. */
export async function signedInContext(
  browser: Browser,
  url: string,
  username: string,
  password: string,
  locale: 'zh-CN' | 'en' = 'zh-CN',
  options: BrowserContextOptions = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const { context, page } = await contextIn(browser, url, locale, options);
  await page.goto('/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  return { context, page };
}

/** Creates an account through the API and returns its final password. */
export async function makeUser(url: string, username: string, role: Parameters<typeof createUser>[3], agency: string | null) {
  const adminToken = await signIn(url);
  await createUser(url, adminToken, username, role, agency);
  return `${username}-password-ok`;
}

type WorkerFixtures = { app: ServerProcess; redis: RedisServerHandle | null };

/** One app per worker on the embedded store. */
export const test = base.extend<object, WorkerFixtures>({
  redis: [async ({}, use) => use(null), { scope: 'worker' }],
  app: [
    async ({}, use) => {
      const app = await startApp();
      await use(app);
      await app.stop();
    },
    { scope: 'worker', timeout: 60_000 },
  ],
});

export { expect, startRedisServer, TEST_ADMIN_PASSWORD };
