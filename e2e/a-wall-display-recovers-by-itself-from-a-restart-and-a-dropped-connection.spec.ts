import type { Browser, Page } from '@playwright/test';
import { connect, signIn } from '../server/testing/client';
import { startTcpProxy, type TcpProxy } from '../server/testing/tcp-proxy';
import { failTheRootOnFirstLoad, readsBetween, type FaultyRootWindow, type ReadsBetween } from './support/faults';
import { expect, shot, startApp, test } from './support/fixtures';
import { seedHazmatDrill } from './support/seed';
import { createTask, expectWallEqualsServer, issueDisplay, moveTask, openWall, SIZES } from './support/wall';
import { serverState } from './support/board';

/** Waits for the whole-screen stale warning, then for it to clear; returns how long each took (ms from `t0`). */
async function staleThenLive(page: Page, t0: number, between: () => Promise<void>, staleWithin = 30_000) {
  await expect(page.getByTestId('wall-stale')).toBeVisible({ timeout: staleWithin });
  const staleAfter = Date.now() - t0;
  await expect(page.getByTestId('wall-stale')).toContainText(/\d\d:\d\d:\d\d/);
  // One per language: the tests that come here show the warning in English and in Chinese.
  await shot(page, `wall-stale-warning-1080p-${await page.locator('html').getAttribute('lang')}`);
  const lastUpdate = (await page.getByTestId('wall-stale-since').textContent())?.match(/\d\d:\d\d:\d\d/)?.[0] ?? null;
  const t1 = Date.now();
  await between();
  await expect(page.getByTestId('wall-stale')).toHaveCount(0, { timeout: 30_000 });
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'live');
  // Its catch-up (SPEC SYNC5) said, then done: the "catching up" overlay goes too, however fast the join was answered.
  await expect(page.getByTestId('wall-catching-up')).toHaveCount(0, { timeout: 15_000 });
  return { staleAfter, recoveredAfter: Date.now() - t1, lastUpdate };
}

/** What the drawing-failure test keeps on the wall's window: the fault's switch, and a marker a reload wipes. */
type FaultyWindow = Window & { wallFails?: boolean; stillHere?: boolean };

/** A drill with one fire task, and a display token for it: what the drawing-failure tests put on a wall. */
async function drillWithOneTask(url: string): Promise<{ a: string; token: string }> {
  const seed = await seedHazmatDrill(url, ['port', 'fire']);
  const fire = await connect(url, seed.users.fire.token);
  const a = await createTask(fire, seed.incidentId, 'fire', 'Cool the tank with water curtains');
  fire.close();
  return { a, token: await issueDisplay(url, seed.admin, { kind: 'incident', incidentId: seed.incidentId }) };
}

test.describe.configure({ mode: 'serial' });

test('the wall display rides out a server restart: warns after 10 s, then catches up by itself', async ({ browser }) => {
  test.setTimeout(120_000);
  const app = await startApp();
  try {
    const seed = await seedHazmatDrill(app.url, ['port', 'fire', 'customs', 'medical']);
    const fire = await connect(app.url, seed.users.fire.token);
    const a = await createTask(fire, seed.incidentId, 'fire', 'Cool the tank with water curtains');
    const b = await createTask(fire, seed.incidentId, 'fire', 'Gas detection at the fence line');
    fire.close();
    const token = await issueDisplay(app.url, seed.admin, { kind: 'incident', incidentId: seed.incidentId });
    const wall = await openWall(browser, app.url, token, { lang: 'en' });
    await expect(wall.locator(`[data-testid="wall-task"][data-task-id="${a}"]`)).toBeVisible();
    await expect(wall.getByTestId('connection-state')).toHaveAttribute('data-state', 'live');

    const t0 = Date.now();
    await app.stop({ keepData: true });
    const { staleAfter, recoveredAfter } = await staleThenLive(wall, t0, async () => {
      await app.start();
      // Changes made by another client after the restart, while the screen is still away or catching up.
      const admin = await signIn(app.url);
      const cmd = await connect(app.url, admin);
      await moveTask(cmd, app.url, admin, seed.incidentId, a, 'acknowledged');
      await moveTask(cmd, app.url, admin, seed.incidentId, b, 'acknowledged');
      await moveTask(cmd, app.url, admin, seed.incidentId, b, 'blocked', 'Detector battery flat');
      await createTask(cmd, seed.incidentId, 'customs', 'Hold containers of bay 12');
      cmd.close();
    });
    console.log(`server restart: stale warning after ${staleAfter} ms; warning cleared ${recoveredAfter} ms after the restart began`);
    expect(wall.url()).toContain('/display');
    await expect(wall.getByTestId('display-revoked')).toHaveCount(0);
    await expectWallEqualsServer(wall, await serverState(app.url, await signIn(app.url), seed.incidentId));
    await shot(wall, 'wall-after-restart-en-1080p');
    await wall.context().close();
  } finally {
    await app.stop();
  }
});

/**
 * A wall screen on a drill with one fire task, reached through a TCP proxy, live; then `fault`
 * takes its network away, and meanwhile the task moves on and another is made, straight at the
 * server. The screen must warn, then, once `heal` gives the network back, catch up to exactly the
 * server's state. Returns how long the warning and the recovery took.
 */
async function wallRidesOutANetworkFault(
  browser: Browser,
  app: { url: string; port: number },
  lang: 'en' | 'zh-CN',
  fault: (proxy: TcpProxy) => Promise<void> | void,
  heal: (proxy: TcpProxy) => Promise<void> | void,
  staleWithin?: number,
) {
  const seed = await seedHazmatDrill(app.url, ['port', 'fire', 'customs', 'medical']);
  const fire = await connect(app.url, seed.users.fire.token);
  const a = await createTask(fire, seed.incidentId, 'fire', 'Evacuate berth 4 offices');
  const token = await issueDisplay(app.url, seed.admin, { kind: 'incident', incidentId: seed.incidentId });
  const proxy = await startTcpProxy(app.port);
  try {
    const wall = await openWall(browser, proxy.url, token, { lang });
    await expect(wall.locator(`[data-testid="wall-task"][data-task-id="${a}"]`)).toBeVisible();
    await expect(wall.getByTestId('connection-state')).toHaveAttribute('data-state', 'live');

    const t0 = Date.now();
    await fault(proxy);
    await moveTask(fire, app.url, seed.admin, seed.incidentId, a, 'acknowledged');
    await createTask(fire, seed.incidentId, 'fire', 'Second foam tender to gate 3');
    const times = await staleThenLive(wall, t0, async () => heal(proxy), staleWithin);
    await expectWallEqualsServer(wall, await serverState(app.url, seed.admin, seed.incidentId));
    // The instant the network went away, as the screen's clock writes it.
    const faultAt = await wall.evaluate(
      (t) => new Intl.DateTimeFormat('en', { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(t),
      t0,
    );
    await wall.context().close();
    return { ...times, faultAt };
  } finally {
    fire.close();
    await proxy.stop();
  }
}

test('the wall display rides out a dropped network: warns, then catches up when the network is back', async ({ browser, app }) => {
  test.setTimeout(120_000);
  const { staleAfter, recoveredAfter } = await wallRidesOutANetworkFault(browser, app, 'zh-CN', (p) => p.cut(), (p) => p.restore());
  console.log(`dropped network: stale warning after ${staleAfter} ms; warning cleared ${recoveredAfter} ms after the network came back`);
});

test('SYNC3: the wall display on a network that drops packets without a word warns within half a minute, then catches up when it passes again', async ({ browser, app }) => {
  test.setTimeout(150_000);
  // Nothing passes and nothing says so (no reset, no end): only the heartbeat tells the screen.
  // It hears a ping every 5 s and drops a connection it has heard nothing over for 15 s, then
  // warns 10 s later. With Socket.IO's default heartbeat alone (45 s) the screen showed itself
  // live, its state old, for 55 s.
  const { staleAfter, recoveredAfter, lastUpdate, faultAt } = await wallRidesOutANetworkFault(
    browser,
    app,
    'en',
    (p) => p.blackHole(true),
    (p) => p.blackHole(false),
    35_000,
  );
  console.log(
    `black-holed network: stale warning after ${staleAfter} ms; warning cleared ${recoveredAfter} ms after the network passed again; "last update" ${lastUpdate}, the network went quiet at ${faultAt}`,
  );
  expect(staleAfter).toBeGreaterThanOrEqual(10_000);
  // The warning's "last update" is when the screen last heard from the server, before the network
  // went quiet: not when it gave the connection up, 15 s after, when its state was already old
  // (a task had moved on meanwhile).
  expect(lastUpdate).not.toBeNull();
  expect(lastUpdate! <= faultAt, `last update ${lastUpdate} is later than ${faultAt}, when the network went quiet`).toBe(true);
});

test('SYNC3: the wall display draws itself again after a failure, and reloads only once the server answers', async ({ browser }) => {
  test.setTimeout(150_000);
  const app = await startApp();
  try {
    const { a, token } = await drillWithOneTask(app.url);
    const wall = await openWall(browser, app.url, token, { lang: 'en' });
    const task = wall.locator(`[data-testid="wall-task"][data-task-id="${a}"]`);
    await expect(task).toBeVisible();

    // Drawing fails, with nothing of the product changed for it: while the page's flag is up, every
    // time format throws, and the wall's clock formats one each second. The marker tells a reload.
    await wall.evaluate(() => {
      const w = window as FaultyWindow;
      const format = Object.getOwnPropertyDescriptor(Intl.DateTimeFormat.prototype, 'format')!;
      Object.defineProperty(Intl.DateTimeFormat.prototype, 'format', {
        configurable: true,
        get() {
          if (w.wallFails) throw new Error('e2e: drawing the wall fails');
          return format.get!.call(this);
        },
      });
      w.stillHere = true;
      w.wallFails = true;
    });
    const notice = wall.getByTestId('wall-connecting');
    await expect(notice).toHaveAttribute('data-kind', 'unavailable');
    await expect(notice).toContainText('Connecting');
    // Since when: a wall that failed an hour ago does not look like one that is starting.
    const since = wall.getByTestId('wall-unavailable-since');
    await expect(since).toHaveText(/^Nothing shown since \d\d:\d\d: this screen recovers by itself\.$/);
    await shot(wall, 'wall-drawing-failed-en-1080p');
    const t0 = Date.now();
    await wall.evaluate(() => ((window as FaultyWindow).wallFails = false));
    await expect(task).toBeVisible({ timeout: 20_000 });
    const redrawn = Date.now() - t0;
    expect(await wall.evaluate(() => (window as FaultyWindow).stillHere)).toBe(true);

    // It fails again and again while the server is away: after six failures in a row it would
    // reload, but asks the server first, and stays on its own notice (not the browser's error page).
    const probes: string[] = [];
    wall.on('requestfailed', (r) => void (new URL(r.url()).pathname === '/healthz' && probes.push(r.url())));
    await app.stop({ keepData: true });
    await wall.evaluate(() => ((window as FaultyWindow).wallFails = true));
    await expect(notice).toBeVisible();
    const failedAt = await since.textContent();
    await expect.poll(() => probes.length, { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
    // Each try to draw again mounts the notice anew; the time stays the first failure's.
    await expect(since).toHaveText(failedAt!);
    expect(wall.url()).toContain('/display');
    expect(await wall.evaluate(() => (window as FaultyWindow).stillHere)).toBe(true);
    await expect(notice).toHaveAttribute('data-kind', 'unavailable');

    // The server is back: the next attempt reloads, and the reloaded page draws (its flag is gone),
    // with the token the tab kept: the address bar has not shown it since the first load.
    const t1 = Date.now();
    await app.start();
    await expect(task).toBeVisible({ timeout: 30_000 });
    await expect(wall.getByTestId('connection-state')).toHaveAttribute('data-state', 'live');
    expect(await wall.evaluate(() => (window as FaultyWindow).stillHere)).toBeUndefined();
    expect(await wall.evaluate(() => window.location.hash)).toBe('');
    console.log(`wall drawing failed: drawn again ${redrawn} ms after the fault cleared; reloaded and live ${Date.now() - t1} ms after the server was started again (${probes.length} refused probes before)`);
    await wall.context().close();
  } finally {
    await app.stop();
  }
});

/** The switch of the failure above the wall's boundary, and a marker a reload wipes. */
type FailingShellWindow = Window & { shellFails?: boolean; stillHere?: boolean };

test('SYNC3: the wall display gets past a failure above its own boundary by itself, and reloads after six in a row', async ({ browser }) => {
  test.setTimeout(150_000);
  const app = await startApp();
  try {
    const { a, token } = await drillWithOneTask(app.url);

    // What fails is the wall's shell, above the boundary around its content: the shell sets the
    // document's language when it mounts, and while the page's switch is up that throws. The switch
    // is up in the first page load, and in a load after the test asks for one (`e2e-fail-loads`).
    const context = await browser.newContext({ viewport: SIZES['1080p'] });
    await context.addInitScript(() => {
      const w = window as FailingShellWindow;
      const left = Number(sessionStorage.getItem('e2e-fail-loads') ?? '1');
      w.shellFails = left > 0;
      sessionStorage.setItem('e2e-fail-loads', String(Math.max(0, left - 1)));
      w.stillHere = true;
      const lang = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'lang')!;
      Object.defineProperty(HTMLElement.prototype, 'lang', {
        configurable: true,
        get() {
          return lang.get!.call(this);
        },
        set(value: string) {
          if (w.shellFails && this === document.documentElement) throw new Error('e2e: the wall shell fails');
          lang.set!.call(this, value);
        },
      });
    });
    const wall = await context.newPage();
    await wall.goto(`${app.url}/display?lang=en#t=${token}`);
    const task = wall.locator(`[data-testid="wall-task"][data-task-id="${a}"]`);

    // The app's error page catches it; on a wall it is the wall's notice, not a page of buttons.
    const failed = wall.getByTestId('wall-page-failed');
    await expect(failed).toBeVisible({ timeout: 30_000 });
    await expect(failed.getByTestId('wall-connecting')).toHaveAttribute('data-kind', 'unavailable');
    await expect(failed).toContainText('Connecting');
    await expect(wall.getByTestId('page-problem')).toHaveCount(0);
    await shot(wall, 'wall-shell-failed-en-1080p');

    // The fault clears: within 5 s the page is asked for again and drawn, in the same document.
    const t0 = Date.now();
    await wall.evaluate(() => ((window as FailingShellWindow).shellFails = false));
    await expect(task).toBeVisible({ timeout: 20_000 });
    await expect(wall.getByTestId('connection-state')).toHaveAttribute('data-state', 'live');
    const redrawn = Date.now() - t0;
    expect(await wall.evaluate(() => (window as FailingShellWindow).stillHere)).toBe(true);
    // Drawn again by the router's retry, which writes the address it knows: without the token.
    expect(await wall.evaluate(() => window.location.hash)).toBe('');

    // A load whose shell fails every time: after six failures in a row the page reloads (the
    // server answers), and the reloaded page draws.
    await wall.evaluate(() => sessionStorage.setItem('e2e-fail-loads', '1'));
    await wall.reload();
    await expect(failed).toBeVisible({ timeout: 30_000 });
    const t1 = Date.now();
    await wall.evaluate(() => ((window as FailingShellWindow).stillHere = false));
    await expect(task).toBeVisible({ timeout: 60_000 });
    await expect(wall.getByTestId('connection-state')).toHaveAttribute('data-state', 'live');
    expect(await wall.evaluate(() => (window as FailingShellWindow).stillHere)).toBe(true);
    expect(await wall.evaluate(() => sessionStorage.getItem('e2e-fail-loads'))).toBe('0');
    expect(await wall.evaluate(() => window.location.hash)).toBe('');
    console.log(`wall shell failed: drawn again ${redrawn} ms after the fault cleared; a shell failing every time reloaded and drew ${Date.now() - t1} ms after its first failure was shown`);
    await context.close();
  } finally {
    await app.stop();
  }
});

test('SYNC3: a bilingual wall display whose page fails at the app\'s root shows its notice in both languages and draws itself again', async ({ browser, app }) => {
  const { a, token } = await drillWithOneTask(app.url);
  const context = await browser.newContext({ viewport: SIZES['1080p'] });
  await failTheRootOnFirstLoad(context);
  const wall = await context.newPage();
  await wall.goto(`${app.url}/display?lang=both#t=${token}`);

  // app/global-error.tsx replaced the whole document: on a wall, the wall's notice, not a page of
  // buttons, and in the link's languages, not only the browser's (English): a bilingual wall's
  // Chinese, with the English caption beneath, as the wall shows it.
  const failed = wall.getByTestId('wall-page-failed');
  await expect(failed).toBeVisible({ timeout: 30_000 });
  await expect(failed.getByTestId('wall-connecting')).toHaveAttribute('data-kind', 'unavailable');
  await expect(failed.locator('[lang="zh-CN"]').first()).toContainText('正在连接服务器');
  await expect(failed.locator('[lang="en"]').first()).toContainText('Connecting');
  // Since when, in both languages too.
  await expect(failed.getByTestId('wall-unavailable-since').locator('[lang="zh-CN"]')).toHaveText(/^自 \d\d:\d\d 起未能显示/);
  await expect(failed.getByTestId('wall-unavailable-since').locator('[lang="en"]')).toHaveText(/^Nothing shown since \d\d:\d\d/);
  await expect(wall.getByTestId('page-problem')).toHaveCount(0);
  await expect(wall.getByTestId('page-problem-reload')).toHaveCount(0);
  await shot(wall, 'wall-root-failed-both-1080p');

  const t0 = Date.now();
  await wall.evaluate(() => ((window as FaultyRootWindow).rootFails = false));
  await expect(wall.locator(`[data-testid="wall-task"][data-task-id="${a}"]`)).toBeVisible({ timeout: 20_000 });
  await expect(wall.getByTestId('connection-state')).toHaveAttribute('data-state', 'live');
  expect(await wall.evaluate(() => (window as FaultyRootWindow).stillHere)).toBe(true);
  console.log(`wall root failed: drawn again ${Date.now() - t0} ms after the fault cleared, without a reload`);
  await context.close();
});

test('SYNC5: a wall back from a break says it is catching up until it has, not "Connected" over what it showed before', async ({ browser, app }) => {
  test.setTimeout(120_000);
  const seed = await seedHazmatDrill(app.url, ['port', 'fire']);
  const fire = await connect(app.url, seed.users.fire.token);
  const a = await createTask(fire, seed.incidentId, 'fire', 'Evacuate berth 4 offices');
  const token = await issueDisplay(app.url, seed.admin, { kind: 'incident', incidentId: seed.incidentId });
  // Between the screen and the server: its network taken away, then given back with its incident
  // reads (join, fetch) held until let go.
  let net!: ReadsBetween;
  const wall = await openWall(browser, app.url, token, {
    lang: 'en',
    before: async (context) => {
      net = await readsBetween(context);
    },
  });
  try {
    await expect(wall.locator(`[data-testid="wall-task"][data-task-id="${a}"]`)).toBeVisible();
    await expect(wall.getByTestId('connection-state')).toHaveAttribute('data-state', 'live');
    await net.cut();
    await expect(wall.getByTestId('wall-stale')).toBeVisible({ timeout: 30_000 });
    // Meanwhile the task moves on and another is made.
    await moveTask(fire, app.url, seed.admin, seed.incidentId, a, 'acknowledged');
    const b = await createTask(fire, seed.incidentId, 'fire', 'Second foam tender to gate 3');

    net.restore({ hold: true });
    const t0 = Date.now();
    await expect(wall.getByTestId('connection-state')).toHaveAttribute('data-state', 'live', { timeout: 30_000 });
    await expect(wall.getByTestId('wall-stale')).toHaveCount(0);
    // Live again, its join not answered yet: the old state, and the screen says so.
    await expect(wall.getByTestId('wall-catching-up')).toBeVisible();
    await expect(wall.getByTestId('wall-catching-up')).toContainText('CATCHING UP');
    await expect(wall.locator(`[data-testid="wall-task"][data-task-id="${b}"]`)).toHaveCount(0);
    await shot(wall, 'wall-catching-up-1080p-en');
    net.release();
    await expect(wall.getByTestId('wall-catching-up')).toHaveCount(0, { timeout: 15_000 });
    console.log(`SYNC5: the wall said "catching up" from its reconnect until it had caught up, ${Date.now() - t0} ms after the network came back`);
    await expectWallEqualsServer(wall, await serverState(app.url, seed.admin, seed.incidentId));
  } finally {
    fire.close();
    await wall.context().close();
  }
});
