import type { IncidentSummary } from '../lib/domain/incident/summary';
import { api, readLog, signIn } from '../server/testing/client';
import { startTcpProxy } from '../server/testing/tcp-proxy';
import { expect, shot, signedInContext, test, TEST_ADMIN_PASSWORD } from './support/fixtures';

/**
 * The browser reaches the server through a TCP proxy (server/testing/tcp-proxy.ts). `stall()`
 * holds back everything the server sends while the browser's side still gets through: the
 * "Open incident" command reaches the server and is applied, its answer does not reach the page.
 * After send-command's deadline (30 s) the dialog says there was no answer and that trying again
 * is safe; pressing Open again must be the same command (SPEC IDEM1), not a second incident.
 */
test('IDEM1: a commander whose first "Open incident" got no answer presses Open again and gets one incident, on its board', async ({ browser, app }) => {
  test.setTimeout(150_000); // a 30 s wait for the answer, on a shared 2-core machine
  const admin = await signIn(app.url);
  const title = `Ammonia leak at berth 4 (${Math.random().toString(36).slice(2, 6)})`;
  const titled = async () =>
    (await api<{ incidents: IncidentSummary[] }>(app.url, 'GET', '/api/incidents', admin)).json.incidents.filter((i) => i.title === title);
  const proxy = await startTcpProxy(app.port);
  try {
    const { context, page } = await signedInContext(browser, proxy.url, 'admin', TEST_ADMIN_PASSWORD, 'en');
    await expect(page).toHaveURL(/\/incidents$/);
    await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'live');
    await page.getByTestId('open-incident-button').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('incident-title-input').fill(title);
    await dialog.getByTestId('kind-drill').check();
    await dialog.getByTestId('incident-scenario-input').selectOption('hazmat');
    await dialog.getByTestId('incident-location-input').fill('Berth 4, east quay');
    for (const code of ['port', 'fire']) await dialog.getByTestId('agency-checkboxes').locator(`[data-agency="${code}"]`).check();

    // The link goes bad: the command gets through, its answer never comes back.
    proxy.stall();
    const pressed = Date.now();
    await dialog.getByTestId('dialog-submit').click();
    await expect.poll(async () => (await titled()).length, { timeout: 15_000 }).toBe(1); // applied
    await expect(dialog.getByTestId('error-message')).toHaveAttribute('data-code', 'TIMEOUT', { timeout: 50_000 });
    console.log(`no-answer message ${Date.now() - pressed} ms after the press`);
    await expect(dialog.getByTestId('error-message')).toContainText('it is safe to try again');
    await shot(page, 'open-incident-no-answer-en');

    // The link recovers; the commander does what the message says.
    proxy.resume();
    await dialog.getByTestId('dialog-submit').click();
    await page.waitForURL(/\/incidents\/[0-9a-f-]{36}$/);
    const rows = await titled();
    expect(rows.map((r) => r.title)).toEqual([title]);
    expect(new URL(page.url()).pathname).toBe(`/incidents/${rows[0].id}`);
    const log = await readLog(app.url, admin, rows[0].id);
    expect(log.filter((e) => e.type === 'IncidentOpened')).toHaveLength(1);
    await expect(page.getByTestId('incident-board')).toBeVisible();
    await expect(page.getByTestId('agency-lane')).toHaveCount(2);
    await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'live');
    await shot(page, 'open-incident-after-retry-board-en');
    await context.close();
  } finally {
    await proxy.stop();
  }
});
