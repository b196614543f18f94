import { request } from '../server/testing/client';
import { startTcpProxy } from '../server/testing/tcp-proxy';
import { expect, shot, signedInContext, test } from './support/fixtures';
import { apiTask } from './support/outbox';
import { seedHazmatDrill } from './support/seed';
import { issueDisplay, openWall } from './support/wall';

/**
 * SPEC SYNC7: the browser reaches the server through a TCP proxy that lets plain HTTP through and
 * refuses every WebSocket upgrade (server/testing/tcp-proxy.ts), as some site proxies do. The
 * board's socket never connects; the page reads the incident over HTTP instead, and keeps reading.
 */
test('a responder behind a proxy that refuses WebSockets still follows the board, and is sent to sign in when the session is revoked', async ({ browser, app }) => {
  test.setTimeout(180_000);
  const seed = await seedHazmatDrill(app.url, ['port', 'fire', 'customs']);
  const first = await apiTask(app.url, seed.admin, seed.incidentId, 'fire', 'Cool tank 7 with water curtain');
  const proxy = await startTcpProxy(app.port);
  proxy.refuseWebSockets(true);
  try {
    const { context, page } = await signedInContext(browser, proxy.url, seed.names.fire, seed.password(seed.names.fire), 'en');
    const opening = Date.now();
    await page.goto(`/incidents/${seed.incidentId}`);
    const card = (taskId: string) => page.locator(`[data-testid="task-card"][data-task-id="${taskId}"]`);
    await expect(card(first.taskId)).toBeVisible({ timeout: 30_000 });
    console.log(`proxy: the board read over HTTP ${Date.now() - opening} ms after navigation`);
    await expect(page.getByTestId('connection-state')).not.toHaveAttribute('data-state', 'live');

    // Another agency's change reaches it on the next read (every 15 s while the socket is down).
    const made = Date.now();
    const second = await apiTask(app.url, seed.admin, seed.incidentId, 'port', 'Close gate 3 to traffic');
    await expect(card(second.taskId)).toBeVisible({ timeout: 40_000 });
    console.log(`proxy: another agency's new task shown ${Date.now() - made} ms after it was made`);
    await expect(page.getByTestId('connection-state')).not.toHaveAttribute('data-state', 'live');
    // The banner gives the time of the last read, not only when the page last was live.
    await expect(page.getByTestId('stale-banner')).toContainText(/Not live: the board was read at \d\d:\d\d:\d\d and is read again every 15 s/);
    await shot(page, 'board-behind-a-proxy-that-refuses-websockets-en');

    // An admin ends every session of the account: no socket can say so, the next read is refused,
    // and the page goes to the sign-in page.
    const accounts = await request<{ accounts: { id: string; username: string }[] }>(app.url, 'GET', '/api/accounts', { token: seed.admin });
    const account = accounts.json.accounts.find((a) => a.username === seed.names.fire);
    expect(account).toBeDefined();
    const sessions = await request<{ sessions: { id: string }[] }>(app.url, 'GET', `/api/accounts/${account!.id}/sessions`, { token: seed.admin });
    const revoked = Date.now();
    for (const s of sessions.json.sessions) {
      expect((await request(app.url, 'POST', `/api/sessions/${s.id}/revoke`, { token: seed.admin, body: {} })).status).toBe(200);
    }
    await page.waitForURL((u) => u.pathname === '/login', { timeout: 40_000 });
    console.log(`proxy: sent to sign in ${Date.now() - revoked} ms after the session was revoked`);
    expect(new URL(page.url()).searchParams.get('next')).toBe(`/incidents/${seed.incidentId}`);
    await context.close();
  } finally {
    await proxy.stop();
  }
});

test('a wall screen behind a proxy that refuses WebSockets shows the incident, says it is not live, and gives the time of its last read', async ({ browser, app }) => {
  test.setTimeout(180_000);
  const seed = await seedHazmatDrill(app.url, ['port', 'fire']);
  const first = await apiTask(app.url, seed.admin, seed.incidentId, 'fire', 'Evacuate berth 4 offices');
  const token = await issueDisplay(app.url, seed.admin, { kind: 'incident', incidentId: seed.incidentId });
  const proxy = await startTcpProxy(app.port);
  proxy.refuseWebSockets(true);
  try {
    const wall = await openWall(browser, proxy.url, token, { lang: 'en' });
    const task = (id: string) => wall.locator(`[data-testid="wall-task"][data-task-id="${id}"]`);
    // Read with the display token over HTTP: the wall has no session.
    await expect(task(first.taskId)).toBeVisible({ timeout: 30_000 });
    const notice = wall.getByTestId('wall-stale');
    await expect(notice).toBeVisible({ timeout: 30_000 });
    const lastUpdate = async () => (await wall.getByTestId('wall-stale-since').innerText()).match(/\d\d:\d\d:\d\d/)?.[0] ?? '';
    const before = await lastUpdate();
    expect(before).not.toBe('');

    const made = Date.now();
    const second = await apiTask(app.url, seed.admin, seed.incidentId, 'port', 'Close gate 3 to traffic');
    await expect(task(second.taskId)).toBeVisible({ timeout: 40_000 });
    console.log(`proxy: the wall showed another agency's new task ${Date.now() - made} ms after it was made`);
    // Its notice moves on with the reads (before, it kept the time the screen started).
    await expect.poll(lastUpdate, { timeout: 20_000 }).not.toBe(before);
    await expect(notice).toContainText('NOT LIVE');
    await shot(wall, 'wall-behind-a-proxy-that-refuses-websockets-en-1080p');
    await wall.context().close();
  } finally {
    await proxy.stop();
  }
});
