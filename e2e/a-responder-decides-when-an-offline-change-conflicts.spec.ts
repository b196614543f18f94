import { connect, readLog, submit } from '../server/testing/client';
import { openBoard, serverState } from './support/board';
import { expect, makeUser, shot, signedInContext, test } from './support/fixtures';
import { readsBetween } from './support/faults';
import { apiTask, storedOutbox } from './support/outbox';
import { responderBehindProxy } from './support/proxy';
import { expectNoSeriousA11yIssues, WCAG21_AA } from './support/a11y';
import { seedHazmatDrill } from './support/seed';

/**
 * While a responder is offline (a real cut, see a-responder-keeps-working-through-a-network-drop),
 * the command centre edits the same task. On reconnect the responder's two changes
 * are refused (CONFLICT, SPEC CONC1), kept, and shown with both versions; the
 * responder applies one anyway and discards the other. The server ends exactly
 * as decided, and nothing was dropped without the person's word.
 */
test('a responder sees both versions when an offline change conflicts, and decides', async ({ browser, app }) => {
  test.setTimeout(240_000);
  const seed = await seedHazmatDrill(app.url, ['port', 'fire', 'customs']);
  const task = await apiTask(app.url, seed.admin, seed.incidentId, 'fire', 'Cool tank 7 with water curtain');
  const { proxy, context, page } = await responderBehindProxy(browser, app, seed, 'zh-CN');
  try {
    const card = page.locator(`[data-testid="task-card"][data-task-id="${task.taskId}"]`);

    await proxy.cut();
    await expect(page.getByTestId('connection-state')).not.toHaveAttribute('data-state', 'live', { timeout: 15_000 });

    // Offline: the responder renames the task and acknowledges it.
    await card.getByTestId('task-menu').click();
    await page.getByTestId('task-edit').click();
    await page.getByRole('dialog').getByTestId('task-title-input').fill('Cool tank 7 — mine: two monitors, north side');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await card.getByTestId('task-next-status').click();
    await expect(card).toHaveAttribute('data-pending', 'true');
    await expect(page.getByTestId('connection-state')).toHaveAttribute('data-pending', '2');

    // Meanwhile the command centre edits the same task.
    const s = await connect(app.url, seed.admin);
    const theirs = await submit(s, seed.incidentId, { type: 'EditTask', taskId: task.taskId, expectedVersion: task.version, title: 'Cool tank 7 — theirs: foam, not water' });
    s.close();
    expect(theirs.ok).toBe(true);

    // The network returns: both changes are refused, kept, and shown with both versions.
    await proxy.restore();
    await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'live', { timeout: 30_000 });
    const decisions = page.getByTestId('outbox-decision');
    await expect(decisions).toHaveCount(2, { timeout: 30_000 });
    await expect(page.getByTestId('connection-state')).toHaveAttribute('data-refused', '2');
    await expect(page.getByTestId('connection-state')).toHaveAttribute('data-pending', '0');
    const stored = await storedOutbox(page);
    expect(stored.map((e) => [e.command.type, e.state, e.error?.code])).toEqual([
      ['EditTask', 'conflict', 'CONFLICT'],
      ['ChangeTaskStatus', 'conflict', 'CONFLICT'],
    ]);
    const edit = decisions.filter({ has: page.locator('[data-field="title"]') });
    await expect(edit.getByTestId('outbox-mine')).toHaveText('Cool tank 7 — mine: two monitors, north side');
    await expect(edit.getByTestId('outbox-now')).toHaveText('Cool tank 7 — theirs: foam, not water');
    const status = decisions.filter({ has: page.locator('[data-field="status"]') });
    await expect(status.getByTestId('outbox-mine')).toHaveText('已确认');
    await expect(status.getByTestId('outbox-now')).toHaveText('待确认');
    await expect(card).toContainText('theirs: foam');
    // Told in the person's language and by the two versions, not again by the server's English line.
    await expect(decisions.first().getByTestId('outbox-why')).toHaveText('在此期间已有他人修改了此项。');
    await expect(decisions.getByTestId('outbox-error-detail')).toHaveCount(0);
    await shot(page, 'outbox-conflict-both-versions-zh');
    await expectNoSeriousA11yIssues(page, 'board with two refused changes to decide', WCAG21_AA);
    // Each column of the comparison has a header a screen reader can say (the first one only to it).
    await expect(decisions.first().getByRole('columnheader')).toHaveText(['字段', '您的版本', '当前版本']);
    // Nothing was overwritten meanwhile.
    expect((await serverState(app.url, seed.admin, seed.incidentId)).tasks[task.taskId]).toMatchObject({ title: 'Cool tank 7 — theirs: foam, not water', status: 'open' });

    // The title: mine, anyway (a new command against the version now shown).
    await edit.getByTestId('outbox-apply-mine').click();
    await expect(decisions).toHaveCount(1, { timeout: 30_000 });
    await expect(card).toContainText('mine: two monitors', { timeout: 30_000 });
    // The status change: discarded.
    await status.getByTestId('outbox-discard').click();
    await expect(page.getByTestId('outbox-decisions')).toHaveCount(0);
    await expect(page.getByTestId('connection-state')).toHaveAttribute('data-refused', '0');
    expect(await storedOutbox(page)).toEqual([]);

    const final = (await serverState(app.url, seed.admin, seed.incidentId)).tasks[task.taskId];
    expect(final).toMatchObject({ title: 'Cool tank 7 — mine: two monitors, north side', status: 'open' });
    const log = await readLog(app.url, seed.admin, seed.incidentId);
    const ofTask = log.filter((e) => 'taskId' in e.payload && e.payload.taskId === task.taskId).map((e) => e.type);
    expect(ofTask).toEqual(['TaskCreated', 'TaskEdited', 'TaskEdited']); // theirs, then mine; no status change
    await shot(page, 'outbox-conflict-decided-zh');
    await context.close();
  } finally {
    await proxy.stop();
  }
});

/**
 * Online but on a link that has stopped bringing answers: a responder saves an edit, gives up
 * waiting and closes the dialog. The server refuses the edit (someone changed the task first).
 * With the dialog gone, the refusal is kept for the person to decide (SPEC SYNC4), not dropped;
 * with the dialog still open, the dialog shows it and nothing is left to decide.
 */
test('a responder who closed the dialog before the answer still finds the refused edit to decide', async ({ browser, app }) => {
  test.setTimeout(180_000);
  const seed = await seedHazmatDrill(app.url, ['port', 'fire', 'customs']);
  const task = await apiTask(app.url, seed.admin, seed.incidentId, 'fire', 'Set up decontamination corridor at gate 4');
  const { proxy, context, page } = await responderBehindProxy(browser, app, seed, 'en');
  try {
    const card = page.locator(`[data-testid="task-card"][data-task-id="${task.taskId}"]`);
    const theirEdit = async (title: string, expectedVersion: number) => {
      const s = await connect(app.url, seed.admin);
      const r = await submit(s, seed.incidentId, { type: 'EditTask', taskId: task.taskId, expectedVersion, title });
      s.close();
      expect(r.ok).toBe(true);
    };

    // The dialog is closed while the answer is held back.
    await card.getByTestId('task-menu').click();
    await page.getByTestId('task-edit').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('task-title-input').fill('Decontamination corridor at gate 4 — mine: two showers');
    proxy.stall();
    await theirEdit('Decontamination corridor at gate 5 — theirs', task.version);
    await dialog.getByTestId('dialog-submit').click();
    await dialog.getByTestId('dialog-cancel').click();
    await expect(dialog).toHaveCount(0);
    proxy.resume();
    const decisions = page.getByTestId('outbox-decision');
    await expect(decisions).toHaveCount(1, { timeout: 30_000 });
    await expect(decisions.first()).toHaveAttribute('data-state', 'conflict');
    await expect(decisions.first().getByTestId('outbox-mine')).toHaveText('Decontamination corridor at gate 4 — mine: two showers');
    await expect(page.getByTestId('connection-state')).toHaveAttribute('data-refused', '1');
    await shot(page, 'outbox-refused-after-dialog-closed-en');
    await decisions.first().getByTestId('outbox-discard').click();
    await expect(decisions).toHaveCount(0);

    // The dialog stays open: it shows the refusal itself, and the outbox keeps nothing.
    const version = (await serverState(app.url, seed.admin, seed.incidentId)).tasks[task.taskId].version;
    await card.getByTestId('task-menu').click();
    await page.getByTestId('task-edit').click();
    await dialog.getByTestId('task-title-input').fill('Decontamination corridor — mine again');
    proxy.stall();
    await theirEdit('Decontamination corridor at gate 5 — theirs, again', version);
    await dialog.getByTestId('dialog-submit').click();
    proxy.resume();
    await expect(dialog.getByTestId('error-message')).toHaveAttribute('data-code', 'CONFLICT', { timeout: 30_000 });
    await expect.poll(async () => (await storedOutbox(page)).length).toBe(0);
    await expect(decisions).toHaveCount(0);
    await context.close();
  } finally {
    await proxy.stop();
  }
});

/**
 * SPEC CONC1, INC4: a commander, offline, brings Maritime into the drill; meanwhile another commander
 * brings in Customs. The offline edit is refused (CONFLICT) and carries its whole list of agencies
 * as it was made: "apply mine anyway" would take Customs out again, and its people would lose the
 * board. Before, the decision showed the two lists and nothing more; it now says so by name before
 * the commander chooses.
 */
test('a commander deciding on an offline edit of the agencies is told which agency applying it takes out', async ({ browser, app }) => {
  test.setTimeout(240_000);
  const seed = await seedHazmatDrill(app.url, ['port', 'fire']);
  const tag = Math.random().toString(36).slice(2, 6);
  const commander = `chen.commander.${tag}`;
  const password = await makeUser(app.url, commander, 'commander', 'port');
  const { proxy, context, page } = await responderBehindProxy(browser, app, seed, 'en', { as: { username: commander, password }, what: 'commander (en)' });
  try {
    await proxy.cut();
    await expect(page.getByTestId('connection-state')).not.toHaveAttribute('data-state', 'live', { timeout: 15_000 });
    await page.getByTestId('edit-incident').click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('input[data-agency="maritime"]').check();
    await dialog.getByTestId('dialog-submit').click();
    await expect(dialog).toHaveCount(0);

    // Meanwhile the command centre brings in Customs.
    const before = await serverState(app.url, seed.admin, seed.incidentId);
    const s = await connect(app.url, seed.admin);
    expect((await submit(s, seed.incidentId, { type: 'UpdateIncident', expectedVersion: before.version, agencies: [...before.agencies, 'customs'] })).ok).toBe(true);
    s.close();

    await proxy.restore();
    const decision = page.getByTestId('outbox-decision');
    await expect(decision).toHaveCount(1, { timeout: 30_000 });
    await expect(decision.getByTestId('outbox-takes-out')).toHaveText('Applying yours takes Customs out of the incident (added by someone else meanwhile, or taken out by you): their people lose the board.');
    await shot(page, 'outbox-decision-takes-out-an-agency-en');
    // Keeping theirs takes nothing out; the commander adds Maritime again from the dialog.
    await decision.getByTestId('outbox-discard').click();
    await expect(decision).toHaveCount(0);
    expect((await serverState(app.url, seed.admin, seed.incidentId)).agencies).toEqual([...before.agencies, 'customs']);
    await context.close();
  } finally {
    await proxy.stop();
  }
});

/**
 * SPEC SYNC5, CONC1: the refusal of an offline change can come back before the board has caught up
 * with what happened meanwhile (its outbox sends as soon as the connection is back; the board's
 * join is still being answered). The decision card then waits: its "now" would be the value from
 * before the other person's change, and "apply mine anyway" made against it would conflict again.
 * Here the board's incident reads are held between the page and the server until let go.
 */
test('a responder whose offline change is refused before the board has caught up is shown "now" only once it has', async ({ browser, app }) => {
  test.setTimeout(180_000);
  const seed = await seedHazmatDrill(app.url, ['port', 'fire']);
  const task = await apiTask(app.url, seed.admin, seed.incidentId, 'fire', 'Cool tank 7 with water curtain');
  const { context, page } = await signedInContext(browser, app.url, seed.names.fire, seed.password(seed.names.fire), 'en');
  const network = await readsBetween(context);
  try {
    await openBoard(page, seed.incidentId);
    const card = page.locator(`[data-testid="task-card"][data-task-id="${task.taskId}"]`);
    await expect(card).toBeVisible();
    await network.cut();
    await expect(page.getByTestId('connection-state')).not.toHaveAttribute('data-state', 'live', { timeout: 15_000 });

    // Offline: the responder renames the task; meanwhile the command centre renames it too.
    await card.getByTestId('task-menu').click();
    await page.getByTestId('task-edit').click();
    await page.getByRole('dialog').getByTestId('task-title-input').fill('Cool tank 7: two monitors, north side');
    await page.keyboard.press('Enter');
    await expect(card).toHaveAttribute('data-pending', 'true');
    const s = await connect(app.url, seed.admin);
    expect((await submit(s, seed.incidentId, { type: 'EditTask', taskId: task.taskId, expectedVersion: task.version, title: 'Cool tank 7: foam, not water' })).ok).toBe(true);
    s.close();

    // Back, the board's reads held: the change is refused, and its card waits for the board.
    network.restore({ hold: true });
    const decision = page.getByTestId('outbox-decision');
    await expect(decision).toHaveCount(1, { timeout: 30_000 });
    await expect(decision.getByTestId('outbox-catching-up')).toContainText('Reading the latest from the server');
    await expect(decision.getByTestId('outbox-now')).toHaveCount(0);
    await expect(decision.getByTestId('outbox-apply-mine')).toHaveCount(0);
    await expect(decision.getByTestId('outbox-mine')).toHaveText('Cool tank 7: two monitors, north side');
    await shot(page, 'board-decision-catching-up-en');

    // The board's reads let through: what it is now, and the choice.
    network.release();
    await expect(decision.getByTestId('outbox-now')).toHaveText('Cool tank 7: foam, not water', { timeout: 30_000 });
    await expect(decision.getByTestId('outbox-catching-up')).toHaveCount(0);
    await decision.getByTestId('outbox-apply-mine').click();
    await expect(page.getByTestId('outbox-decision')).toHaveCount(0, { timeout: 30_000 });
    await expect(card).toContainText('Cool tank 7: two monitors, north side');
    expect((await serverState(app.url, seed.admin, seed.incidentId)).tasks[task.taskId].title).toBe('Cool tank 7: two monitors, north side');
  } finally {
    await context.close();
  }
});
