import { expect, type Page } from '@playwright/test';
import { newId } from '../../lib/client/new-id';
import type { IncidentEvent } from '../../lib/domain/incident/events';
import { replay } from '../../lib/domain/incident/evolve';
import type { IncidentState } from '../../lib/domain/incident/state';
import type { Priority } from '../../lib/domain/incident/vocabulary';
import { api, connect, submit } from '../../server/testing/client';

const TITLES = [
  '气体检测，划定热区/温区/冷区 Gas detection, set hot/warm/cold zones',
  'Seal container MSCU 4471 and hold its manifest',
  '疏散 C3 堆场作业人员 Evacuate yard C3 workers',
  'Set up decontamination corridor at gate 5',
  '通知下游船舶避让 Notify vessels downstream',
  'Check dangerous goods declaration',
];
const PRIORITIES: Priority[] = ['urgent', 'high', 'normal', 'low'];

/** A busy board through the real API: `perAgency` tasks in each agency (some started), messages and one alert. */
export async function fillBoard(url: string, token: string, incidentId: string, agencies: string[], perAgency: number) {
  let n = 0;
  // One socket per agency: each socket has its own command rate bucket (SPEC AUTH10).
  for (const agency of agencies) {
    const s = await connect(url, token);
    try {
      for (let i = 0; i < perAgency; i++, n++) {
        const taskId = newId();
        const ack = await submit(s, incidentId, {
          type: 'CreateTask',
          taskId,
          agency,
          title: `${TITLES[n % TITLES.length]} #${n + 1}`,
          details: '',
          priority: PRIORITIES[n % PRIORITIES.length],
          dueAt: n % 5 === 0 ? Date.now() - 60_000 : null,
          location: n % 3 === 0 ? 'Yard C3, row 14' : '',
          assignee: n % 2 === 0 ? `Officer ${n + 1}` : null,
        });
        if (!ack.ok) throw new Error(`create task: ${ack.error.code}`);
        if (i % 3 === 1) {
          const to = await submit(s, incidentId, { type: 'ChangeTaskStatus', taskId, expectedVersion: ack.seqs[0], to: 'acknowledged' });
          if (!to.ok) throw new Error(`ack task: ${to.error.code}`);
        }
      }
    } finally {
      s.close();
    }
  }
  const s = await connect(url, token);
  try {
    for (const [text, alert] of [
      ['Wind from the north-east, 4 m/s; keep upwind', false],
      ['海关已封存相关集装箱', false],
      ['Leak spreading towards drain C3-7: evacuate row 14 now', true],
    ] as const) {
      const ack = await submit(s, incidentId, { type: 'PostMessage', messageId: newId(), text, toAgency: null, alert });
      if (!ack.ok) throw new Error(`post message: ${ack.error.code}`);
    }
  } finally {
    s.close();
  }
}

/** The incident as the server has it now: every event read over HTTP, folded by the domain reducer. */
export async function serverState(url: string, token: string, incidentId: string): Promise<IncidentState> {
  const events: IncidentEvent[] = [];
  for (;;) {
    const r = await api<{ events: IncidentEvent[]; headSeq: number }>(url, 'GET', `/api/incidents/${incidentId}/events?from=${events.length + 1}&limit=500`, token);
    if (!r.json.ok) throw new Error(`read events: ${r.json.error?.code}`);
    events.push(...r.json.events);
    if (r.json.events.length === 0 || events.length >= r.json.headSeq) break;
  }
  return replay(events);
}

/**
 * The incident as the server has it once it holds `tasks` tasks: an activation's dialog closes at
 * its first change queued (a slow answer, a loaded machine), while the rest are still on their way
 * from the outbox (SPEC PLAN1).
 */
export async function serverStateWithTasks(url: string, token: string, incidentId: string, tasks: number): Promise<IncidentState> {
  await expect.poll(async () => Object.keys((await serverState(url, token, incidentId)).tasks).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(tasks);
  return serverState(url, token, incidentId);
}

/** The page never scrolls sideways: its content is no wider than the window. */
export function pageWidths(page: Page): Promise<{ scrollWidth: number; innerWidth: number }> {
  return page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
}

/**
 * Opens an incident's board and waits until it is live, printing how long it took.
 * Generous bound: on a loaded shared machine the socket upgrade alone has taken 9 s.
 */
export async function openBoard(page: Page, incidentId: string, what = 'board'): Promise<void> {
  const t0 = Date.now();
  await page.goto(`/incidents/${incidentId}`);
  await expect(page.getByTestId('incident-board')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'live', { timeout: 30_000 });
  console.log(`${what}: live ${Date.now() - t0} ms after navigation`);
}

/** A commander changes the severity from the board's header, with the reason its dialog asks for; the dialog closes. */
export async function changeSeverity(page: Page, level: 'I' | 'II' | 'III' | 'IV', reason: string): Promise<void> {
  await page.getByTestId('change-severity').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByTestId(`severity-${level}`).click();
  await dialog.locator('textarea').fill(reason);
  await dialog.getByTestId('dialog-submit').click();
  await expect(dialog).toHaveCount(0);
}
