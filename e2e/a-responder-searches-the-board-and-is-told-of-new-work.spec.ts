import type { Locator } from '@playwright/test';
import { newId } from '../lib/client/new-id';
import type { IncidentEvent } from '../lib/domain/incident/events';
import { api, connect, createUser, submit } from '../server/testing/client';
import { expect, shot, signedInContext, test } from './support/fixtures';
import { fillBoard, serverState, openBoard } from './support/board';
import { seedHazmatDrill } from './support/seed';

const AGENCIES = ['port', 'fire', 'customs', 'medical', 'maritime', 'border', 'police'];

test('a responder searches tasks and messages, and is told of new work for the agency and of alerts', async ({ browser, app }) => {
  test.setTimeout(180_000); // real servers and a browser on a shared 2-core machine
  const seed = await seedHazmatDrill(app.url, AGENCIES);
  await fillBoard(app.url, seed.admin, seed.incidentId, AGENCIES, 3);
  const liaison = await createUser(app.url, seed.admin, `chen.customs.${newId().slice(0, 4)}`, 'liaison', 'customs');

  const { context, page } = await signedInContext(browser, app.url, seed.names.fire, seed.password(seed.names.fire), 'en');
  await openBoard(page, seed.incidentId);
  const cards = page.getByTestId('task-card');
  await expect(cards).toHaveCount(21);

  // The whole timeline, newest first, before any search.
  const timeline = page.getByRole('region', { name: 'Timeline', exact: true });
  const timelineSeqs = () => timeline.getByTestId('timeline-item').evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.seq)));
  const log = await api<{ events: IncidentEvent[]; headSeq: number }>(app.url, 'GET', `/api/incidents/${seed.incidentId}/events?from=1&limit=500`, seed.admin);
  expect(log.json.ok).toBe(true);
  const events = log.json.events;
  expect(events.length).toBe(log.json.headSeq);
  const allSeqs = events.map((e) => e.seq).reverse();
  await expect.poll(timelineSeqs).toEqual(allSeqs);

  // Search: tasks and messages that match every word, highlighted, with the count.
  const search = page.getByTestId('board-search');
  await search.fill('evacuate');
  await expect(cards).toHaveCount(4);
  await expect(page.getByTestId('message-item')).toHaveCount(1);
  await expect(page.getByTestId('message-item')).toHaveAttribute('data-alert', 'true');
  await expect(page.getByTestId('search-count')).toHaveText('4 tasks · 1 message match');
  await expect(cards.first().locator('mark')).toHaveText('Evacuate');
  // The timeline shows only the events of the tasks and the message found (here each task's creation and the alert's posting), counted against all.
  const taskIds = new Set(await cards.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.taskId)));
  const messageIds = new Set(await page.getByTestId('message-item').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.messageId)));
  const found = events
    .filter((e) => ('taskId' in e.payload && taskIds.has(e.payload.taskId)) || (e.type === 'MessagePosted' && messageIds.has(e.payload.messageId)))
    .map((e) => e.seq)
    .reverse();
  expect(found).toHaveLength(5);
  await expect.poll(timelineSeqs).toEqual(found);
  await expect(timeline.getByRole('heading')).toHaveText(`Timeline ${found.length}/${allSeqs.length}`);
  // Each entry marks the word, as the cards do: why it is there.
  for (const item of await timeline.getByTestId('timeline-item').all()) await expect(item.locator('mark').first()).toHaveText(/^evacuate$/i);
  await shot(page, 'search-evacuate-en-1366');

  // Agency names match in either language: "海关" is Customs.
  await search.fill('海关 seal');
  await expect(page.getByTestId('search-count')).toHaveText('1 task · no messages match');
  await expect(page.locator('[data-agency="customs"] [data-testid="task-card"]')).toHaveCount(1);
  await search.fill('customs');
  await expect(cards).toHaveCount(3);
  await expect(page.locator('[data-testid="agency-lane"]:not([data-agency="customs"]) [data-testid="task-card"]')).toHaveCount(0);
  await expect(page.getByTestId('message-item')).toHaveCount(0);
  // No message matches: the timeline has only task events.
  await expect(timeline.getByTestId('timeline-item')).not.toHaveCount(0);
  await expect(timeline.locator('[data-testid="timeline-item"]:not([data-kind="tasks"])')).toHaveCount(0);
  // Nothing matches: the timeline says so (not that its filters hide everything).
  await search.fill('nothing is called this');
  await expect(timeline.getByTestId('timeline-item')).toHaveCount(0);
  await expect(timeline.getByTestId('timeline-empty')).toHaveText('Nothing matches the search');

  // Esc clears the search: everything is back.
  await search.press('Escape');
  await expect(search).toHaveValue('');
  await expect(cards).toHaveCount(21);
  await expect(page.getByTestId('message-item')).toHaveCount(3);
  await expect.poll(timelineSeqs).toEqual(allSeqs);
  await expect(timeline.getByRole('heading')).toHaveText(`Timeline ${allSeqs.length}/${allSeqs.length}`);

  // The alert sound: off by default, remembered across a reload.
  const sound = page.getByTestId('alert-sound-toggle');
  await expect(sound).toHaveAttribute('aria-pressed', 'false');
  await sound.press('Enter');
  await expect(sound).toHaveAttribute('aria-pressed', 'true');
  await openBoard(page, seed.incidentId, 'board after reload');
  await expect(sound).toHaveAttribute('aria-pressed', 'true');
  expect(await page.evaluate(() => localStorage.getItem('portline.alertSound'))).toBe('on');

  // Focus is in the search box while news arrives: the notices must not take it.
  await search.focus();
  const notices = page.locator('[aria-live="polite"] [data-testid="notice"]');

  // Another agency's liaison raises a task for fire: "new task for Fire and Rescue".
  const s = await connect(app.url, liaison.token);
  const taskId = newId();
  const created = await submit(s, seed.incidentId, {
    type: 'CreateTask', taskId, agency: 'fire', title: 'Cool container MSCU 4471 with water curtain', details: '', priority: 'urgent', dueAt: null, location: 'Yard C3', assignee: null,
  });
  expect(created.ok).toBe(true);
  const assigned = notices.and(page.locator('[data-kind="assigned"]'));
  await expect(assigned).toContainText('Cool container MSCU 4471');
  await expect(assigned).toContainText('Fire and Rescue');

  // A commander moves a port task to fire: "task reassigned to Fire and Rescue".
  const state = await serverState(app.url, seed.admin, seed.incidentId);
  const portTask = Object.values(state.tasks).find((t) => t.agency === 'port')!;
  const admin = await connect(app.url, seed.admin);
  const moved = await submit(admin, seed.incidentId, { type: 'ReassignTask', taskId: portTask.id, expectedVersion: portTask.version, agency: 'fire', assignee: null });
  expect(moved.ok).toBe(true);
  await expect(notices.and(page.locator('[data-kind="reassigned"]'))).toContainText(portTask.title);

  // An alert from customs: a red notice, announced politely.
  const posted = await submit(s, seed.incidentId, { type: 'PostMessage', messageId: newId(), text: 'Vapour cloud drifting to gate 5', toAgency: null, alert: true });
  expect(posted.ok).toBe(true);
  const alert = notices.and(page.locator('[data-kind="alert"]'));
  await expect(alert).toContainText('Vapour cloud drifting to gate 5');
  await expect(alert).toHaveAttribute('role', 'status');
  await expect(notices).toHaveCount(3);
  await expect(search).toBeFocused();
  await shot(page, 'new-work-notices-en-1366');

  // The fire responder's own message is no news to them.
  await page.getByTestId('message-input').fill('Foam team on the way');
  await page.getByTestId('message-alert').check();
  await page.getByTestId('message-send').click();
  await expect(page.locator('[data-testid="message-item"][data-alert]')).toHaveCount(3);
  await expect(alert).toHaveCount(1);

  // An alert from customs to the port only (SPEC MSG1): the strip says whom it is for, and it does not ring for fire.
  const toPort = await submit(s, seed.incidentId, { type: 'PostMessage', messageId: newId(), text: 'Close gate 5 to trucks', toAgency: 'port', alert: true });
  expect(toPort.ok).toBe(true);
  await expect(page.getByTestId('alert-strip')).toContainText('Close gate 5 to trucks');
  await expect(page.getByTestId('alert-to')).toHaveText('to Port Operator');
  // A plain message to fire is told to fire.
  const toFire = await submit(s, seed.incidentId, { type: 'PostMessage', messageId: newId(), text: 'Foam stock at warehouse 2 is yours', toAgency: 'fire', alert: false });
  expect(toFire.ok).toBe(true);
  await expect(notices.and(page.locator('[data-kind="message"]'))).toContainText('Foam stock at warehouse 2 is yours');
  await expect(notices.and(page.locator('[data-kind="message"]'))).toContainText('to Fire and Rescue');
  await expect(alert).toHaveCount(1);
  await shot(page, 'alert-to-one-agency-en-1366');

  // A task and two messages for fire arrive while the responder starts a reply, on a laptop at 125 % zoom
  // (1366×768 is 1093×614 CSS pixels): at the bottom right the stack would cover the message box and
  // its Send button, so it moves to the bottom left, stays there while the responder ticks Alert (focus
  // on the checkbox, still the same form), and goes back when they go to the search box.
  await page.setViewportSize({ width: 1093, height: 614 });
  const stack = page.getByTestId('notices');
  const boxOf = async (l: Locator) => (await l.boundingBox())!;
  const overlap = (a: { x: number; y: number; width: number; height: number }, b: typeof a) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
  const composer = page.getByTestId('message-composer');
  await search.focus();
  // (Three tasks would be one notice, counted: SPEC PLAN1's burst of new tasks; a task and two messages are three.)
  const fresh = ['Relieve the foam crew at gate 5', 'Check hydrant pressure on berth 7', 'Stand by the second pump at yard C3'];
  for (const [i, text] of fresh.entries()) {
    const ack = await submit(
      s,
      seed.incidentId,
      i === 0
        ? { type: 'CreateTask', taskId: newId(), agency: 'fire', title: text, details: '', priority: 'high', dueAt: null, location: '', assignee: null }
        : { type: 'PostMessage', messageId: newId(), text, toAgency: 'fire', alert: false },
    );
    expect(ack.ok).toBe(true);
  }
  for (const title of fresh) await expect(notices.filter({ hasText: title })).toBeVisible();
  await expect(stack).toHaveAttribute('data-corner', 'bottom-right');
  // Where the stack is now covers the box with its Send button: the case this is about.
  expect(overlap(await boxOf(stack), await boxOf(composer)), 'the stack at the bottom right covers the message box at 1093×614').toBe(true);
  await page.getByTestId('message-input').focus();
  await expect(stack).toHaveAttribute('data-corner', 'bottom-left');
  const clear = async () => {
    const field = await boxOf(composer);
    // Every notice's box read at once (an older notice may go, ten seconds after it came, between two reads).
    const boxes = await notices.evaluateAll((els) => els.map((e) => { const r = e.getBoundingClientRect(); return { x: r.x, y: r.y, width: r.width, height: r.height }; }));
    for (const b of boxes) expect(overlap(b, field), 'a notice covers the message box being typed in').toBe(false);
  };
  await expect(notices.filter({ hasText: fresh[2] })).toBeVisible();
  await clear();
  await shot(page, 'new-work-notices-beside-the-message-box-en-1093');
  const alertBox = page.getByTestId('message-alert');
  await alertBox.click();
  await expect(alertBox).toBeChecked();
  await expect(stack).toHaveAttribute('data-corner', 'bottom-left');
  await clear();
  await alertBox.click();
  await expect(alertBox).not.toBeChecked();
  await search.focus();
  await expect(stack).toHaveAttribute('data-corner', 'bottom-right');
  await search.blur();
  await page.setViewportSize({ width: 1366, height: 768 });

  // News that comes while a dialog is open takes a corner clear of the dialog (its buttons are
  // what the person presses next): here the shortcut help, which the stack at the bottom right overlapped.
  await page.locator('body').press('?');
  const open = page.getByRole('dialog');
  await expect(open).toBeVisible();
  const late = 'Refill the foam tender at berth 7';
  const lateAck = await submit(s, seed.incidentId, { type: 'CreateTask', taskId: newId(), agency: 'fire', title: late, details: '', priority: 'high', dueAt: null, location: '', assignee: null });
  expect(lateAck.ok).toBe(true);
  await expect(notices.filter({ hasText: late })).toBeVisible();
  const dialogBox = await boxOf(open);
  const over = await notices.evaluateAll((els) => els.map((e) => { const r = e.getBoundingClientRect(); return { x: r.x, y: r.y, width: r.width, height: r.height }; }));
  for (const b of over) expect(overlap(b, dialogBox), `a notice covers the open dialog (stack at ${await stack.getAttribute('data-corner')})`).toBe(false);
  await shot(page, 'new-work-notice-beside-a-dialog-en-1366');
  await page.keyboard.press('Escape');
  await expect(open).toHaveCount(0);

  // A narrower window (1200 px), where no corner clears the whole dialog: the stack does not go over
  // its buttons (a click on a notice there would land outside the dialog and close it, losing what
  // was typed). With four notices up every corner covers some of the form: it covers least of it.
  await page.setViewportSize({ width: 1200, height: 768 });
  await page.locator('body').press('n');
  const form = page.getByRole('dialog');
  await expect(page.getByTestId('task-title-input')).toBeFocused();
  const later = 'Bring the spare foam drums to gate 5';
  const laterAck = await submit(s, seed.incidentId, { type: 'CreateTask', taskId: newId(), agency: 'fire', title: later, details: '', priority: 'high', dueAt: null, location: '', assignee: null });
  expect(laterAck.ok).toBe(true);
  await expect(notices.filter({ hasText: later })).toBeVisible();
  const guarded = [await boxOf(form.getByTestId('dialog-submit')), await boxOf(form.getByTestId('dialog-cancel'))];
  const onTop = await notices.evaluateAll((els) => els.map((e) => { const r = e.getBoundingClientRect(); return { x: r.x, y: r.y, width: r.width, height: r.height }; }));
  for (const b of onTop) for (const g of guarded) expect(overlap(b, g), `a notice covers the dialog's buttons (stack at ${await stack.getAttribute('data-corner')})`).toBe(false);
  await shot(page, 'new-work-notice-beside-a-wide-dialog-en-1200');
  await page.keyboard.press('Escape');
  await expect(form).toHaveCount(0);
  await page.setViewportSize({ width: 1366, height: 768 });
  s.close();
  admin.close();

  // ?: the help overlay lists every shortcut with its keys; shortcuts are off while it is open.
  await page.locator('body').press('?');
  const help = page.getByRole('dialog');
  await expect(help).toBeVisible();
  for (const action of ['newTask', 'newMessage', 'search', 'nextLane', 'prevLane', 'nextTask', 'prevTask', 'help']) {
    await expect(help.getByTestId(`shortcut-${action}`).locator('kbd').first()).toBeVisible();
  }
  await expect(help.getByTestId('shortcut-newTask')).toContainText('N');
  await page.keyboard.press('n');
  await expect(page.getByTestId('task-title-input')).toHaveCount(0);
  await shot(page, 'shortcut-help-en-1366');
  await page.keyboard.press('Escape');
  await expect(help).toHaveCount(0);
  await context.close();
});

test('the help overlay in Chinese', async ({ browser, app }) => {
  const seed = await seedHazmatDrill(app.url, AGENCIES);
  const { context, page } = await signedInContext(browser, app.url, seed.names.customs, seed.password(seed.names.customs), 'zh-CN');
  await openBoard(page, seed.incidentId);
  await page.getByTestId('shortcut-help-button').press('Enter');
  await expect(page.getByRole('dialog')).toContainText('键盘快捷键');
  await shot(page, 'shortcut-help-zh-1366');
  await context.close();
});
