import { expect, shot, signedInContext, startApp, startRedisServer, test } from './support/fixtures';
import { seedHazmatDrill } from './support/seed';

test('windows on two server processes sharing one redis-server see each other, and catch up after a restart', async ({ browser }) => {
  const redis = await startRedisServer({ appendonly: true });
  const [A, B] = await Promise.all([startApp({ redisUrl: redis.url, serverId: 'A' }), startApp({ redisUrl: redis.url, serverId: 'B' })]);
  try {
    const seed = await seedHazmatDrill(A.url, ['port', 'fire', 'customs']);
    const onA = await signedInContext(browser, A.url, seed.names.fire, seed.password(seed.names.fire), 'zh-CN');
    const onB = await signedInContext(browser, B.url, seed.names.customs, seed.password(seed.names.customs), 'en');
    for (const c of [onA, onB]) {
      await c.page.goto(`/incidents/${seed.incidentId}`);
      await expect(c.page.getByTestId('connection-state')).toHaveAttribute('data-state', 'live');
    }

    // A change through A appears on B.
    await onA.page.locator('[data-agency="fire"]').getByTestId('new-task-button').click();
    await onA.page.getByRole('dialog').getByTestId('task-title-input').fill('Leak containment with foam');
    let t0 = Date.now();
    await onA.page.getByRole('dialog').getByTestId('dialog-submit').click();
    await expect(onB.page.locator('[data-agency="fire"] [data-testid="task-card"]')).toHaveCount(1);
    console.log(`A → window on B: ${Date.now() - t0} ms`);

    // And through B appears on A.
    await onB.page.getByTestId('message-input').fill('UN number confirmed: UN1203');
    t0 = Date.now();
    await onB.page.getByTestId('message-send').click();
    await expect(onA.page.getByTestId('message-item')).toHaveCount(1);
    console.log(`B → window on A: ${Date.now() - t0} ms`);

    // Stop B, change things through A, start B again: B's window catches up by itself.
    await B.kill();
    await expect(onB.page.getByTestId('connection-state')).not.toHaveAttribute('data-state', 'live');
    await onA.page.getByTestId('message-input').fill('泄漏源已封堵');
    await onA.page.getByTestId('message-send').click();
    await onA.page.locator('[data-agency="fire"]').getByTestId('task-next-status').click();
    await expect(onA.page.getByTestId('timeline-item')).toHaveCount(5);
    await shot(onB.page, 'two-processes-b-while-down-en');
    await B.start();
    t0 = Date.now();
    await expect(onB.page.getByTestId('connection-state')).toHaveAttribute('data-state', 'live', { timeout: 30_000 });
    await expect(onB.page.getByTestId('timeline-item')).toHaveCount(5);
    await expect(onB.page.locator('[data-agency="fire"] [data-testid="task-card"]')).toHaveAttribute('data-status', 'acknowledged');
    console.log(`window on B caught up ${Date.now() - t0} ms after B restarted`);
    const seqs = (p: typeof onA.page) => p.getByTestId('timeline-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-seq')));
    expect(await seqs(onB.page)).toEqual(await seqs(onA.page));
    await shot(onB.page, 'two-processes-b-caught-up-en');
    for (const c of [onA, onB]) await c.context.close();
  } finally {
    await Promise.all([A.stop(), B.stop()]);
    await redis.stop();
  }
});
