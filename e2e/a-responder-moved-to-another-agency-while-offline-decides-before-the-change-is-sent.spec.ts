import { api, readLog } from '../server/testing/client';
import { expect, shot, test } from './support/fixtures';
import { storedOutbox } from './support/outbox';
import { responderBehindProxy } from './support/proxy';
import { seedHazmatDrill } from './support/seed';

/**
 * A Customs responder posts a message while offline; meanwhile the admin moves the account to the
 * Port Operator (which ends its session, SPEC AUTH8). The person signs in again: the message, made
 * as Customs, is not sent as Port's without asking (SPEC SYNC11). It waits under "Needs your
 * decision", saying as whom it was made and who the person is now, in English and in Chinese;
 * "Send as I am now" sends it with the same command id, and the log records it as Port's, once.
 * Before, it went out at the sign-in and was recorded as Port's without a word.
 */
test('a responder moved to another agency while offline is asked before the change made as the old one is sent', async ({ browser, app }) => {
  test.setTimeout(240_000);
  const seed = await seedHazmatDrill(app.url, ['port', 'fire', 'customs']);
  const name = seed.names.customs;
  const { proxy, context, page } = await responderBehindProxy(browser, app, seed, 'en', { as: 'customs' });
  try {
    await proxy.cut();
    await expect(page.getByTestId('connection-state')).not.toHaveAttribute('data-state', 'live', { timeout: 30_000 });
    const words = 'Container 7 cleared by Customs; seal number CN-4471';
    await page.getByTestId('message-input').fill(words);
    await page.getByTestId('message-send').click();
    await expect(page.getByTestId('connection-state')).toHaveAttribute('data-pending', '1');
    const [made] = await storedOutbox(page);
    expect(made.madeAs).toEqual({ role: 'responder', agency: 'customs' });

    // Meanwhile the admin moves the account to the Port Operator: its session ends (AUTH8).
    const moved = await api(app.url, 'PATCH', `/api/accounts/${seed.users.customs.account.id}`, seed.admin, { agency: 'port' });
    expect(moved.json.ok).toBe(true);

    // Back online, the page finds the session gone; the person signs in again.
    await proxy.restore();
    await page.waitForURL(/\/login/, { timeout: 30_000 });
    await page.getByTestId('login-username').fill(name);
    await page.getByTestId('login-password').fill(seed.password(name));
    await page.getByTestId('login-submit').click();
    await page.waitForURL(new RegExp(`/incidents/${seed.incidentId}$`));
    await expect(page.getByTestId('incident-board')).toBeVisible({ timeout: 30_000 });

    // Not sent: kept for the person's decision, saying why.
    const decision = page.getByTestId('outbox-decision');
    await expect(decision).toHaveCount(1, { timeout: 30_000 });
    await expect(decision).toHaveAttribute('data-state', 'failed');
    await expect(decision).toHaveAttribute('data-made-as-other', 'true');
    await expect(decision.getByTestId('outbox-why')).toHaveText(
      'Made as Responder · Customs; you are now Responder · Port Operator. Not sent: sending it now records it as Responder · Port Operator.',
    );
    await expect(decision.locator('[data-field="text"]').getByTestId('outbox-mine')).toHaveText(words);
    await expect(decision.getByTestId('outbox-error-detail')).toHaveCount(0);
    await expect(decision.getByTestId('outbox-send-again')).toHaveText('Send as I am now');
    await expect(page.getByTestId('connection-state')).toHaveAttribute('data-refused', '1');
    const [held] = await storedOutbox(page);
    expect([held.commandId, held.state, held.error?.code, held.error?.details?.madeAs]).toEqual([made.commandId, 'failed', 'FORBIDDEN', made.madeAs]);
    expect((await readLog(app.url, seed.admin, seed.incidentId)).some((e) => e.commandId === made.commandId)).toBe(false);
    await shot(page, 'outbox-made-as-another-agency-en');

    // The same, in Chinese.
    await page.getByTestId('language-switcher').locator('[data-locale="zh-CN"]').click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expect(decision.getByTestId('outbox-why')).toHaveText('此修改是以“处置人员 · 海关”身份做出的，您现在的身份是“处置人员 · 港口运营”。尚未发送：现在发送将记为“处置人员 · 港口运营”所为。');
    await expect(decision.getByTestId('outbox-send-again')).toHaveText('以当前身份发送');
    await shot(page, 'outbox-made-as-another-agency-zh');

    // Send as I am now: the same command id, applied once, as the Port Operator's.
    await decision.getByTestId('outbox-send-again').click();
    await expect(page.getByTestId('outbox-decisions')).toHaveCount(0, { timeout: 30_000 });
    await expect(page.getByTestId('connection-state')).toHaveAttribute('data-refused', '0');
    await expect.poll(() => storedOutbox(page), { timeout: 30_000 }).toEqual([]);
    const log = await readLog(app.url, seed.admin, seed.incidentId);
    const applied = log.filter((e) => e.commandId === made.commandId);
    expect(applied.map((e) => [e.type, e.actor.agency, e.actor.role])).toEqual([['MessagePosted', 'port', 'responder']]);
    await context.close();
  } finally {
    await proxy.stop();
  }
});
