import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { newId } from '../../lib/client/new-id';
import type { IncidentState } from '../../lib/domain/incident/state';
import type { DisplayScope } from '../../lib/domain/actor';
import type { PortlineSocket } from '../../lib/client/socket';
import { createDisplay, submit } from '../../server/testing/client';
import { serverState } from './board';
import { watchCsp } from './fixtures';

/** Helpers for the wall display specs: open a screen, read the server's state, check the layout. */

export const SIZES = { '1080p': { width: 1920, height: 1080 }, '4k': { width: 3840, height: 2160 } } as const;
export type WallSize = keyof typeof SIZES;

export async function issueDisplay(url: string, adminToken: string, scope: DisplayScope, name = 'Wall'): Promise<string> {
  return (await createDisplay(url, adminToken, name, scope)).token;
}

/** A wall screen: a fresh context with no cookies, at one size, on its display link. */
export async function openWall(
  browser: Browser,
  baseUrl: string,
  token: string,
  opts: { lang?: 'zh-CN' | 'en' | 'both'; size?: WallSize; theme?: 'light'; incidentId?: string; before?: (context: BrowserContext) => Promise<void> } = {},
): Promise<Page> {
  const context = await browser.newContext({ viewport: SIZES[opts.size ?? '1080p'] });
  await watchCsp(context);
  await opts.before?.(context);
  const page = await context.newPage();
  const q = new URLSearchParams({ lang: opts.lang ?? 'zh-CN' });
  if (opts.incidentId) q.set('incident', opts.incidentId);
  if (opts.theme) q.set('theme', opts.theme);
  await page.goto(`${baseUrl}/display?${q}#t=${token}`);
  // The screen's first start (scripts, fonts, then the socket): on two busy cores with a 4K
  // viewport it took over 10 s once (CI), so the wait for the page itself is longer than an
  // expect's. What the screen then shows is held to the usual timeouts.
  await page.getByTestId('connection-state').waitFor({ timeout: 30_000 });
  return page;
}

/** The wall's rendered seq and, per visible task card, its status. */
export async function renderedWall(page: Page): Promise<{ seq: number; tasks: Record<string, string> }> {
  return page.evaluate(() => {
    const wall = document.querySelector('[data-testid="wall-incident"]');
    const tasks: Record<string, string> = {};
    for (const el of document.querySelectorAll<HTMLElement>('[data-testid="wall-task"]')) tasks[el.dataset.taskId ?? ''] = el.dataset.status ?? '';
    return { seq: Number(wall?.getAttribute('data-seq') ?? 0), tasks };
  });
}

/**
 * The screen equals the server: same seq, every active task shown with the server's status
 * (no column pages here), the finished ones counted in their agency's column.
 */
export async function expectWallEqualsServer(page: Page, state: IncidentState): Promise<void> {
  await expect(page.getByTestId('wall-incident')).toHaveAttribute('data-seq', String(state.seq), { timeout: 15_000 });
  const shown = await renderedWall(page);
  const active = Object.values(state.tasks).filter((t) => t.status !== 'done' && t.status !== 'cancelled');
  expect(shown.tasks).toEqual(Object.fromEntries(active.map((t) => [t.id, t.status])));
  for (const code of state.agencies) {
    const col = page.locator(`[data-testid="wall-column"][data-agency="${code}"]`);
    const mine = Object.values(state.tasks).filter((t) => t.agency === code);
    await expect(col).toHaveAttribute('data-done', String(mine.filter((t) => t.status === 'done').length));
    await expect(col).toHaveAttribute('data-cancelled', String(mine.filter((t) => t.status === 'cancelled').length));
  }
}

/** The page does not scroll, every column and the messages and events panels are in the viewport, nothing overflows its column. */
export async function expectWallFits(page: Page): Promise<void> {
  const report = await page.evaluate(() => {
    const vw = window.innerWidth;
    const vh = window.innerHeight;
    const doc = document.scrollingElement ?? document.documentElement;
    const problems: string[] = [];
    if (doc.scrollHeight > vh || doc.scrollWidth > vw) problems.push(`page scrolls: ${doc.scrollWidth}×${doc.scrollHeight} in ${vw}×${vh}`);
    // The root hides overflow, so the page cannot scroll: what would overflow is cut off instead.
    for (const panel of document.querySelectorAll<HTMLElement>('[data-testid="wall-messages"], [data-testid="wall-timeline"]')) {
      const p = panel.getBoundingClientRect();
      if (p.left < 0 || p.top < 0 || p.right > vw + 0.5 || p.bottom > vh + 0.5) problems.push(`${panel.dataset.testid} outside the viewport`);
    }
    const columns = [...document.querySelectorAll<HTMLElement>('[data-testid="wall-column"]')];
    for (const col of columns) {
      const name = col.dataset.agency;
      const c = col.getBoundingClientRect();
      if (c.left < 0 || c.top < 0 || c.right > vw + 0.5 || c.bottom > vh + 0.5) problems.push(`column ${name} outside the viewport`);
      if (col.scrollWidth > col.clientWidth + 1) problems.push(`column ${name} overflows sideways`);
      if (c.width < 100) problems.push(`column ${name} is ${c.width}px wide`);
      for (const card of col.querySelectorAll<HTMLElement>('[data-testid="wall-task"], [data-testid="wall-group"], header')) {
        const b = card.getBoundingClientRect();
        if (card.scrollWidth > card.clientWidth + 1) problems.push(`${card.dataset.testid ?? 'header'} ${card.dataset.taskId ?? ''} in ${name} overflows sideways`);
        if (b.left < c.left - 0.5 || b.right > c.right + 0.5 || b.top < c.top - 0.5 || b.bottom > c.bottom + 0.5)
          problems.push(`${card.dataset.testid ?? 'header'} ${card.dataset.taskId ?? ''} sticks out of column ${name}`);
      }
    }
    // A label never breaks inside a word ("进行/中", "已取/消"): two characters with no space
    // between them sit on the same line. Checked per character of the count labels and the
    // finished line, of the agency names and of the status group titles, in each language shown.
    const textNodes = (el: Element) => {
      const out: Text[] = [];
      const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let n = walk.nextNode(); n; n = walk.nextNode()) out.push(n as Text);
      return out;
    };
    for (const label of document.querySelectorAll<HTMLElement>('[data-testid="wall-agency-name"], [data-testid="wall-group"], [data-testid="wall-column"] [data-count] dt, [data-testid="wall-finished"]')) {
      for (const node of textNodes(label)) {
        const text = node.data;
        let lastTop: number | null = null;
        for (let i = 0; i < text.length; i++) {
          const range = document.createRange();
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          const rect = range.getClientRects()[0];
          if (!rect || /\s/.test(text[i])) {
            lastTop = null;
            continue;
          }
          if (lastTop !== null && Math.abs(rect.top - lastTop) > 2) {
            const col = label.closest<HTMLElement>('[data-testid="wall-column"]')?.dataset.agency;
            problems.push(`"${text}" breaks inside a word (before "${text.slice(i)}") in column ${col}`);
            break;
          }
          lastTop = rect.top;
        }
      }
    }
    return { problems, columns: columns.length };
  });
  expect(report.problems).toEqual([]);
  return;
}

/** Creates a task and returns its id. */
export async function createTask(s: PortlineSocket, incidentId: string, agency: string, title: string, extra: { dueAt?: number; priority?: 'urgent' | 'high' | 'normal' } = {}) {
  const taskId = newId();
  const ack = await submit(s, incidentId, {
    type: 'CreateTask',
    taskId,
    title,
    agency,
    details: '',
    assignee: null,
    priority: extra.priority ?? 'normal',
    dueAt: extra.dueAt ?? null,
    location: '',
  });
  if (!ack.ok) throw new Error(`CreateTask: ${ack.error.code} ${ack.error.message}`);
  return taskId;
}

/** Moves a task on to `to` from the version it has now. */
export async function moveTask(s: PortlineSocket, url: string, token: string, incidentId: string, taskId: string, to: 'acknowledged' | 'in_progress' | 'blocked' | 'done', reason?: string) {
  const state = await serverState(url, token, incidentId);
  const ack = await submit(s, incidentId, { type: 'ChangeTaskStatus', taskId, expectedVersion: state.tasks[taskId].version, to, ...(reason ? { reason } : {}) });
  if (!ack.ok) throw new Error(`ChangeTaskStatus: ${ack.error.code} ${ack.error.message}`);
  return ack;
}
