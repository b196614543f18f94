import { randomUUID } from 'node:crypto';
import type { IncidentEvent } from '../lib/domain/incident/events';
import { LIMITS } from '../lib/domain/limits';
import type { ServerProcess } from '../server/testing/server-process';
import { startTcpProxy, type TcpProxy } from '../server/testing/tcp-proxy';
import { tempLongIncident, type TempStore } from '../server/testing/temp-store';
import { openBoard } from './support/board';
import { seedHazmatDrill } from './support/seed';
import { expect, shot, signedInContext, startApp, test } from './support/fixtures';

/**
 * SPEC SYNC9 in Chromium: a responder at the edge of a quay's Wi-Fi, on a link on which a full page
 * of the log (1,000 events, ~0.5 MB) takes 15 s to cross, half again the 10 s a read may take. The
 * page was loaded while the link was good (the board of a small drill open first, so the board's
 * code is in the page); then the link slows down and the responder opens a long incident from the
 * list. The feed reads pages sized to the link, the board says how much has loaded, and the
 * incident opens. With full pages only, every answer came too late and the feed asked for the same
 * page again for ever (server/slow-link.test.ts shows it with a socket.io client).
 */
const EVENTS = 1200;
const FULL_PAGE_S = 15;
let temp: TempStore;
let app: ServerProcess;
let proxy: TcpProxy;
let events: IncidentEvent[];
const incidentId = randomUUID();

test.beforeAll(async () => {
  ({ temp, events } = await tempLongIncident('portline-slow-link-e2e-', { incidentId, events: EVENTS, start: Date.now() - 3 * 3_600_000, spanMs: 2 * 3_600_000 }));
  app = await startApp({ dataDir: temp.dir });
  proxy = await startTcpProxy(app.port);
});
test.afterAll(async () => {
  await proxy?.stop();
  await app?.stop();
  await temp?.cleanup();
});

test('SYNC9: a responder whose link slows down opens a long incident: the board shows its progress, stays live, and opens', async ({ browser }) => {
  test.setTimeout(240_000); // a real server, a throttled link and a browser on a shared 2-core machine
  const drill = await seedHazmatDrill(app.url);
  const { context, page } = await signedInContext(browser, proxy.url, drill.names.fire, drill.password(drill.names.fire), 'en');
  try {
    await openBoard(page, drill.incidentId, 'small drill through the proxy');
    await page.getByTestId('nav-incidents').click();
    const row = page.locator(`[data-testid="incident-row"][href="/incidents/${incidentId}"]`);
    await expect(row).toBeVisible({ timeout: 30_000 });

    // The link slows down: a full page of the log now takes FULL_PAGE_S to cross.
    const fullPage = Buffer.byteLength(JSON.stringify(events.slice(0, LIMITS.eventsPage)));
    const rate = Math.round(fullPage / FULL_PAGE_S);
    proxy.throttle(rate);
    // Every text the loading status takes and every state the connection indicator takes, from now on.
    await page.evaluate(() => {
      const seen: string[] = [];
      const states: string[] = [];
      Object.assign(window, { __seen: seen, __states: states });
      const note = () => {
        for (const el of document.querySelectorAll('[role="status"]')) {
          const text = el.textContent ?? '';
          if (text.startsWith('Loading') && seen[seen.length - 1] !== text) seen.push(text);
        }
        const state = document.querySelector('[data-testid="connection-state"]')?.getAttribute('data-state') ?? '';
        if (state && states[states.length - 1] !== state) states.push(state);
      };
      note();
      new MutationObserver(note).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    const t0 = Date.now();
    await row.click();
    const progress = page.getByRole('status').filter({ hasText: /^Loading the incident: [\d,]+ of 1,200 events/ });
    // Its first, full page does not cross in time; the smaller pages after it show the progress.
    await progress.waitFor({ timeout: 60_000 });
    await shot(page, 'board-loading-on-a-slow-link-en-1366');

    const messages = events.filter((e) => e.type === 'MessagePosted').length;
    await expect(page.getByTestId('messages-panel').getByRole('heading')).toContainText(`${messages}`, { timeout: 150_000 });
    const openedMs = Date.now() - t0;
    const { seen, states } = await page.evaluate(() => {
      const w = window as unknown as { __seen: string[]; __states: string[] };
      return { seen: w.__seen, states: w.__states };
    });
    console.log(
      `SYNC9 e2e: a full page is ${(fullPage / 1024).toFixed(0)} KiB, the link ${(rate / 1024).toFixed(1)} KiB/s; the long incident opened ${openedMs} ms after the click; progress shown: ${JSON.stringify(seen)}; connection states: ${states.join(' → ')}`,
    );
    // The person saw it load, in more steps than whole pages would give (1,000 then 1,200).
    const counts = new Set(seen.map((t) => /^Loading the incident: ([\d,]+) of/.exec(t)?.[1]).filter(Boolean));
    expect(counts.size).toBeGreaterThan(2);
    // The socket stayed up while the answers crossed the slow link: live throughout.
    expect(states).toEqual(['live']);
    await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'live');
    await expect(page.getByTestId('incident-board')).toHaveAttribute('data-incident-id', incidentId);
  } finally {
    proxy.throttle(null);
    await context.close();
  }
});
