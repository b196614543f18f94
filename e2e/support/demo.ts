import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { DemoLang } from '../../server/demo/drill';
import { seedDemo, type SeededAccount, type SeededDemo } from '../../server/demo/seed-store';
import { createLogger } from '../../server/log';
import { createStore } from '../../server/store/create-store';
import type { ServerProcess } from '../../server/testing/server-process';
import { startApp, TEST_ADMIN_PASSWORD } from './fixtures';

export interface DemoApp {
  /** The running app (production build, Next included). Its stop() also removes the temp data dir. */
  app: ServerProcess;
  incidentId: string;
  /** One liaison per agency (key = agency code), then the commander and the observer; passwords need no change. */
  accounts: SeededAccount[];
  /** Display tokens: this incident's wall screen, and the all-active overview. Build links with displayHref. */
  displayTokens: { incident: string; active: string };
  /** The admin account (`admin`) has this password. */
  adminPassword: string;
  /** With `earlier`: the closed drills of scenarios B and C, as `npm run demo` seeds them. */
  earlier: SeededDemo['earlier'];
}

/**
 * The demo drill (scenario A: 7 agencies, 42 tasks, about 200 events over the last hour,
 * one alert) seeded into a fresh temp data dir (or the given Redis), then the bundled
 * app started on it. Same seed as `npm run demo`, so the content is the same every run.
 */
export async function startDemoApp(
  opts: { lang?: DemoLang; seed?: number; now?: number; redisUrl?: string; env?: Record<string, string>; earlier?: boolean } = {},
): Promise<DemoApp> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'portline-demo-'));
  try {
    const store = await createStore({ dataDir, redisUrl: opts.redisUrl });
    let seeded;
    try {
      seeded = await seedDemo(store, {
        lang: opts.lang,
        seed: opts.seed,
        now: opts.now,
        adminPassword: TEST_ADMIN_PASSWORD,
        earlier: opts.earlier,
        log: createLogger('silent', 'demo-seed'),
      });
    } finally {
      await store.close();
    }
    const app = await startApp({ dataDir, redisUrl: opts.redisUrl, env: opts.env });
    const stop = app.stop;
    app.stop = async () => {
      await stop();
      await rm(dataDir, { recursive: true, force: true });
    };
    return {
      app,
      incidentId: seeded.incidentId,
      accounts: seeded.accounts,
      displayTokens: { incident: seeded.displays.incident.token, active: seeded.displays.active.token },
      adminPassword: TEST_ADMIN_PASSWORD,
      earlier: seeded.earlier,
    };
  } catch (err) {
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  }
}
