import { defineConfig, devices } from '@playwright/test';
import { existsSync } from 'node:fs';

/**
 * Real Chromium: Debian's /usr/bin/chromium when present (Playwright cannot
 * download browsers on closed networks), PLAYWRIGHT_CHROMIUM_PATH to override,
 * otherwise Playwright's own browser (Ubuntu, where chromium is a snap).
 */
const executablePath =
  process.env.PLAYWRIGHT_CHROMIUM_PATH || (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  // Generous on purpose: two workers, each with its own server processes and Chromium, share
  // two cores, and a page's first render has taken over 10 s there (CI traces: scripts parsed
  // while the other worker printed a PDF). A real failure still fails, only later.
  timeout: 120_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  // Each spec file starts its own server processes; two at a time suit 2 cores.
  workers: 2,
  retries: 0,
  reporter: [['list']],
  use: {
    ...devices['Desktop Chrome'],
    viewport: { width: 1366, height: 768 },
    launchOptions: {
      executablePath,
      args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
    // The service worker (SPEC SYNC12) is tested on its own (a-responder-reloads-the-board-on-a-dead-link…):
    // elsewhere it would answer page loads and built files from its copies, out of sight of the
    // faults the other tests put on the network with page.route.
    serviceWorkers: 'block',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
