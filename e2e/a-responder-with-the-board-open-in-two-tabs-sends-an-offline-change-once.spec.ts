import type { Page } from '@playwright/test';
import { readLog } from '../server/testing/client';
import { openBoard } from './support/board';
import { expect, shot, test } from './support/fixtures';
import { responderBehindProxy } from './support/proxy';
import { seedHazmatDrill } from './support/seed';

/**
 * SPEC IDEM2 in a real browser: one account's outbox is shared by its tabs (IndexedDB), and only
 * the tab holding the account's Web Lock sends. A responder has the board open in two tabs; the
 * network drops (a TCP proxy cuts every connection); a message is posted in one tab and shows as
 * pending in both. When the network returns, both tabs reconnect, one of them sends it, once, and
 * both show it as sent.
 */
test('IDEM2: a responder with the board open in two tabs posts a message offline; one tab sends it, once, and both show it', async ({ browser, app }) => {
  test.setTimeout(180_000);
  const seed = await seedHazmatDrill(app.url, ['port', 'fire', 'customs']);
  const { proxy, context, page } = await responderBehindProxy(browser, app, seed, 'en', { what: 'first tab' });
  try {
    const second = await context.newPage();
    await openBoard(second, seed.incidentId, 'second tab');
    const tabs: Array<[string, Page]> = [
      ['first', page],
      ['second', second],
    ];
    const TEXT = 'Tank 7 north side: both monitors running, sent once';
    // Every command:submit frame either tab's sockets send from now on.
    const sends: string[] = [];
    for (const [name, p] of tabs)
      p.on('websocket', (ws) =>
        ws.on('framesent', (f) => {
          const text = typeof f.payload === 'string' ? f.payload : f.payload.toString('utf8');
          if (text.includes('command:submit') && text.includes(TEXT)) sends.push(name);
        }),
      );

    await proxy.cut();
    for (const [, p] of tabs) await expect(p.getByTestId('connection-state')).not.toHaveAttribute('data-state', 'live', { timeout: 15_000 });
    await page.getByTestId('message-input').fill(TEXT);
    await page.getByTestId('message-send').click();
    // Written to the account's outbox: both tabs show it pending and count it.
    for (const [, p] of tabs) {
      await expect(p.getByTestId('message-item-pending')).toContainText(TEXT);
      await expect(p.getByTestId('connection-state')).toHaveAttribute('data-pending', '1');
    }
    await shot(second, 'outbox-two-tabs-pending-in-the-other-tab-en');

    const restoredAt = Date.now();
    await proxy.restore();
    for (const [, p] of tabs) {
      await expect(p.getByTestId('connection-state')).toHaveAttribute('data-state', 'live', { timeout: 30_000 });
      await expect(p.getByTestId('connection-state')).toHaveAttribute('data-pending', '0', { timeout: 30_000 });
      await expect(p.getByTestId('message-item').filter({ hasText: TEXT })).toHaveCount(1, { timeout: 30_000 });
      await expect(p.getByTestId('message-item-pending')).toHaveCount(0);
    }
    console.log(`two tabs: the message was sent by the ${sends.join(', ')} tab, shown as sent in both ${Date.now() - restoredAt} ms after the network returned`);
    expect(sends).toHaveLength(1);
    const log = await readLog(app.url, seed.admin, seed.incidentId);
    expect(log.filter((e) => e.type === 'MessagePosted' && e.payload.text === TEXT)).toHaveLength(1);
    await context.close();
  } finally {
    await proxy.stop();
  }
});
