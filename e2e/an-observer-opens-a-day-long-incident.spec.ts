import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { IncidentEvent } from '../lib/domain/incident/events';
import { applyEvents } from '../lib/domain/incident/evolve';
import { isActiveTask, type IncidentState } from '../lib/domain/incident/state';
import { seedLongIncident } from '../server/demo/long-incident';
import { createLogger } from '../server/log';
import { createStore } from '../server/store/create-store';
import type { ServerProcess } from '../server/testing/server-process';
import { signIn } from '../server/testing/client';
import { expectWallFits, issueDisplay } from './support/wall';
import { expect, makeUser, shot, signedInContext, startApp, test, TEST_ADMIN_PASSWORD } from './support/fixtures';

// A day-long incident: 3,000 events, about 2,600 of them messages.
let dir: string;
let app: ServerProcess;
let events: IncidentEvent[];
let finalState: IncidentState;
const incidentId = randomUUID();

/** The moment the replay slider chooses for `value` (ms after the first event): the last event at or before it. */
const seqAtSlider = (value: number) => events.filter((e) => e.ts <= events[0].ts + value).at(-1)!.seq;

test.beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'portline-long-live-'));
  const store = await createStore({ dataDir: dir });
  try {
    events = await seedLongIncident(store, {
      incidentId,
      events: 3000,
      start: Date.now() - 26 * 3_600_000,
      spanMs: 24 * 3_600_000,
      perBatch: 100,
      adminPassword: TEST_ADMIN_PASSWORD,
      log: createLogger('silent', 'long-live'),
    });
  } finally {
    await store.close();
  }
  finalState = applyEvents(null, events)!;
  app = await startApp({ dataDir: dir });
});
test.afterAll(async () => {
  await app?.stop();
  await rm(dir, { recursive: true, force: true });
});

test('an observer opens a day-long incident: the messages list lays out only what is in view, newest shown, oldest a scroll away', async ({ browser }) => {
  const messages = events.filter((e) => e.type === 'MessagePosted');
  expect(messages.length).toBeGreaterThan(2000);
  const password = await makeUser(app.url, 'long-observer', 'observer', null);
  const { context, page } = await signedInContext(browser, app.url, 'long-observer', password, 'en');
  const t0 = Date.now();
  await page.goto(`/incidents/${incidentId}`);
  const panel = page.getByTestId('messages-panel');
  // The whole log is in: the header counts every message.
  await expect(panel.getByRole('heading')).toContainText(`${messages.length}`, { timeout: 60_000 });
  const newest = (messages.at(-1) as Extract<IncidentEvent, { type: 'MessagePosted' }>).payload.messageId;
  // Whole, not cut off at the list's end (items are measured after they are placed).
  await expect(panel.locator(`[data-message-id="${newest}"]`)).toBeInViewport({ ratio: 1 });
  console.log(`long incident: ${messages.length} messages counted and the newest in view ${Date.now() - t0} ms after navigation`);
  // Only the few in view (and a small overscan) are in the DOM, not thousands.
  expect(await panel.getByTestId('message-item').count()).toBeLessThan(40);
  // Lanes hold their active tasks' cards; the finished ones (most of a long incident's, each
  // with its menu) only once their list is opened, then all of them.
  const active = Object.values(finalState.tasks).filter(isActiveTask);
  const finished = Object.values(finalState.tasks).filter((t) => !isActiveTask(t));
  expect(finished.length).toBeGreaterThan(active.length);
  await expect(page.getByTestId('task-card')).toHaveCount(active.length);
  const lane = page.locator('[data-testid="agency-lane"]').filter({ has: page.locator('details') }).first();
  const code = await lane.getAttribute('data-agency');
  const laneFinished = finished.filter((t) => t.agency === code).length;
  await lane.locator('details > summary').click();
  await expect(lane.locator('details [data-testid="task-card"]')).toHaveCount(laneFinished);
  console.log(`long incident: ${active.length} active task cards in the DOM; ${finished.length} finished ones rendered as their lists open (${laneFinished} in ${code}'s)`);
  await lane.locator('details > summary').click();
  await expect(lane.locator('details [data-testid="task-card"]')).toHaveCount(0);
  await shot(page, 'board-long-incident-en-1366');
  // The oldest is a scroll away, in order.
  const oldest = (messages[0] as Extract<IncidentEvent, { type: 'MessagePosted' }>).payload.messageId;
  await panel.getByRole('list').evaluate((el) => el.scrollTo({ top: 0 }));
  await expect(panel.locator(`[data-message-id="${oldest}"]`)).toBeInViewport();
  await context.close();
});

test('SYNC5: an observer opening a day-long incident sees how much of it has loaded, and then the board as it is now, never an older state', async ({ browser }) => {
  const messages = events.filter((e) => e.type === 'MessagePosted');
  const password = await makeUser(app.url, 'long-observer-2', 'observer', null);
  const { context, page } = await signedInContext(browser, app.url, 'long-observer-2', password, 'en');
  // Every text the messages heading and the loading status take, from the first frame on.
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __seen: string[] }).__seen = seen;
    const note = () => {
      for (const el of document.querySelectorAll('[data-testid="messages-panel"] h2, [role="status"]')) {
        const text = el.textContent ?? '';
        if (text && seen[seen.length - 1] !== text) seen.push(text);
      }
    };
    new MutationObserver(note).observe(document, { subtree: true, childList: true, characterData: true });
  });
  await page.goto(`/incidents/${incidentId}`);
  const panel = page.getByTestId('messages-panel');
  await expect(panel.getByRole('heading')).toContainText(`${messages.length}`, { timeout: 60_000 });
  const seen = await page.evaluate(() => (window as unknown as { __seen: string[] }).__seen);
  const headings = seen.filter((t) => t.startsWith('Messages'));
  // The board appeared once, with every message: no page of the log was shown as the present.
  expect(headings.length).toBeGreaterThan(0);
  for (const h of headings) expect(h).toContain(`${messages.length}`);
  // Before it, the progress (250, 1,250 and 2,250 of 3,000 events; one of them at least, however the renders fall).
  expect(seen.filter((t) => /^Loading the incident: (?!3,000)[\d,]+ of 3,000 events/.test(t)).length).toBeGreaterThan(0);
  console.log(`SYNC5: texts seen while the board loaded: ${JSON.stringify(seen.filter((t) => !t.startsWith('Messages')).slice(0, 6))}`);
  await context.close();
});

test('SYNC5: a wall screen opening a day-long incident shows how much of it has loaded, in both languages, then the incident', async ({ browser }) => {
  const admin = await signIn(app.url);
  const token = await issueDisplay(app.url, admin, { kind: 'incident', incidentId }, 'Long incident wall');
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const page = await context.newPage();
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __seen: string[] }).__seen = seen;
    new MutationObserver(() => {
      const text = document.querySelector('[data-testid="wall-connecting"]')?.textContent ?? '';
      if (text && seen[seen.length - 1] !== text) seen.push(text);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  await page.goto(`${app.url}/display?lang=both#t=${token}`);
  // Best effort: the progress on screen, to look at (it may be gone before the shot on a fast machine).
  await page
    .getByText(/Loading the incident: (?!3,000)[\d,]+ of 3,000 events/)
    .waitFor({ timeout: 10_000 })
    .then(() => shot(page, 'wall-loading-day-long-incident-1080p'))
    .catch(() => console.log('SYNC5 wall: the progress was gone before the screenshot'));
  await expect(page.getByTestId('wall-incident')).toHaveAttribute('data-seq', '3000', { timeout: 60_000 });
  const seen = await page.evaluate(() => (window as unknown as { __seen: string[] }).__seen);
  console.log(`SYNC5 wall: texts seen while it loaded: ${JSON.stringify(seen)}`);
  expect(seen.some((t) => /正在加载事件记录：(?!3,000)[\d,]+ \/ 3,000 条…Loading the incident: (?!3,000)[\d,]+ of 3,000 events…/.test(t))).toBe(true);
  // Twelve agencies at 1080p: the narrowest columns a wall shows. Nothing overflows, and no label breaks inside a word,
  // in each of the screen's languages (once the agency directory and the fonts are in).
  const fireName = page.locator('[data-testid="wall-column"][data-agency="fire"] [data-testid="wall-agency-name"]');
  await expect(fireName).toContainText('消防救援');
  await page.evaluate(() => document.fonts.ready);
  await expectWallFits(page);
  await shot(page, 'wall-day-long-incident-1080p');
  for (const lang of ['en', 'zh-CN'] as const) {
    await page.goto(`${app.url}/display?lang=${lang}#t=${token}`);
    await expect(page.getByTestId('wall-incident')).toHaveAttribute('data-seq', '3000', { timeout: 60_000 });
    await expect(page.getByTestId('display-screen')).toHaveAttribute('data-locale', lang);
    await expect(fireName).toContainText(lang === 'en' ? 'Fire and Rescue' : '消防救援');
    if (lang === 'en') {
      // The latest alert's time carries its date when it is from another day than the screen's now (as a due time does).
      const alert = finalState.messages.findLast((m) => m.alert)!;
      const at = new Date(alert.ts);
      const two = (n: number) => String(n).padStart(2, '0');
      const hm = `${two(at.getHours())}:${two(at.getMinutes())}`;
      const sameDay = at.toDateString() === new Date().toDateString();
      await expect(page.getByTestId('wall-alert-time')).toHaveText(sameDay ? hm : `${new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short' }).format(at)}, ${hm}`);
      console.log(`day-long wall: the latest alert is from ${sameDay ? 'today' : 'another day'}: "${await page.getByTestId('wall-alert-time').textContent()}"`);
    }
    await page.evaluate(() => document.fonts.ready);
    await expectWallFits(page);
    await shot(page, `wall-day-long-incident-${lang}-1080p`);
  }
  await context.close();
});

test('REV6: an observer follows a link to a moment: the index, the chunks, the account and the agency list start with the page\'s HTML, and the page asks for each once', async ({ browser }) => {
  const password = await makeUser(app.url, 'link-follower', 'observer', null);
  const { context, page } = await signedInContext(browser, app.url, 'link-follower', password, 'en');
  const asked: string[] = [];
  const short = (url: string) => url.replace(/^.*\/replay/, '/replay').replace(/^https?:\/\/[^/]+/, '');
  page.on('request', (r) => {
    if (/\/replay|\/api\/(me|agencies)$/.test(r.url())) asked.push(short(r.url()));
  });
  await page.goto(`/incidents/${incidentId}/replay?seq=1234`);
  await expect(page.getByTestId('replay')).toHaveAttribute('data-rendered-seq', '1234', { timeout: 30_000 });
  const hints = await page.locator('link[rel="preload"][as="fetch"]').evaluateAll((links) => links.map((l) => (l as HTMLLinkElement).href));
  // The replay's three, and what every signed-in page asks for first (the account, the agency list).
  expect(hints.map(short).sort()).toEqual(['/api/agencies', '/api/me', '/replay', '/replay/chunk?at=1000', '/replay/chunk?at=head']);
  // The page's own requests took the preloaded answers: no second request for any of them.
  const initiators = await page.evaluate(() =>
    performance.getEntriesByType('resource').filter((r) => /\/replay(\/chunk\?at=(head|1000))?$|\/api\/(me|agencies)$/.test(r.name)).map((r) => (r as PerformanceResourceTiming).initiatorType),
  );
  console.log(`REV6: requests of the page: ${asked.join(', ')}; initiators of the five: ${initiators.join(', ')}`);
  for (const url of hints.map(short)) expect(asked.filter((a) => a === url), url).toHaveLength(1);
  expect(initiators).toEqual(['link', 'link', 'link', 'link', 'link']);
  await context.close();
});

test('REV1: a link to a moment at a checkpoint shows the events before it in the timeline, once the chunk before arrives', async ({ browser }) => {
  const password = await makeUser(app.url, 'long-replayer', 'observer', null);
  const { context, page } = await signedInContext(browser, app.url, 'long-replayer', password, 'en');
  // Seq 2000 is a checkpoint: the moment's own chunk holds only later events; the timeline's
  // come from the chunk before it, which the page loads after showing the moment.
  await page.goto(`/incidents/${incidentId}/replay?seq=2000`);
  await expect(page.getByTestId('replay')).toHaveAttribute('data-rendered-seq', '2000', { timeout: 30_000 });
  const timeline = page.getByTestId('replay-timeline');
  const t0 = Date.now();
  // Newest first: the moment's own event at the top.
  await expect(timeline.getByTestId('timeline-item').first()).toHaveAttribute('data-seq', '2000', { timeout: 10_000 });
  console.log(`replay at a checkpoint: the timeline filled ${Date.now() - t0} ms after the moment rendered`);
  await expect(timeline.getByTestId('timeline-item').nth(1)).toHaveAttribute('data-seq', '1999');
  await context.close();
});

test('an observer jumps between moments of a day-long incident: the messages list shows the moment’s newest message whole, its messages in order and not overlapping, in the first frame', async ({ browser }) => {
  const password = await makeUser(app.url, 'long-jumper', 'observer', null);
  const { context, page } = await signedInContext(browser, app.url, 'long-jumper', password, 'en');
  await page.goto(`/incidents/${incidentId}/replay?seq=1200`);
  const replay = page.getByTestId('replay');
  await expect(replay).toHaveAttribute('data-rendered-seq', '1200', { timeout: 30_000 });
  const panel = replay.getByTestId('messages-panel');
  const newestAt = (seq: number) =>
    (events.filter((e) => e.type === 'MessagePosted' && e.seq <= seq).at(-1) as Extract<IncidentEvent, { type: 'MessagePosted' }>).payload.messageId;
  await expect(panel.locator(`[data-message-id="${newestAt(1200)}"]`)).toBeInViewport({ ratio: 1 });
  const slider = page.getByTestId('replay-slider');
  const span = Number(await slider.getAttribute('max'));
  // Jumps with the slider (its value is a time offset), as a person drags and lets go. The list is
  // read as soon as the moment is in the DOM, before the browser paints it: what the first frame
  // shows. Items are measured in that render (not by a ResizeObserver a frame later), and a list
  // kept at its end lays out the items at its end in it.
  for (const seq of [2900, 300, 2100, 2950]) {
    const value = events[seq - 1].ts - events[0].ts;
    expect(value).toBeLessThanOrEqual(span);
    const first = await slider.evaluate(
      (el, v) =>
        new Promise<{ seq: number; list: { top: number; bottom: number }; items: Array<{ i: number; n: number; id: string; top: number; bottom: number }> }>((resolve) => {
          const root = document.querySelector('[data-testid="replay"]') as HTMLElement;
          const read = () => {
            const list = root.querySelector('[data-testid="messages-panel"] ol') as HTMLElement;
            const lb = list.getBoundingClientRect();
            const items = [...list.querySelectorAll<HTMLElement>('[data-testid="message-item"]')].map((li) => {
              const b = li.getBoundingClientRect();
              return { i: Number(li.dataset.index), n: Number(li.getAttribute('aria-setsize')), id: li.dataset.messageId ?? '', top: b.top, bottom: b.bottom };
            });
            resolve({ seq: Number(root.dataset.seq), list: { top: lb.top, bottom: lb.bottom }, items: items.sort((a, b) => a.i - b.i) });
          };
          const input = el as HTMLInputElement;
          Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, String(v));
          input.dispatchEvent(new Event('input', { bubbles: true }));
          const done = () => root.dataset.renderedSeq === root.dataset.seq && !root.dataset.loading;
          if (done()) return read();
          const mo = new MutationObserver(() => {
            if (!done()) return;
            mo.disconnect();
            read();
          });
          mo.observe(root, { attributes: true });
        }),
      value,
    );
    // The moment the slider chose: the last event at or before that time (events of a batch share theirs).
    expect(first.seq).toBe(seqAtSlider(value));
    const { items, list } = first;
    expect(items.length).toBeGreaterThan(3);
    const last = items.at(-1)!;
    expect(last.i).toBe(last.n - 1);
    expect(last.id).toBe(newestAt(first.seq));
    expect(last.bottom).toBeLessThanOrEqual(list.bottom + 0.5);
    expect(last.top).toBeGreaterThanOrEqual(list.top - 0.5);
    for (let k = 1; k < items.length; k++) {
      if (items[k].i !== items[k - 1].i + 1) continue;
      expect(items[k].top).toBeGreaterThanOrEqual(items[k - 1].bottom - 0.5);
      expect(items[k].top - items[k - 1].bottom).toBeLessThan(16);
    }
    // And it stays so once painted.
    await expect(panel.locator(`[data-message-id="${newestAt(first.seq)}"]`)).toBeInViewport({ ratio: 1 });
  }
  await context.close();
});

test('an observer jumps to a moment that is slow to load: a note says so over the board, and the controls do not move', async ({ browser }) => {
  const password = await makeUser(app.url, 'long-waiter', 'observer', null);
  const { context, page } = await signedInContext(browser, app.url, 'long-waiter', password, 'en');
  // A network that holds the incident's first 1,000 events (chunk 0, or its events page, and the
  // moments in it) until the test has looked: a fixed delay raced the test's own steps on a slow
  // machine (the fill may have asked for them before the jump, and the note went before it was
  // measured).
  let release = () => {};
  const held = new Promise<void>((r) => (release = r));
  await page.route(/\/replay\/chunk\?at=0(&|$)|\/replay\/moment\?seq=\d{1,3}(&|$)|\/events\?from=1&/, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(`/incidents/${incidentId}/replay?seq=2950`);
  const replay = page.getByTestId('replay');
  await expect(replay).toHaveAttribute('data-rendered-seq', '2950', { timeout: 30_000 });
  const controls = page.getByTestId('replay-controls');
  const slider = page.getByTestId('replay-slider');
  const before = { controls: (await controls.boundingBox())!, slider: (await slider.boundingBox())! };
  const value = events[299].ts - events[0].ts;
  await slider.evaluate((el, v) => {
    const input = el as HTMLInputElement;
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, String(v));
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, value);
  const note = page.getByTestId('replay-loading-note');
  await expect(note).toHaveText('Loading this moment…');
  await expect(replay).toHaveAttribute('data-loading', 'true');
  // Over the board, not in the controls' rows: nothing above the board moved or grew.
  const during = { controls: (await controls.boundingBox())!, slider: (await slider.boundingBox())! };
  expect(during.controls.height).toBe(before.controls.height);
  expect(during.slider.y).toBe(before.slider.y);
  const n = (await note.boundingBox())!;
  expect(n.y).toBeGreaterThanOrEqual(during.controls.y + during.controls.height);
  expect(n.x + n.width).toBeLessThanOrEqual(1366);
  await shot(page, 'replay-loading-note-en-1366');
  release();
  const chosen = seqAtSlider(value);
  await expect(replay).toHaveAttribute('data-rendered-seq', String(chosen), { timeout: 10_000 });
  await expect(note).toHaveCount(0);
  await context.close();
});
