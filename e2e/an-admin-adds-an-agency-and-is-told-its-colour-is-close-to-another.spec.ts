import { request, signIn } from '../server/testing/client';
import { expect, shot, signedInContext, test, TEST_ADMIN_PASSWORD } from './support/fixtures';

/**
 * Agencies are told apart across a command centre by colour first (a wall column's top edge, a
 * replay tick, a chart bar), so the agency dialog says when a colour is close to another agency's
 * (components/admin/close-colour.ts). It says so, it does not refuse: the admin may mean it.
 */
test('an admin adds an agency, is told its first colour is close to Customs\' blue and that its code is taken, and picks others', async ({ browser, app }) => {
  const { context, page } = await signedInContext(browser, app.url, 'admin', TEST_ADMIN_PASSWORD, 'en');
  await page.goto('/admin');
  await page.getByTestId('admin-tab-agencies').click();
  await expect(page.getByTestId('agency-row').first()).toBeVisible();
  await page.getByTestId('create-agency-button').click();
  const dialog = page.getByRole('dialog');
  // A code of its own: the app is shared by the worker's specs (and a second run).
  const code = `coastguard-${Math.random().toString(36).slice(2, 6)}`;
  await dialog.getByTestId('agency-code-input').fill(code);
  await dialog.getByTestId('agency-name-zh-input').fill('海警');
  await dialog.getByTestId('agency-name-en-input').fill('Coast Guard');
  await dialog.getByTestId('agency-short-input').fill('CG');
  const colour = dialog.getByTestId('agency-color-input');
  // A colour still being typed is not compared with anything.
  await colour.fill('#1e4');
  await expect(dialog.getByTestId('agency-color-close')).toHaveCount(0);
  // blue-800 beside Customs' blue-700.
  await colour.fill('#1e40af');
  const close = dialog.getByTestId('agency-color-close');
  await expect(close).toHaveAttribute('data-agency', 'customs');
  await expect(close).toContainText('Close to the colour of Customs (#1d4ed8)');
  // A screen reader hears it with the field.
  await expect(colour).toHaveAccessibleDescription(/Close to the colour of Customs/);
  // The dialog stays within the window, its buttons in view.
  await expect(dialog.getByTestId('dialog-submit')).toBeInViewport();
  await shot(page, 'admin-agency-colour-close-en');

  // A colour apart from every agency's (the defaults and those other specs add): nothing said.
  await colour.fill('#65a30d');
  await expect(dialog.getByTestId('agency-color-close')).toHaveCount(0);
  // A code another agency has: said at the code, in the page's words (not the server's sentence); nothing is added.
  const codeInput = dialog.getByTestId('agency-code-input');
  await codeInput.fill('customs');
  await dialog.getByTestId('dialog-submit').click();
  await expect(codeInput).toHaveAttribute('aria-invalid', 'true');
  await expect(codeInput).toHaveAccessibleDescription(/Another agency already has the code customs/);
  await expect(dialog.getByRole('alert')).toHaveCount(0);
  await shot(page, 'admin-agency-code-taken-en');
  await codeInput.fill(code);
  await expect(codeInput).not.toHaveAttribute('aria-invalid', 'true');
  // Created with its own code and that colour.
  await dialog.getByTestId('dialog-submit').click();
  await expect(dialog).toHaveCount(0);
  const row = page.locator(`[data-testid="agency-row"][data-agency="${code}"]`);
  await expect(row).toContainText('Coast Guard');
  await expect(row).toContainText('#65a30d');

  // Editing an agency never compares it with itself.
  await page.locator('[data-testid="agency-row"][data-agency="customs"]').getByRole('button').first().click();
  await expect(page.getByRole('dialog').getByTestId('agency-color-input')).toHaveValue('#1d4ed8');
  await expect(page.getByRole('dialog').getByTestId('agency-color-close')).toHaveCount(0);
  await context.close();
});

test('in Chinese, an admin giving Public Security Police Customs\' colour is told so by name', async ({ browser, app }) => {
  const { context, page } = await signedInContext(browser, app.url, 'admin', TEST_ADMIN_PASSWORD, 'zh-CN');
  await page.goto('/admin');
  await page.getByTestId('admin-tab-agencies').click();
  await page.locator('[data-testid="agency-row"][data-agency="police"]').getByRole('button').first().click();
  const dialog = page.getByRole('dialog');
  await dialog.getByTestId('agency-color-input').fill('#2563eb');
  await expect(dialog.getByTestId('agency-color-close')).toContainText('与海关的颜色（#1d4ed8）相近');
  await shot(page, 'admin-agency-colour-close-zh');
  // Said, not refused: it saves (and is put back whatever happens: other specs' walls share this directory).
  const row = page.locator('[data-testid="agency-row"][data-agency="police"]');
  try {
    await dialog.getByTestId('dialog-submit').click();
    await expect(dialog).toHaveCount(0);
    await expect(row).toContainText('#2563eb');
  } finally {
    await request(app.url, 'PATCH', '/api/agencies/police', { token: await signIn(app.url), body: { color: '#6b21a8' } });
  }
  await page.reload();
  await page.getByTestId('admin-tab-agencies').click();
  await expect(page.locator('[data-testid="agency-row"][data-agency="police"]')).toContainText('#6b21a8');
  await context.close();
});

/**
 * Two administrators change one agency's colour: B while A's dialog is open. A's save is refused
 * (before, it overwrote B's colour unseen): the dialog says, in Chinese, what changed meanwhile,
 * keeps A's colour over the latest values, and A's second save is written.
 */
test('in Chinese, an admin recolouring an agency another admin recoloured meanwhile is told, and decides', async ({ browser, app }) => {
  const code = `asb${Math.random().toString(36).slice(2, 6)}`;
  const adminB = await signIn(app.url);
  expect((await request(app.url, 'POST', '/api/agencies', { token: adminB, body: { code, nameZh: '缉私局', nameEn: 'Anti-smuggling', short: 'ASB', color: '#0f766e' } })).status).toBe(201);
  const { context, page } = await signedInContext(browser, app.url, 'admin', TEST_ADMIN_PASSWORD, 'zh-CN');
  await page.goto('/admin');
  await page.getByTestId('admin-tab-agencies').click();
  const row = page.locator(`[data-testid="agency-row"][data-agency="${code}"]`);
  await row.getByRole('button').first().click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('agency-color-input')).toHaveValue('#0f766e');

  expect((await request(app.url, 'PATCH', `/api/agencies/${code}`, { token: adminB, body: { color: '#7c2d12', nameEn: 'Anti-smuggling Bureau' } })).status).toBe(200);
  await dialog.getByTestId('agency-color-input').fill('#a21caf');
  await dialog.getByTestId('dialog-submit').click();
  await expect(dialog.getByRole('alert')).toContainText('在此期间他人修改了：英文名称和颜色。');
  await expect(dialog.getByTestId('agency-color-input')).toHaveValue('#a21caf');
  await expect(dialog.getByTestId('agency-name-en-input')).toHaveValue('Anti-smuggling Bureau');
  await shot(page, 'admin-agency-changed-meanwhile-zh');

  await dialog.getByTestId('dialog-submit').click();
  await expect(dialog).toHaveCount(0);
  const listed = (await request<{ agencies: { code: string; color: string; nameEn: string }[] }>(app.url, 'GET', '/api/agencies', { token: adminB })).json.agencies;
  expect(listed.find((a) => a.code === code)).toMatchObject({ color: '#a21caf', nameEn: 'Anti-smuggling Bureau' });
  await context.close();
});
