import type { Page } from '@playwright/test';
import { contextIn, expect, shot, test } from './support/fixtures';
import { serverState, openBoard } from './support/board';
import { seedHazmatDrill } from './support/seed';

/** Tab forward until the focused element has this test id (keyboard only). */
async function tabTo(page: Page, testId: string, max = 8) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((id) => document.activeElement?.getAttribute('data-testid') === id, testId)) return;
  }
  throw new Error(`Tab never reached ${testId}`);
}

test('a responder creates a task and moves it to done with the keyboard alone', async ({ browser, app }) => {
  test.setTimeout(180_000); // real servers and a browser on a shared 2-core machine
  const seed = await seedHazmatDrill(app.url, ['port', 'fire', 'customs']);
  const { context, page } = await contextIn(browser, app.url, 'en');

  // Sign in: the username field has focus; Tab to the password, Enter submits.
  await page.goto('/login');
  await expect(page.getByTestId('login-username')).toBeFocused();
  await page.keyboard.type(seed.names.fire);
  await page.keyboard.press('Tab');
  await page.keyboard.type(seed.password(seed.names.fire));
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/incidents$/);
  await openBoard(page, seed.incidentId);

  // Lanes: ] and [ move between them (own agency first), j and k between tasks.
  await page.keyboard.press(']');
  await expect(page.locator('[data-testid="agency-lane"][data-agency="fire"]')).toBeFocused();
  await page.keyboard.press(']');
  await expect(page.locator('[data-testid="agency-lane"][data-agency="port"]')).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(page.locator('[data-testid="agency-lane"][data-agency="fire"]')).toBeFocused();

  // N: a new task in my agency's lane; the title field has focus; Enter creates it.
  const title = 'Foam line to tank 7 北侧泡沫管线';
  await page.keyboard.press('n');
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('Fire and Rescue');
  await expect(dialog.getByTestId('task-title-input')).toBeFocused();
  await page.keyboard.type(title);
  await shot(page, 'keyboard-new-task-dialog-en');
  await page.keyboard.press('Enter');
  await expect(dialog).toHaveCount(0);
  const card = page.locator('[data-testid="agency-lane"][data-agency="fire"] [data-testid="task-card"]', { hasText: title });
  await expect(card).toHaveAttribute('data-status', 'open');
  const taskId = (await card.getAttribute('data-task-id'))!;
  // Focus went back to my lane; j goes to its first task, k stays there.
  await page.keyboard.press('j');
  await expect(card).toBeFocused();
  await page.keyboard.press('k');
  await expect(card).toBeFocused();

  // /: search; typing there never triggers shortcuts; Enter goes to the first match.
  await page.keyboard.press('/');
  await expect(page.getByTestId('board-search')).toBeFocused();
  await page.keyboard.type('foam n');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByTestId('search-count')).toContainText('1 task');
  await page.keyboard.press('Enter');
  await expect(card).toBeFocused();

  // Tab to the card's one-click next step; Enter moves it on, focus stays on it.
  await tabTo(page, 'task-next-status');
  for (const status of ['acknowledged', 'in_progress', 'done'] as const) {
    await expect(card.getByTestId('task-next-status')).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(card).toHaveAttribute('data-status', status);
    if (status === 'in_progress') await shot(page, 'keyboard-task-in-progress-en');
  }
  // Done, the card went to the lane's closed list with the focused button: the focus stays in the
  // lane (its only task), not on the page's top, where the next Tab would have started.
  await expect(page.locator('[data-testid="agency-lane"][data-agency="fire"]')).toBeFocused();

  const state = await serverState(app.url, seed.users.fire.token, seed.incidentId);
  expect(state.tasks[taskId]?.status).toBe('done');
  expect(state.tasks[taskId]?.title).toBe(title);

  // Esc in the search box clears it.
  await page.keyboard.press('/');
  await expect(page.getByTestId('board-search')).toBeFocused(); // focus moves on the next frame
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('board-search')).toHaveValue('');
  // Its Clear button goes with the query it clears: the focus back to the box.
  await page.keyboard.type('tank');
  await tabTo(page, 'board-search-clear', 2);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('board-search')).toHaveValue('');
  await expect(page.getByTestId('board-search')).toBeFocused();

  // M: write a message; its letters trigger nothing; Ctrl+Enter sends.
  await page.keyboard.press('Escape');
  await page.keyboard.press('m');
  await expect(page.getByTestId('message-input')).toBeFocused();
  await page.keyboard.type('Foam line to tank 7 is done, moving on');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('message-item').filter({ hasText: 'Foam line to tank 7 is done' })).toHaveCount(1);
  await expect(page.getByRole('dialog')).toHaveCount(0);
  // Sent with the Send button (which the emptied box disables): the focus back to the box.
  await page.keyboard.type('Moving to tank 9');
  await tabTo(page, 'message-send', 4);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('message-item').filter({ hasText: 'Moving to tank 9' })).toHaveCount(1);
  await expect(page.getByTestId('message-input')).toBeFocused();

  // WCAG 2.1.4: the single-key shortcuts can be turned off (help, from the toolbar's button); then
  // n opens nothing, the arrows on a lane still move; the choice stays after a reload.
  await page.getByTestId('shortcut-help-button').click();
  const help = page.getByRole('dialog');
  await help.getByTestId('single-key-shortcuts').uncheck();
  await shot(page, 'keyboard-shortcut-help-single-keys-off-en');
  await help.getByTestId('dialog-cancel').click();
  await openBoard(page, seed.incidentId);
  await page.locator('[data-testid="agency-lane"][data-agency="fire"]').focus();
  await page.keyboard.press('n');
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await page.keyboard.press('ArrowRight');
  await expect(page.locator('[data-testid="agency-lane"][data-agency="fire"]')).not.toBeFocused();
  await expect(page.locator('[data-testid="agency-lane"]:focus')).toHaveCount(1);
  await context.close();
});
