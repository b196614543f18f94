import type { Browser } from '@playwright/test';
import type { Role } from '../lib/domain/actor';
import { request, signIn } from '../server/testing/client';
import { LIMITS } from '../lib/domain/limits';
import { expectNoSeriousA11yIssues } from './support/a11y';
import { expect, makeUser, shot, signedInContext, test, TEST_ADMIN_PASSWORD } from './support/fixtures';

/**
 * The account dialog says what is wrong at the field, in the page's language, and takes the person
 * to the first such field (components/admin/account-problems.ts): what the page can check before
 * sending (a responder without an agency, a short password), and what only the server knows (a
 * username another account has, named as the server has it). Before, a taken username showed the
 * server's English sentence at the foot of the dialog, and a responder without an agency was sent
 * and refused the same way.
 */
test('an admin creates a responder account, is shown at each field what to fix, and creates it', async ({ browser, app }) => {
  // Someone already has this username (the worker's app is shared: a name of its own).
  const taken = `li.fire.${Math.random().toString(36).slice(2, 6)}`;
  await makeUser(app.url, taken, 'responder', 'fire');
  const { context, page } = await signedInContext(browser, app.url, 'admin', TEST_ADMIN_PASSWORD, 'zh-CN');
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto('/admin');
  await page.getByTestId('admin-tab-accounts').click();
  await expect(page.getByTestId('accounts-table')).toBeVisible();
  await page.getByTestId('create-account-button').click();
  const dialog = page.getByRole('dialog');
  // Named by its title, and not described by it again (a screen reader read "新建账号 新建账号").
  await expect(dialog).toHaveAccessibleName('新建账号');
  await expect(dialog).toHaveAccessibleDescription('');
  const username = dialog.getByTestId('account-username-input');
  const agency = dialog.getByTestId('account-agency-input');
  const password = dialog.getByTestId('account-password-input');

  // A responder, no agency chosen, a password too short: marked before anything is sent.
  await username.fill(taken);
  await dialog.getByTestId('account-display-name-input').fill('李消防');
  await dialog.getByTestId('account-role-input').selectOption('responder');
  await password.fill('short');
  let sent = 0;
  page.on('request', (r) => void (r.method() === 'POST' && new URL(r.url()).pathname === '/api/accounts' && sent++));
  await dialog.getByTestId('dialog-submit').click();
  await expect(agency).toHaveAttribute('aria-invalid', 'true');
  await expect(agency).toHaveAccessibleDescription('联络员和处置人员须选择所属单位');
  await expect(password).toHaveAttribute('aria-invalid', 'true');
  await expect(password).toHaveAccessibleDescription(new RegExp(`密码至少 ${LIMITS.passwordMin} 个字符`));
  await expect(username).not.toHaveAttribute('aria-invalid', 'true');
  // The first marked field, in the dialog's order, has the focus.
  await expect(agency).toBeFocused();
  expect(sent).toBe(0);
  await shot(page, 'admin-account-fields-marked-zh');
  await expectNoSeriousA11yIssues(page, 'account dialog with marked fields');

  // Both mended; the server refuses the username another account has, named at its field.
  await agency.selectOption('fire');
  await password.fill('a-long-enough-password');
  await dialog.getByTestId('dialog-submit').click();
  await expect(username).toHaveAttribute('aria-invalid', 'true');
  await expect(username).toHaveAccessibleDescription(new RegExp(`用户名 ${taken} 已被使用`));
  await expect(username).toBeFocused();
  await expect(agency).not.toHaveAttribute('aria-invalid', 'true');
  await expect(password).not.toHaveAttribute('aria-invalid', 'true');
  // Said at the field only, not again as the server's sentence at the foot of the dialog.
  await expect(dialog.getByRole('alert')).toHaveCount(0);
  await expect(dialog).toBeVisible();
  expect(sent).toBe(1);
  await shot(page, 'admin-account-username-taken-zh');

  // Another username: created, listed.
  const mine = `${taken}.2`;
  await username.fill(mine);
  await dialog.getByTestId('dialog-submit').click();
  await expect(dialog).toHaveCount(0);
  await expect(page.locator(`[data-testid="account-row"][data-username="${mine}"]`)).toContainText('李消防');
  expect(sent).toBe(2);
  await context.close();
});

/**
 * Two administrators at once: A opens "Edit" on a responder to fix the spelling of her name;
 * meanwhile B moves her to Public Security Police. A's save sent every field of the dialog, as it
 * was when it opened: she went back to Fire and Rescue (and was signed out a second time), and the
 * audit log said A changed her agency. The dialog now sends only what A changed.
 */
test('an admin fixes a name while another admin moves the account to another agency: the move stays', async ({ browser, app }) => {
  const { context, dialog, accountId, adminB } = await editWhileAnotherAdminChanges(browser, app.url, 'li.fire', 'responder', 'fire', { agency: 'police' });
  expect(await dialog.getByTestId('account-agency-input').inputValue()).toBe('fire');

  await dialog.getByTestId('account-display-name-input').fill('Li Na (Fire liaison)');
  await dialog.getByTestId('dialog-submit').click();
  await expect(dialog).toHaveCount(0);
  const accounts = (await request<{ accounts: { id: string; displayName: string; agency: string | null }[] }>(app.url, 'GET', '/api/accounts', { token: adminB })).json.accounts;
  expect(accounts.find((a) => a.id === accountId)).toMatchObject({ displayName: 'Li Na (Fire liaison)', agency: 'police' });
  await context.close();
});

/**
 * Two administrators change the same field: B demotes a customs liaison who left the incident to
 * observer; A, whose dialog was opened before, sets her role to responder and saves. Before, A's
 * save undid the demotion unseen (the last save won). Now it is refused: A's dialog shows the
 * account as it is now, keeps A's own choice, says what changed, and A decides.
 */
test('an admin changes a role another admin changed meanwhile: told, shown the latest, and nothing undone unseen', async ({ browser, app }) => {
  // Admin B demotes her to observer while A's dialog shows the liaison.
  const { context, page, dialog, accountId, adminB } = await editWhileAnotherAdminChanges(browser, app.url, 'wang.customs', 'liaison', 'customs', { role: 'observer', agency: null });
  expect(await dialog.getByTestId('account-role-input').inputValue()).toBe('liaison');

  await dialog.getByTestId('account-role-input').selectOption('responder');
  await dialog.getByTestId('dialog-submit').click();
  // Refused: the dialog stays, says what changed, and keeps A's choice over the latest values.
  await expect(dialog.getByRole('alert')).toContainText('Changed by someone else meanwhile: Role and Agency.');
  await expect(dialog.getByTestId('account-role-input')).toHaveValue('responder');
  await expect(dialog.getByTestId('account-agency-input')).toHaveValue('');
  const now = async () => (await request<{ accounts: { id: string; role: string }[] }>(app.url, 'GET', '/api/accounts', { token: adminB })).json.accounts.find((a) => a.id === accountId);
  expect(await now()).toMatchObject({ role: 'observer' });
  await shot(page, 'admin-account-changed-meanwhile-en');

  // A decides she is a responder after all: a responder needs an agency, then the save goes through.
  await dialog.getByTestId('account-agency-input').selectOption('customs');
  await dialog.getByTestId('dialog-submit').click();
  await expect(dialog).toHaveCount(0);
  expect(await now()).toMatchObject({ role: 'responder', agency: 'customs' });
  await context.close();
});

/**
 * Admin A (the browser, in English) opens "Edit" on a new account; once the dialog shows it, admin B
 * (the API) changes it with `change`. The dialog still shows the account as it was.
 */
async function editWhileAnotherAdminChanges(browser: Browser, url: string, name: string, role: Role, agency: string, change: Record<string, unknown>) {
  const username = `${name}.${Math.random().toString(36).slice(2, 6)}`;
  await makeUser(url, username, role, agency);
  const { context, page } = await signedInContext(browser, url, 'admin', TEST_ADMIN_PASSWORD, 'en');
  await page.goto('/admin');
  await page.getByTestId('admin-tab-accounts').click();
  const row = page.locator(`[data-testid="account-row"][data-username="${username}"]`);
  await row.getByTestId('account-edit-button').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('account-role-input')).toHaveValue(role);
  const adminB = await signIn(url);
  const accountId = await row.getAttribute('data-account-id');
  expect((await request(url, 'PATCH', `/api/accounts/${accountId}`, { token: adminB, body: change })).status).toBe(200);
  return { context, page, dialog, accountId, adminB };
}

