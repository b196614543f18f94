import { newId } from '../lib/client/new-id';
import { UNANSWERED_SHOWN_MS } from '../lib/client/within';
import { connect, hazmatIncident, readLog, logIntegrity, submit } from '../server/testing/client';
import { changeSeverity, openBoard, pageWidths, serverState } from './support/board';
import { expect, makeUser, shot, test } from './support/fixtures';
import { apiTask, expectOffline, storedOutbox } from './support/outbox';
import { responderBehindProxy } from './support/proxy';
import { expectNoSeriousA11yIssues, WCAG21_AA } from './support/a11y';
import { seedHazmatDrill } from './support/seed';

/**
 * The browser reaches the server through a TCP proxy (server/testing/tcp-proxy.ts),
 * so the network can really drop: the proxy drops every connection and refuses
 * new ones (`cut()`). (Playwright's context.setOffline in Chromium stops the traffic of an
 * open WebSocket but does not close it: checked, no message and no close event in
 * 3 s; the client would notice only at Socket.IO's ping timeout.) For the reload, the proxy lets
 * plain HTTP through but refuses WebSocket upgrades: the page loads, its socket
 * cannot connect, and what it shows as pending comes from IndexedDB alone.
 */
test('a responder keeps working through a network drop and a reload; every change is applied once, in order', async ({ browser, app }) => {
  test.setTimeout(240_000); // real server, proxy and browser on a shared 2-core machine
  const seed = await seedHazmatDrill(app.url, ['port', 'fire', 'customs']);
  const task = await apiTask(app.url, seed.admin, seed.incidentId, 'fire', 'Cool tank 7 with water curtain');
  const { proxy, context, page, indicator } = await responderBehindProxy(browser, app, seed, 'en');
  try {
    // The Wi-Fi drops.
    const cutAt = Date.now();
    await proxy.cut();
    await expect(indicator).not.toHaveAttribute('data-state', 'live', { timeout: 15_000 });
    console.log(`drop noticed ${Date.now() - cutAt} ms after the cut`);

    // Three changes while offline: a new task, a status change, a message.
    const fireLane = page.locator('[data-testid="agency-lane"][data-agency="fire"]');
    await fireLane.getByTestId('new-task-button').click();
    await page.getByRole('dialog').getByTestId('task-title-input').fill('Foam line to tank 7 北侧泡沫管线');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('dialog')).toHaveCount(0);
    const ghost = fireLane.getByTestId('task-card-pending');
    await expect(ghost).toContainText('Foam line to tank 7');

    const card = page.locator(`[data-testid="task-card"][data-task-id="${task.taskId}"]`);
    await card.getByTestId('task-next-status').click();
    await expect(card).toHaveAttribute('data-pending', 'true');
    await expect(card.getByTestId('task-pending')).toContainText('Acknowledged');
    await expect(card).toHaveAttribute('data-status', 'open'); // the server has not seen it yet

    await page.getByTestId('message-input').fill('Water curtain up on the north side');
    await page.getByTestId('message-send').click();
    await expect(page.getByTestId('message-item-pending')).toContainText('Water curtain up');

    await expectOffline(page);
    await expect(indicator).toHaveAttribute('data-pending', '3');
    await expect(indicator).toContainText(/Offline since \d\d:\d\d · 3 pending/);
    await shot(page, 'outbox-offline-three-pending-en');
    // The pending look (a card, a message, the indicator's count) is still readable by everyone.
    await expectNoSeriousA11yIssues(page, 'board offline with three pending changes', WCAG21_AA);
    // On a tablet in portrait the long state still fits: the header takes a second row rather
    // than overlapping the person's name or pushing the page sideways.
    await page.setViewportSize({ width: 800, height: 1280 });
    expect((await pageWidths(page)).scrollWidth).toBeLessThanOrEqual(800);
    const [state, badge] = [await indicator.boundingBox(), await page.getByTestId('current-user').boundingBox()];
    expect(state!.x + state!.width <= badge!.x || state!.y + state!.height <= badge!.y, `indicator ${JSON.stringify(state)} clear of ${JSON.stringify(badge)}`).toBe(true);
    // Nothing in it broken over two lines ("Sign / out", "中 / 文").
    for (const button of [page.getByTestId('sign-out'), page.getByTestId('language-switcher').getByRole('button').first()]) {
      const box = await button.boundingBox();
      expect(box!.height, await button.textContent() ?? '').toBeLessThan(32);
    }
    await shot(page, 'outbox-offline-three-pending-en-800');
    await page.setViewportSize({ width: 1366, height: 768 });

    // Written ahead: the three are in IndexedDB, in the order they were made; the server has none.
    const queued = await storedOutbox(page);
    expect(queued.map((e) => e.command.type)).toEqual(['CreateTask', 'ChangeTaskStatus', 'PostMessage']);
    const before = await readLog(app.url, seed.admin, seed.incidentId);
    expect(before.filter((e) => queued.some((q) => q.commandId === e.commandId))).toEqual([]);

    // Reload: HTTP works again but the socket still cannot connect. The list page
    // (served over HTTP) shows the three as pending, from IndexedDB alone.
    proxy.refuseWebSockets(true);
    await proxy.restore();
    await page.goto('/incidents');
    await expect(page.getByTestId('connection-state')).toHaveAttribute('data-pending', '3', { timeout: 30_000 });
    await expect(page.getByTestId('connection-state')).not.toHaveAttribute('data-state', 'live');
    await shot(page, 'outbox-after-reload-three-pending-en');
    // Every signed-in page says so in its header, the review pages too (SPEC SYNC4), and reads
    // the incident over plain HTTP while its socket cannot connect (SYNC7).
    for (const tab of ['metrics', 'findings'] as const) {
      await page.goto(`/incidents/${seed.incidentId}/${tab}`);
      await expect(page.getByTestId(tab === 'metrics' ? 'metrics-page' : 'findings-screen')).toBeVisible({ timeout: 30_000 });
      await expect(page.getByTestId('connection-state')).toHaveAttribute('data-pending', '3', { timeout: 30_000 });
      await expect(page.getByTestId('connection-state')).not.toHaveAttribute('data-state', 'live');
    }
    await expect(page.getByTestId('findings-screen').getByRole('heading', { level: 1 })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('findings-empty')).toBeVisible();
    await shot(page, 'outbox-on-findings-three-pending-en');

    // The board itself, reloaded while only plain HTTP gets through: the incident as the server has
    // it, read over HTTP, with the three changes still pending on it (SYNC4, SYNC7).
    const opening = Date.now();
    await page.goto(`/incidents/${seed.incidentId}`);
    await expect(page.getByTestId('incident-board')).toBeVisible({ timeout: 30_000 });
    await expect(card).toHaveAttribute('data-status', 'open', { timeout: 30_000 });
    console.log(`board read over HTTP ${Date.now() - opening} ms after navigation, its socket refused`);
    await expect(card).toHaveAttribute('data-pending', 'true');
    await expect(fireLane.getByTestId('task-card-pending')).toContainText('Foam line to tank 7');
    await expect(page.getByTestId('message-item-pending')).toContainText('Water curtain up');
    await expect(indicator).toHaveAttribute('data-pending', '3');
    await expect(indicator).not.toHaveAttribute('data-state', 'live');
    await shot(page, 'outbox-board-read-over-http-three-pending-en');

    // The connection returns: sent in order, each applied exactly once, the outbox empties.
    const back = Date.now();
    proxy.refuseWebSockets(false);
    await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'live', { timeout: 30_000 });
    await expect(page.getByTestId('connection-state')).toHaveAttribute('data-pending', '0', { timeout: 30_000 });
    console.log(`outbox drained ${Date.now() - back} ms after the network returned`);
    expect(await storedOutbox(page)).toEqual([]);

    const log = await readLog(app.url, seed.admin, seed.incidentId);
    const ids = queued.map((q) => q.commandId);
    expect(logIntegrity(log, ids)).toEqual({ gaps: 0, duplicates: 0, missing: [] });
    const applied = log.filter((e) => ids.includes(e.commandId));
    expect(applied.map((e) => e.commandId)).toEqual(ids); // in the order they were made
    expect(applied.map((e) => e.type)).toEqual(['TaskCreated', 'TaskStatusChanged', 'MessagePosted']);

    // The board shows the applied versions, nothing pending.
    await openBoard(page, seed.incidentId, 'board after reconnect');
    await expect(page.getByTestId('task-card-pending')).toHaveCount(0);
    await expect(page.getByTestId('message-item-pending')).toHaveCount(0);
    await expect(fireLane.getByTestId('task-card').filter({ hasText: 'Foam line to tank 7' })).toHaveCount(1);
    await expect(page.locator(`[data-testid="task-card"][data-task-id="${task.taskId}"]`)).toHaveAttribute('data-status', 'acknowledged');
    await expect(page.getByTestId('message-item').filter({ hasText: 'Water curtain up' })).toHaveCount(1);
    await shot(page, 'outbox-drained-en');
    await context.close();
  } finally {
    await proxy.stop();
  }
});

/**
 * Not only tasks and messages: an agency status set while the network is down is shown pending
 * on the chip, after the status the server has ("En route → Pending: On scene"), and the menu
 * does not offer it a second time (a second one would come back refused, as a spurious
 * "Needs your decision"). Back online it is applied once and the pending look goes (SPEC SYNC4).
 */
test('a liaison sets the agency status offline: shown pending, not offered again, applied once', async ({ browser, app }) => {
  test.setTimeout(180_000); // real server, proxy and browser on a shared 2-core machine
  const seed = await seedHazmatDrill(app.url, ['port', 'fire', 'customs']);
  const liaison = `zhou.fire.liaison.${Math.random().toString(36).slice(2, 6)}`;
  const password = await makeUser(app.url, liaison, 'liaison', 'fire');
  const { proxy, context, page, indicator } = await responderBehindProxy(browser, app, seed, 'en', { as: { username: liaison, password } });
  try {
    const chip = page.locator('[data-testid="agency-lane"][data-agency="fire"]').getByTestId('agency-status');

    // Online: en route, applied at once.
    await chip.click();
    await page.getByTestId('agency-status-option-en_route').click();
    await expect(chip).toHaveAttribute('data-status', 'en_route');
    await expect(indicator).toHaveAttribute('data-pending', '0');

    // The network drops; on scene, offline.
    await proxy.cut();
    await expect(indicator).not.toHaveAttribute('data-state', 'live', { timeout: 15_000 });
    await chip.click();
    await page.getByTestId('agency-status-option-on_scene').click();
    await expect(page.getByRole('menu')).toHaveCount(0);

    // Shown pending, both values readable; the server's status is still en route.
    await expect(page.locator('[data-testid="agency-status"][data-pending="on_scene"]')).toHaveCount(1);
    await expect(chip).toHaveAttribute('data-status', 'en_route');
    await expect(chip).toContainText('En route');
    await expect(page.locator('[data-testid="agency-lane"][data-agency="fire"]').getByTestId('agency-status-pending')).toHaveText(/Pending: On scene/);
    await expect(indicator).toHaveAttribute('data-pending', '1');

    // The menu offers the other statuses (en route too: back to it), never on scene again.
    await chip.click();
    const menu = page.getByRole('menu');
    await expect(menu).toBeVisible();
    await expect(page.getByTestId('agency-status-option-on_scene')).toHaveCount(0);
    for (const s of ['notified', 'en_route', 'standing_down']) await expect(page.getByTestId(`agency-status-option-${s}`)).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(menu).toHaveCount(0);
    await expect(indicator).toHaveAttribute('data-pending', '1');

    await expectOffline(page);
    await shot(page, 'outbox-offline-agency-status-pending-en');
    await expectNoSeriousA11yIssues(page, 'board offline with an agency status pending', WCAG21_AA);

    const queued = await storedOutbox(page);
    expect(queued.map((e) => e.command)).toEqual([{ type: 'SetAgencyStatus', agency: 'fire', status: 'on_scene' }]);

    // Back online: applied once, the pending look goes, nothing waits for a decision.
    const back = Date.now();
    await proxy.restore();
    await expect(indicator).toHaveAttribute('data-state', 'live', { timeout: 30_000 });
    await expect(indicator).toHaveAttribute('data-pending', '0', { timeout: 30_000 });
    console.log(`agency status applied ${Date.now() - back} ms after the network returned`);
    await expect(chip).toHaveAttribute('data-status', 'on_scene');
    await expect(chip).not.toHaveAttribute('data-pending');
    await expect(page.getByTestId('agency-status-pending')).toHaveCount(0);
    await expect(indicator).toHaveAttribute('data-refused', '0');
    expect(await storedOutbox(page)).toEqual([]);

    const log = await readLog(app.url, seed.admin, seed.incidentId);
    expect(logIntegrity(log, [queued[0].commandId])).toEqual({ gaps: 0, duplicates: 0, missing: [] });
    const changes = log.filter((e) => e.type === 'AgencyStatusChanged');
    expect(changes.map((e) => (e.payload as { to: string }).to)).toEqual(['en_route', 'on_scene']);
    await shot(page, 'outbox-agency-status-applied-en');
    await context.close();
  } finally {
    await proxy.stop();
  }
});

/**
 * SPEC SYNC4 in the board's header: a commander who raises the severity, moves the phase and
 * fixes the location while the network is down sees each change pending after the value the
 * server has ("III → 待发送：II"), in Chinese at a laptop's width, and back online each is applied once.
 */
test('a commander raises the severity, moves the phase and fixes the location offline: each shown pending in the header, applied once', async ({ browser, app }) => {
  test.setTimeout(180_000); // real server, proxy and browser on a shared 2-core machine
  const seed = await seedHazmatDrill(app.url, ['port', 'fire', 'customs']);
  const commander = `chen.commander.${Math.random().toString(36).slice(2, 6)}`;
  const password = await makeUser(app.url, commander, 'commander', null);
  const { proxy, context, page, indicator } = await responderBehindProxy(browser, app, seed, 'zh-CN', {
    as: { username: commander, password },
    what: 'commander (zh-CN)',
  });
  try {
    const before = await serverState(app.url, seed.admin, seed.incidentId);
    expect(before.severity).toBe('III');

    await proxy.cut();
    await expect(indicator).not.toHaveAttribute('data-state', 'live', { timeout: 15_000 });

    // III → II, with the reason.
    await changeSeverity(page, 'II', '蒸气云已扩散至7号泊位码头前沿');
    const dialog = page.getByRole('dialog');
    await expect(page.getByTestId('severity-pending')).toHaveAttribute('data-pending', 'II');
    await expect(page.getByTestId('severity-badge').first()).toHaveAttribute('data-severity', 'III');

    // The leak is stopped: containment.
    await page.getByTestId('change-phase').click();
    await page.getByTestId('phase-option-containment').click();
    await expect(page.getByTestId('phase-pending')).toHaveAttribute('data-pending', 'containment');
    await expect(page.getByTestId('phase-badge').first()).toHaveAttribute('data-phase', before.phase);

    // The location, more exactly.
    const location = '集装箱码头 C3 堆场 14 排';
    await page.getByTestId('edit-incident').click();
    await dialog.getByTestId('edit-incident-location').fill(location);
    await dialog.getByTestId('dialog-submit').click();
    await expect(dialog).toHaveCount(0);
    await expect(page.getByTestId('incident-edit-pending')).toBeVisible();
    await expect(indicator).toHaveAttribute('data-pending', '3');
    for (const id of ['severity-pending', 'phase-pending', 'incident-edit-pending']) await expect(page.getByTestId(id)).toBeInViewport();
    await expectOffline(page);
    await shot(page, 'outbox-offline-header-pending-zh-CN');
    const queued = await storedOutbox(page);
    expect(queued.map((e) => e.command.type)).toEqual(['ChangeSeverity', 'ChangePhase', 'UpdateIncident']);

    // Back online: each applied once, in order; the pending looks go.
    await proxy.restore();
    await expect(indicator).toHaveAttribute('data-state', 'live', { timeout: 30_000 });
    await expect(indicator).toHaveAttribute('data-pending', '0', { timeout: 30_000 });
    await expect(indicator).toHaveAttribute('data-refused', '0');
    for (const id of ['severity-pending', 'phase-pending', 'incident-edit-pending']) await expect(page.getByTestId(id)).toHaveCount(0);
    await expect(page.getByTestId('severity-badge').first()).toHaveAttribute('data-severity', 'II');
    await expect(page.getByTestId('phase-badge').first()).toHaveAttribute('data-phase', 'containment');
    const after = await serverState(app.url, seed.admin, seed.incidentId);
    expect([after.severity, after.phase, after.location]).toEqual(['II', 'containment', location]);
    const log = await readLog(app.url, seed.admin, seed.incidentId);
    expect(logIntegrity(log, queued.map((e) => e.commandId))).toEqual({ gaps: 0, duplicates: 0, missing: [] });
    await shot(page, 'outbox-header-applied-zh-CN');
    await context.close();
  } finally {
    await proxy.stop();
  }
});

/**
 * SPEC SYNC4, INC2: a close that waits to be sent is the incident's last change. Before, the board
 * stayed writable behind it: a message posted and a task marked done after the close were queued,
 * then refused INCIDENT_CLOSED once the close was through (the message reached nobody). Now the
 * board offers nothing more (no composer, no task steps, no controls) while the close waits.
 */
test('a commander who closes the drill offline is offered nothing more to change until the close is through', async ({ browser, app }) => {
  test.setTimeout(180_000); // real server, proxy and browser on a shared 2-core machine
  const seed = await seedHazmatDrill(app.url, ['port', 'fire', 'customs']);
  await apiTask(app.url, seed.admin, seed.incidentId, 'fire', 'Cool tank 7 with water curtain');
  const commander = `chen.commander.${Math.random().toString(36).slice(2, 6)}`;
  const password = await makeUser(app.url, commander, 'commander', 'port');
  const { proxy, context, page, indicator } = await responderBehindProxy(browser, app, seed, 'en', { as: { username: commander, password }, what: 'commander (en)' });
  try {
    await expect(page.getByTestId('message-composer')).toBeVisible();
    await expect(page.getByTestId('task-next-status')).toHaveCount(1);
    await proxy.cut();
    await expect(indicator).not.toHaveAttribute('data-state', 'live', { timeout: 15_000 });
    await page.getByTestId('change-phase').click();
    await page.getByTestId('phase-option-closed').click();
    await page.getByRole('dialog').getByTestId('dialog-submit').click();
    await expect(page.getByTestId('phase-pending')).toHaveAttribute('data-pending', 'closed');
    await expect(page.getByTestId('message-composer')).toHaveCount(0);
    await expect(page.getByTestId('task-next-status')).toHaveCount(0);
    await expect(page.getByTestId('task-menu')).toHaveCount(0);
    await expect(page.getByTestId('edit-incident')).toHaveCount(0);
    await expect(page.getByTestId('new-task')).toHaveCount(0);
    await shot(page, 'outbox-offline-close-pending-en');

    await proxy.restore();
    await expect(page.getByTestId('closed-banner')).toBeVisible({ timeout: 30_000 });
    await expect(indicator).toHaveAttribute('data-pending', '0', { timeout: 30_000 });
    await expect(indicator).toHaveAttribute('data-refused', '0');
    expect((await serverState(app.url, seed.admin, seed.incidentId)).phase).toBe('closed');
    await context.close();
  } finally {
    await proxy.stop();
  }
});

/**
 * SPEC SYNC3: a network that goes quiet without a word (no reset, no end) leaves the socket saying
 * it is connected until the page's heartbeat watch gives it up (15 s). A message sent meanwhile
 * showed "Connected · 1 pending" all that time, read as "it is going through". Now, 3 s without
 * an answer adds "waiting for the server"; once the watch gives the connection up it is offline as before,
 * and when the network passes again the message is applied once.
 */
test('a responder whose network goes quiet is told within seconds that the server has not answered, and the message is applied once', async ({ browser, app }) => {
  test.setTimeout(150_000); // real server, proxy and browser on a shared 2-core machine
  const seed = await seedHazmatDrill(app.url, ['port', 'fire', 'customs']);
  const { proxy, context, page, indicator } = await responderBehindProxy(browser, app, seed, 'en');
  try {
    const noAnswer = page.getByTestId('connection-no-answer');
    await expect(indicator).toHaveAttribute('data-state', 'live');

    // Answered at once on a network that passes: no such words, even once their 3 s have passed.
    await page.getByTestId('message-input').fill('Fire team 2 at the gate');
    await page.getByTestId('message-send').click();
    await expect(page.getByTestId('message-item').filter({ hasText: 'Fire team 2 at the gate' })).toBeVisible();
    await expect(indicator).toHaveAttribute('data-pending', '0');
    await page.waitForTimeout(UNANSWERED_SHOWN_MS + 500);
    await expect(noAnswer).toHaveCount(0);

    proxy.blackHole(true);
    const quietAt = Date.now();
    await page.getByTestId('message-input').fill('Water curtain up on the north side');
    await page.getByTestId('message-send').click();
    await expect(page.getByTestId('message-item-pending')).toContainText('Water curtain up');
    await expect(noAnswer).toBeVisible({ timeout: 12_000 });
    const saidAfter = Date.now() - quietAt;
    console.log(`quiet network: "waiting for the server" shown ${saidAfter} ms after the message was sent (${UNANSWERED_SHOWN_MS} ms, then the next render)`);
    // Within seconds (generous for a loaded machine), long before the heartbeat's 15 s.
    expect(saidAfter).toBeLessThan(UNANSWERED_SHOWN_MS + 6_000);
    await expect(indicator).toHaveAttribute('data-state', 'live');
    await expect(indicator).toHaveAttribute('data-no-answer', 'true');
    await expect(indicator).toHaveText('Connected · 1 pending · waiting for the server');
    // The composer does not wait for the answer either: it is free for the next message.
    await expect(page.getByTestId('message-input')).toHaveValue('');
    await shot(page, 'outbox-no-answer-en');
    const queued = await storedOutbox(page);
    expect(queued.map((e) => e.command.type)).toEqual(['PostMessage']);

    // The watch gives the connection up: offline since then, the words go with "connected".
    await expect(indicator).not.toHaveAttribute('data-state', 'live', { timeout: 30_000 });
    console.log(`quiet network: given up ${Date.now() - quietAt} ms after it went quiet`);
    await expect(noAnswer).toHaveCount(0);
    await expect(indicator).toHaveAttribute('data-pending', '1');

    proxy.blackHole(false);
    await expect(indicator).toHaveAttribute('data-state', 'live', { timeout: 30_000 });
    await expect(indicator).toHaveAttribute('data-pending', '0', { timeout: 30_000 });
    await expect(noAnswer).toHaveCount(0);
    await expect(page.getByTestId('message-item-pending')).toHaveCount(0);
    const log = await readLog(app.url, seed.admin, seed.incidentId);
    expect(logIntegrity(log, queued.map((e) => e.commandId))).toEqual({ gaps: 0, duplicates: 0, missing: [] });
    await context.close();
  } finally {
    await proxy.stop();
  }
});

/**
 * SPEC SYNC4: the header counts the account's waiting changes of every incident; on the pages of
 * one incident it says how many of them belong to other incidents and leads to the board that
 * shows them. A responder queues two messages on incident B and one on A while the socket cannot
 * connect (plain HTTP still loads pages): A's board shows its one, and the header says "3 pending,
 * 2 in another incident", a link to B's board. Before, it said "3 pending" and nothing led to the
 * other two. Back online each message is applied once, in its own incident.
 */
test('a responder with changes waiting in two incidents is told how many are in the other one and finds them from the header', async ({ browser, app }) => {
  test.setTimeout(240_000); // real server, proxy and browser on a shared 2-core machine
  const seed = await seedHazmatDrill(app.url, ['port', 'fire', 'customs']);
  const other = newId();
  const s = await connect(app.url, seed.admin);
  try {
    const opened = await submit(s, other, { ...hazmatIncident(['port', 'fire', 'customs']), title: '2号泊位油轮管线渗漏 Tanker manifold seep, berth 2', location: 'Oil berth 2' });
    expect(opened.ok).toBe(true);
  } finally {
    s.close();
  }
  const { proxy, context, page, indicator } = await responderBehindProxy(browser, app, seed, 'en', { incidentId: other, what: 'board of the other incident' });
  try {
    const elsewhereLink = page.getByTestId('connection-pending-elsewhere');

    // The socket drops and cannot connect again; pages still load over plain HTTP. Two messages on B.
    proxy.refuseWebSockets(true);
    await expect(indicator).not.toHaveAttribute('data-state', 'live', { timeout: 15_000 });
    const onOther = ['Boom laid around berth 2 manifold', 'Pump crew on standby at berth 2'];
    for (const words of onOther) {
      await page.getByTestId('message-input').fill(words);
      await page.getByTestId('message-send').click();
      await expect(page.getByTestId('message-item-pending').filter({ hasText: words })).toHaveCount(1);
    }
    // On B's own board, nothing is elsewhere.
    await expect(indicator).toHaveAttribute('data-pending', '2');
    await expect(indicator).toHaveAttribute('data-pending-elsewhere', '0');
    await expect(elsewhereLink).toHaveCount(0);
    await expect.poll(async () => (await storedOutbox(page)).length).toBe(2);

    // Off an incident's pages nothing is told apart; all of them in one incident, the count leads there.
    await page.goto('/incidents');
    await expect(indicator).toHaveAttribute('data-pending', '2', { timeout: 30_000 });
    await expect(indicator).toHaveAttribute('data-pending-elsewhere', '0');
    await expect(page.getByTestId('connection-pending-in')).toHaveAttribute('href', `/incidents/${other}`);
    await expect(elsewhereLink).toHaveCount(0);

    // A's board, read over HTTP: one message there. It shows its own pending message only.
    await page.goto(`/incidents/${seed.incidentId}`);
    await expect(page.getByTestId('incident-board')).toBeVisible({ timeout: 30_000 });
    const onThis = 'Water curtain up on the north side';
    await page.getByTestId('message-input').fill(onThis);
    await page.getByTestId('message-send').click();
    await expect(page.getByTestId('message-item-pending')).toHaveCount(1);
    await expect(page.getByTestId('message-item-pending')).toContainText(onThis);

    // The header counts all three and says where the other two are.
    await expect(indicator).toHaveAttribute('data-pending', '3');
    await expect(indicator).toHaveAttribute('data-pending-elsewhere', '2');
    await expect(page.getByTestId('connection-pending-in')).toHaveCount(0);
    await expectOffline(page);
    await expect(indicator).toContainText(/Offline since \d\d:\d\d · 3 pending, 2 in another incident/);
    await expect(elsewhereLink).toHaveText('2 in another incident');
    await expect(elsewhereLink).toHaveAttribute('href', `/incidents/${other}`);
    // On one line, clear of the person's name, the page not pushed sideways at a laptop's width.
    const [state, badge] = [await indicator.boundingBox(), await page.getByTestId('current-user').boundingBox()];
    expect(state!.height).toBeLessThan(32);
    expect(state!.x + state!.width <= badge!.x || state!.y + state!.height <= badge!.y, `indicator ${JSON.stringify(state)} clear of ${JSON.stringify(badge)}`).toBe(true);
    expect((await pageWidths(page)).scrollWidth).toBeLessThanOrEqual(1366);
    await shot(page, 'outbox-pending-in-another-incident-en');
    await expectNoSeriousA11yIssues(page, 'board offline with changes pending in another incident', WCAG21_AA);

    // The link leads to B's board, which shows the other two; from there, A's one is elsewhere.
    await elsewhereLink.click();
    await page.waitForURL(`**/incidents/${other}`);
    await expect(page.getByTestId('incident-board')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('message-item-pending')).toHaveCount(2, { timeout: 30_000 });
    for (const words of onOther) await expect(page.getByTestId('message-item-pending').filter({ hasText: words })).toHaveCount(1);
    await expect(indicator).toHaveAttribute('data-pending', '3');
    await expect(indicator).toHaveAttribute('data-pending-elsewhere', '1');
    await expect(elsewhereLink).toHaveText('1 in another incident');
    await expect(elsewhereLink).toHaveAttribute('href', `/incidents/${seed.incidentId}`);
    await shot(page, 'outbox-pending-in-another-incident-followed-en');

    // The network drops altogether: no link of the app leaves the board for the browser's error
    // page, the indicator's nor any other (the header's, the board's own).
    await proxy.cut();
    const unreachable = page.getByTestId('link-unreachable');
    for (const link of [elsewhereLink, page.getByTestId('nav-incidents'), page.getByTestId('board-review-link')]) {
      const clicked = Date.now();
      await link.click();
      await expect(unreachable).toHaveText('Cannot open that page until the connection returns. This page and your changes stay here.');
      console.log(`link on a dead network: refused after ${Date.now() - clicked} ms (probe bound 4,000 ms)`);
      expect(new URL(page.url()).pathname).toBe(`/incidents/${other}`);
    }
    // Nor does the language switch (a render by the server, too): the language stays, and the page says why.
    await page.getByTestId('language-switcher').locator('[data-locale="zh-CN"]').click();
    await expect(unreachable).toHaveAttribute('data-what', 'language');
    await expect(unreachable).toHaveText('Cannot change the language until the connection returns. This page and your changes stay here.');
    await expect(page.getByTestId('language-switcher')).toHaveAttribute('data-locale', 'en');
    await page.waitForTimeout(1_000);
    expect(new URL(page.url()).pathname).toBe(`/incidents/${other}`);
    await expect(page.getByTestId('message-item-pending')).toHaveCount(2);
    await expect(page.getByTestId('message-input')).toBeEditable();
    await shot(page, 'outbox-pending-elsewhere-unreachable-en');
    await expectNoSeriousA11yIssues(page, 'board offline with a link refused', WCAG21_AA);
    await proxy.restore();

    // In Chinese, the longer line still fits beside the person's name at a laptop's width.
    await page.getByTestId('language-switcher').locator('[data-locale="zh-CN"]').click();
    await expect(indicator).toContainText(/3 项待发送，其中 1 项属于另一个事件/);
    const [zhState, zhBadge] = [await indicator.boundingBox(), await page.getByTestId('current-user').boundingBox()];
    expect(zhState!.height).toBeLessThan(32);
    expect(zhState!.x + zhState!.width <= zhBadge!.x || zhState!.y + zhState!.height <= zhBadge!.y, `indicator ${JSON.stringify(zhState)} clear of ${JSON.stringify(zhBadge)}`).toBe(true);
    await shot(page, 'outbox-pending-in-another-incident-zh-CN');
    // A network that drops packets without a word: once the page knows it is offline, a link
    // waits for the server's answer a few seconds at most (the pointer says so), then says it cannot.
    proxy.blackHole(true);
    await expectOffline(page);
    // The page's own request gets no answer at all (a kept-alive connection the cut above closed
    // would fail at once instead, and the link below would not wait).
    const asked = await page.evaluate(() => fetch('/healthz', { cache: 'no-store', signal: AbortSignal.timeout(5_000) }).then((r) => String(r.status), (e: Error) => e.name));
    expect(asked).toBe('TimeoutError');
    const clicked = Date.now();
    await page.getByTestId('nav-incidents').click();
    await expect(page.locator('html')).toHaveAttribute('data-link-probe', 'asking');
    await expect(unreachable).toHaveText('网络恢复后才能打开该页面。当前页面和您的更改都保留在这里。', { timeout: 10_000 });
    console.log(`link in a black hole: refused after ${Date.now() - clicked} ms (probe bound 4,000 ms)`);
    await expect(page.locator('html')).not.toHaveAttribute('data-link-probe');
    expect(new URL(page.url()).pathname).toBe(`/incidents/${other}`);
    await shot(page, 'outbox-pending-elsewhere-unreachable-zh-CN');
    proxy.blackHole(false);
    // A person who clicks one link, then another while the first asks, goes where they clicked last,
    // once the server answers (its answer held up on the way, within the probe's time).
    proxy.stall();
    await page.getByTestId('board-review-link').click();
    await expect(page.locator('html')).toHaveAttribute('data-link-probe', 'asking');
    await page.getByTestId('nav-incidents').click();
    proxy.resume();
    await page.waitForURL('**/incidents', { timeout: 10_000 });
    await expect(page.locator('html')).not.toHaveAttribute('data-link-probe');
    await page.goto(`/incidents/${other}`);
    await expect(page.getByTestId('incident-board')).toBeVisible({ timeout: 30_000 });
    await page.getByTestId('language-switcher').locator('[data-locale="en"]').click();
    await expect(elsewhereLink).toHaveText('1 in another incident');

    // Written ahead, in the order made: two on B, one on A.
    const queued = await storedOutbox(page);
    expect(queued.map((e) => [e.incidentId, e.command.type])).toEqual([
      [other, 'PostMessage'],
      [other, 'PostMessage'],
      [seed.incidentId, 'PostMessage'],
    ]);

    // The connection returns: all three are sent, each applied once, in its own incident.
    proxy.refuseWebSockets(false);
    await expect(indicator).toHaveAttribute('data-state', 'live', { timeout: 30_000 });
    await expect(indicator).toHaveAttribute('data-pending', '0', { timeout: 30_000 });
    await expect(indicator).toHaveAttribute('data-pending-elsewhere', '0');
    await expect(elsewhereLink).toHaveCount(0);
    expect(await storedOutbox(page)).toEqual([]);
    for (const incidentId of [other, seed.incidentId]) {
      const ids = queued.filter((q) => q.incidentId === incidentId).map((q) => q.commandId);
      const log = await readLog(app.url, seed.admin, incidentId);
      expect(logIntegrity(log, ids)).toEqual({ gaps: 0, duplicates: 0, missing: [] });
      const mine = log.filter((e) => queued.some((q) => q.commandId === e.commandId));
      expect(mine.map((e) => e.commandId)).toEqual(ids); // none of the other incident's, in the order made
      expect(mine.map((e) => e.type)).toEqual(ids.map(() => 'MessagePosted'));
    }
    for (const words of onOther) await expect(page.getByTestId('message-item').filter({ hasText: words })).toHaveCount(1, { timeout: 30_000 });
    await expect(page.getByTestId('message-item-pending')).toHaveCount(0);
    await context.close();
  } finally {
    await proxy.stop();
  }
});
