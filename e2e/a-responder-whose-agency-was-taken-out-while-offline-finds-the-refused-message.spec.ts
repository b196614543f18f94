import { connect, submit } from '../server/testing/client';
import { serverState } from './support/board';
import { expect, shot, test } from './support/fixtures';
import { storedOutbox } from './support/outbox';
import { responderBehindProxy } from './support/proxy';
import { seedHazmatDrill } from './support/seed';

/**
 * A responder posts a message while offline; meanwhile the commander takes the responder's agency
 * out of the incident. On reconnect the server refuses the message (FORBIDDEN, SPEC AUTH5). The
 * header counts it from every page and leads to the incident; its board can no longer open, yet it
 * shows the refused message, its words and why, to be discarded. Before, the count stayed in the
 * header for good and the message could be neither seen nor discarded.
 */
test('a responder whose agency was taken out while offline finds the refused message from the header, reads it, and discards it', async ({ browser, app }) => {
  test.setTimeout(240_000);
  const seed = await seedHazmatDrill(app.url, ['port', 'fire', 'customs']);
  const { proxy, context, page } = await responderBehindProxy(browser, app, seed, 'en');
  try {
    await proxy.cut();
    await expect(page.getByTestId('connection-state')).not.toHaveAttribute('data-state', 'live', { timeout: 15_000 });
    const words = 'Leak source plugged at valve 3; foam team standing by';
    await page.getByTestId('message-input').fill(words);
    // To one agency, as an alert: the refused message shows those too, not its words alone.
    await page.getByTestId('message-to').selectOption('customs');
    await page.getByTestId('message-alert').check();
    await page.getByTestId('message-send').click();
    await expect(page.getByTestId('connection-state')).toHaveAttribute('data-pending', '1');

    // Meanwhile the commander takes Fire and Rescue out of the incident.
    const s = await connect(app.url, seed.admin);
    const version = (await serverState(app.url, seed.admin, seed.incidentId)).version;
    expect((await submit(s, seed.incidentId, { type: 'UpdateIncident', expectedVersion: version, agencies: ['port', 'customs'] })).ok).toBe(true);
    s.close();

    await proxy.restore();
    const refusedLink = page.getByTestId('connection-refused');
    await expect(refusedLink).toBeVisible({ timeout: 30_000 });
    const stored = await storedOutbox(page);
    expect(stored.map((e) => [e.command.type, e.state, e.error?.code])).toEqual([['PostMessage', 'failed', 'FORBIDDEN']]);

    // From another page (a restart of the browser's tab), the header's count leads to the incident.
    await page.goto('/incidents');
    await expect(refusedLink).toBeVisible({ timeout: 30_000 });
    await refusedLink.click();
    await page.waitForURL(`**/incidents/${seed.incidentId}`);
    // The board cannot open (the agency no longer takes part), but the refused message is there, whole.
    const decision = page.getByTestId('outbox-decision');
    await expect(decision).toHaveCount(1, { timeout: 30_000 });
    await expect(decision.getByTestId('outbox-words')).toHaveText(words);
    // And the rest of what the person said, with the server's own reason (SPEC SYNC4).
    await expect(decision.locator('[data-field="toAgency"]').getByTestId('outbox-mine')).toHaveText('Customs');
    await expect(decision.locator('[data-field="alert"]').getByTestId('outbox-mine')).toHaveText('Yes');
    await expect(decision.getByTestId('outbox-now')).toHaveCount(0);
    await expect(decision.getByTestId('outbox-error-detail')).toHaveText(`Detail: ${stored[0].error?.message}`);
    await expect(decision).toContainText('Message');
    await expect(page.getByTestId('incident-board')).toHaveCount(0);
    await shot(page, 'outbox-refused-on-an-unreadable-incident-en');

    await decision.getByTestId('outbox-discard').click();
    await expect(page.getByTestId('outbox-decisions')).toHaveCount(0);
    await expect(refusedLink).toHaveCount(0);
    await expect(page.getByTestId('connection-state')).toHaveAttribute('data-refused', '0');
    expect(await storedOutbox(page)).toEqual([]);
    // Nothing was written for Fire and Rescue.
    const state = await serverState(app.url, seed.admin, seed.incidentId);
    expect(state.messages.some((m) => m.text === words)).toBe(false);
    await context.close();
  } finally {
    await proxy.stop();
  }
});
