import type { Page } from '@playwright/test';
import { expect, shot, signedInContext, test } from './support/fixtures';
import { seedHazmatDrill } from './support/seed';

const SCRIPT = '<script>window.__pwned=1</script>';
const IMG = '<img src=x onerror="window.__pwned=1">';
const SVG = '"><svg onload=window.__pwned=1>';
const JS_LINK = 'javascript:window.__pwned=1';
const TITLE = `${SCRIPT} ${IMG} ${SVG} ${JS_LINK}`;
const LOCATION = `<img src=x onerror=alert(1)>`;
const MESSAGE = `${SCRIPT}\n${IMG}\n${SVG}\n[open](${JS_LINK}) <a href="${JS_LINK}">click</a> <iframe src="${JS_LINK}"></iframe> <img src=x onerror=alert(document.domain)>`;

interface Watch {
  page: Page;
  dialogs: string[];
  consoleErrors: string[];
}

/** Records, from before the first page load, every dialog, console error and page error (CSP violations: `contextIn`'s watch). */
async function watched(page: Page): Promise<Watch> {
  const watch: Watch = { page, dialogs: [], consoleErrors: [] };
  page.on('dialog', (d) => {
    watch.dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('console', (m) => {
    if (m.type() === 'error') watch.consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => watch.consoleErrors.push(e.message));
  return watch;
}

/** The page-level proof: no script from the text ran, and no element was made from it. */
async function expectInert({ page, dialogs, consoleErrors }: Watch, who: string) {
  const state = await page.evaluate(() => {
    const w = window as unknown as { __pwned?: unknown; __csp: string[] };
    const scripts = [...document.querySelectorAll('script')].filter((s) => (s.textContent ?? '').includes('__pwned')).length;
    return {
      pwned: w.__pwned,
      csp: w.__csp,
      imgX: document.querySelectorAll('img[src="x"]').length,
      svgOnload: document.querySelectorAll('svg[onload]').length,
      // React never renders inline handlers: any on* attribute would come from the text.
      onAttributes: [...document.querySelectorAll('*')].filter((el) => [...el.attributes].some((a) => a.name.startsWith('on'))).length,
      jsLinks: document.querySelectorAll('a[href^="javascript:" i], iframe[src^="javascript:" i]').length,
      scripts,
    };
  });
  console.log(`${who}: ${JSON.stringify(state)}; dialogs ${dialogs.length}; console errors ${consoleErrors.length}`);
  expect(state.pwned, `${who}: window.__pwned`).toBeUndefined();
  expect(state.csp, `${who}: CSP violations`).toEqual([]);
  expect(state.imgX + state.svgOnload + state.onAttributes + state.jsLinks + state.scripts, `${who}: elements made from text`).toBe(0);
  expect(dialogs, `${who}: dialogs`).toEqual([]);
  expect(consoleErrors.filter((e) => /Content Security Policy|__pwned/i.test(e)), `${who}: CSP console errors`).toEqual([]);
}

test('task titles and messages with script and HTML in them are shown as text in every window', async ({ browser, app }) => {
  const seed = await seedHazmatDrill(app.url, ['port', 'fire', 'customs']);
  const sessions = [
    await signedInContext(browser, app.url, seed.names.fire, seed.password(seed.names.fire), 'en'),
    await signedInContext(browser, app.url, seed.names.customs, seed.password(seed.names.customs), 'zh-CN'),
    await signedInContext(browser, app.url, seed.names.observer, seed.password(seed.names.observer), 'en'),
  ];
  const [fire, customs, observer] = await Promise.all(sessions.map((s) => watched(s.page)));
  const all = [fire, customs, observer];
  for (const w of all) {
    await w.page.goto(`/incidents/${seed.incidentId}`);
    await expect(w.page.getByTestId('connection-state')).toHaveAttribute('data-state', 'live');
  }

  // The responder creates a task and posts a message, both full of markup.
  await fire.page.locator('[data-testid="agency-lane"][data-agency="fire"]').getByTestId('new-task-button').click();
  const dialog = fire.page.getByRole('dialog');
  await dialog.getByTestId('task-title-input').fill(TITLE);
  await dialog.getByTestId('task-location-input').fill(LOCATION);
  await dialog.getByTestId('dialog-submit').click();
  await expect(dialog).toHaveCount(0);
  await fire.page.getByTestId('message-input').fill(MESSAGE);
  await fire.page.getByTestId('message-send').click();

  // Every window shows the characters themselves.
  for (const w of all) {
    const card = w.page.locator('[data-agency="fire"] [data-testid="task-card"]');
    await expect(card.locator('h3')).toHaveText(TITLE);
    await expect(card).toContainText(LOCATION);
    const message = w.page.getByTestId('message-item').last();
    await expect(message.locator('p')).toHaveText(MESSAGE, { useInnerText: true });
    await expect(w.page.getByTestId('timeline-item').filter({ hasText: SCRIPT }).first()).toBeVisible();
  }
  await shot(fire.page, 'board-html-payloads-as-text-en-1366');

  // After a reload too (the board rebuilt from the log).
  await customs.page.reload();
  await expect(customs.page.locator('[data-agency="fire"] [data-testid="task-card"] h3')).toHaveText(TITLE);

  await expectInert(fire, 'responder (fire)');
  await expectInert(customs, 'another agency (customs)');
  await expectInert(observer, 'observer');

  // Control: the same markup put into the DOM as HTML makes the elements the checks above count,
  // and the CSP's second wall (a nonce per page, no inline handlers: SPEC AUTH11) still refuses
  // to run its handler, with a violation the watch records. A script without the page's nonce is
  // refused too, while the page's own scripts (they carry it) ran: the board is live.
  await observer.page.evaluate(
    ([img, script]) => {
      const div = document.createElement('div');
      div.innerHTML = img;
      document.body.append(div);
      const s = document.createElement('script');
      s.textContent = script;
      document.body.append(s);
    },
    [IMG, 'window.__pwned=2'],
  );
  await observer.page.waitForFunction(() => (window as unknown as { __csp: string[] }).__csp.length >= 2);
  const refused = await observer.page.evaluate(() => {
    const w = window as unknown as { __pwned?: unknown; __csp: string[] };
    return { pwned: w.__pwned, csp: w.__csp, imgX: document.querySelectorAll('img[src="x"]').length };
  });
  console.log(`control (markup put into the DOM): ${JSON.stringify(refused)}`);
  expect(refused.imgX).toBe(1);
  expect(refused.pwned).toBeUndefined();
  expect(refused.csp).toEqual(expect.arrayContaining([expect.stringMatching(/^script-src-attr /), expect.stringMatching(/^script-src-elem /)]));
  await expect(observer.page.getByTestId('connection-state')).toHaveAttribute('data-state', 'live');
  for (const s of sessions) await s.context.close();
});

test('AUTH11: every page gets a nonce of its own, every script Next writes carries it, and a nonce the browser sends is not taken', async ({ app }) => {
  const page = async (path: string, headers: Record<string, string> = {}) => {
    const r = await fetch(`${app.url}${path}`, { headers, redirect: 'manual' });
    const csp = r.headers.get('content-security-policy') ?? '';
    const html = await r.text();
    const nonce = /script-src 'self' 'nonce-([A-Za-z0-9+/=]{24})'(?:;| 'unsafe-eval')/.exec(csp)?.[1];
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    return { status: r.status, csp, nonce, scripts, withNonce: scripts.filter((t) => t.includes(` nonce="${nonce}"`)).length };
  };
  const first = await page('/login');
  const second = await page('/login');
  const forged = await page('/login', { 'content-security-policy': "script-src 'nonce-AAAAAAAAAAAAAAAAAAAAAA=='" });
  const notFound = await page('/no-such-page');
  console.log(`AUTH11 page CSP: ${first.csp}; scripts ${first.scripts.length}, with its nonce ${first.withNonce}`);
  for (const p of [first, second, forged, notFound]) {
    expect(p.nonce).toBeDefined();
    expect(p.csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(p.scripts.length).toBeGreaterThan(3);
    expect(p.withNonce, p.scripts.filter((t) => !t.includes(`nonce="${p.nonce}"`)).join('\n')).toBe(p.scripts.length);
  }
  expect(notFound.status).toBe(404);
  expect(new Set([first.nonce, second.nonce, forged.nonce, notFound.nonce]).size).toBe(4);
  expect(forged.nonce).not.toBe('AAAAAAAAAAAAAAAAAAAAAA==');
});
