import { expectNoSeriousA11yIssues } from './support/a11y';
import type { IncidentEvent } from '../lib/domain/incident/events';
import type { ReviewLogView } from '../lib/protocol/review';
import { readLog, request, signIn } from '../server/testing/client';
import { startDemoApp, type DemoApp } from './support/demo';
import { expect, shot, signedInContext, test } from './support/fixtures';

/**
 * Issue #5, SPEC REV3/REV4: after the drill, an observer writes findings tied to
 * moments of the incident and keeps the improvement plan; a liaison reads them
 * but gets no controls (and the server refuses anyway). Real app, real Chromium,
 * scenario A seeded by the demo.
 */
test.describe.configure({ mode: 'serial' });

let demo: DemoApp;
let events: IncidentEvent[];
/** A task of the drill and the moment (seq) the finding is about: two events after it was created. */
let task: { id: string; title: string; agency: string; createdSeq: number };
let atSeq: number;

const account = (key: string) => demo.accounts.find((a) => a.key === key)!;
async function reviewLog(): Promise<ReviewLogView> {
  const token = await signIn(demo.app.url, account('observer').username, account('observer').password);
  const r = await request<ReviewLogView>(demo.app.url, 'GET', `/api/incidents/${demo.incidentId}/review`, { token });
  return r.json;
}

test.beforeAll(async () => {
  demo = await startDemoApp({ lang: 'en' });
  const token = await signIn(demo.app.url, account('observer').username, account('observer').password);
  events = await readLog(demo.app.url, token, demo.incidentId);
  const created = events.filter((e) => e.type === 'TaskCreated');
  const ev = created[5] as Extract<IncidentEvent, { type: 'TaskCreated' }>;
  task = { id: ev.payload.taskId, title: ev.payload.title, agency: ev.payload.agency, createdSeq: ev.seq };
  atSeq = ev.seq + 2;
});
test.afterAll(async () => {
  await demo?.app.stop();
});

test('an observer adds a finding at a moment with a task, an improvement item from it, and moves the item to done', async ({ browser }) => {
  const observer = account('observer');
  const { context, page } = await signedInContext(browser, demo.app.url, observer.username, observer.password, 'en');
  // The replay links here with the moment: the form opens at it.
  await page.goto(`/incidents/${demo.incidentId}/findings?atSeq=${atSeq}`);
  await expect(page.getByTestId('findings-screen')).toBeVisible();
  await expect(page.getByTestId('finding-moment')).toHaveAttribute('data-seq', String(atSeq));
  await expect(page.getByTestId('finding-moment-seq')).toHaveValue(String(atSeq));
  await page.getByTestId('finding-verdict-improvement').check();
  await page.getByTestId('finding-text').fill('The task was acknowledged late: nobody on duty watched the board.');
  // An event number the incident does not have is marked as it is typed, and no earlier moment is shown for it.
  const seqField = page.getByTestId('finding-moment-seq');
  // The message under the number does not push the fields beside it (measured from the number's
  // field: the dialog, centred, moves up as it grows).
  const besideAt = async () => {
    const from = (await seqField.boundingBox())!;
    const at = async (testId: string) => {
      const box = (await page.getByTestId(testId).boundingBox())!;
      return { x: box.x - from.x, y: box.y - from.y };
    };
    return { latest: await at('finding-moment-latest'), offset: await at('finding-moment-offset'), go: await at('finding-moment-offset-go') };
  };
  const beside = await besideAt();
  for (const typed of [String(events.length + 1), '0', 'abc']) {
    await seqField.fill(typed);
    await expect(seqField).toHaveAttribute('aria-invalid', 'true');
    await expect(seqField).toHaveAccessibleDescription(`Enter an event number from 1 to ${events.length}`);
    expect(await besideAt()).toEqual(beside);
    await expect(page.getByTestId('finding-moment')).not.toHaveAttribute('data-seq');
    await expect(page.getByTestId('finding-moment')).toHaveText('No event has this number: no moment is chosen.');
  }
  await shot(page, 'findings-add-no-such-event-en');
  // Sending it is refused, the rest filled in: the dialog stays, nothing is added (one finding below, this one).
  await page.getByTestId('dialog-submit').click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await seqField.fill(String(atSeq));
  await expect(seqField).not.toHaveAttribute('aria-invalid');
  await expect(page.getByTestId('finding-moment')).toHaveAttribute('data-seq', String(atSeq));
  await page.getByTestId('finding-ref-kind-task').check();
  // Only tasks that existed at that moment are offered.
  const laterTask = events.find((e) => e.type === 'TaskCreated' && e.seq > atSeq) as Extract<IncidentEvent, { type: 'TaskCreated' }>;
  await expect(page.locator(`[data-testid="finding-ref-select"] option[value="${laterTask.payload.taskId}"]`)).toHaveCount(0);
  await page.getByTestId('finding-ref-select').selectOption(task.id);
  await shot(page, 'findings-add-dialog-en');
  await expectNoSeriousA11yIssues(page, 'add-finding dialog');
  await page.getByTestId('dialog-submit').click();

  const item = page.getByTestId('finding-item');
  await expect(item).toHaveCount(1);
  await expect(item).toHaveAttribute('data-at-seq', String(atSeq));
  await expect(item).toHaveAttribute('data-verdict', 'improvement');
  await expect(item.getByTestId('finding-ref')).toContainText(task.title);
  await expect(item.getByTestId('finding-replay-link')).toHaveAttribute('href', `/incidents/${demo.incidentId}/replay?seq=${atSeq}`);
  await expect(item).toContainText(/T\+\d\d:\d\d:\d\d/);
  await expect(item).toContainText('Observer Zhao');

  // A second finding, a strength, at the latest moment about an agency (for the filters).
  await page.getByTestId('add-finding-button').click();
  await page.getByTestId('finding-moment-latest').click();
  await expect(page.getByTestId('finding-moment')).toHaveAttribute('data-seq', String(events.length));
  await page.getByTestId('finding-ref-kind-agency').check();
  await page.getByTestId('finding-ref-select').selectOption('medical');
  await page.getByTestId('finding-verdict-strength').check();
  await page.getByTestId('finding-text').fill('Medical was on scene within minutes.');
  await page.getByTestId('dialog-submit').click();
  await expect(page.getByTestId('finding-item')).toHaveCount(2);
  await page.getByTestId('findings-filter-verdict-strength').check();
  await expect(page.getByTestId('finding-item')).toHaveCount(1);
  await expect(page.getByTestId('finding-item')).toHaveAttribute('data-verdict', 'strength');
  await page.getByTestId('findings-filter-verdict-all').check();
  await page.getByTestId('findings-filter-agency').selectOption(task.agency);
  await expect(page.getByTestId('finding-item')).toHaveCount(1);
  await expect(page.getByTestId('finding-item')).toHaveAttribute('data-at-seq', String(atSeq));
  await page.getByTestId('findings-filter-agency').selectOption('');

  // An improvement item from the first finding: its agency is proposed as the owner.
  await page.locator(`[data-testid="finding-item"][data-at-seq="${atSeq}"]`).getByTestId('improvement-from-finding').click();
  await expect(page.getByTestId('improvement-agency')).toHaveValue(task.agency);
  await page.getByTestId('improvement-action').fill('Name a duty officer per agency who watches the board during drills');
  // A day already past is said (not refused: a plan may be typed up late), and the item shows overdue until it is done.
  const due = page.getByTestId('improvement-due');
  await due.fill(`${new Date().getFullYear() + 2}-06-30`);
  await expect(due).toHaveAccessibleDescription('');
  await due.fill('2020-01-15');
  await expect(due).toHaveAccessibleDescription('This day has passed: the item will show as overdue.');
  await page.getByTestId('dialog-submit').click();
  const row = page.getByTestId('plan-row');
  await expect(row).toHaveCount(1);
  await expect(row).toHaveAttribute('data-status', 'open');
  await expect(row).toContainText('2020-01-15');
  await expect(row.getByTestId('plan-overdue')).toHaveText('Overdue');
  await shot(page, 'findings-plan-item-overdue-en');
  await row.getByTestId('plan-status-select').selectOption('in_progress');
  await expect(row).toHaveAttribute('data-status', 'in_progress');
  await expect(row).toHaveAttribute('data-overdue', 'true');
  await row.getByTestId('plan-status-select').selectOption('done');
  await expect(row).toHaveAttribute('data-status', 'done');
  await expect(row.getByTestId('plan-overdue')).toHaveCount(0);
  await shot(page, 'findings-page-observer-en');
  await expectNoSeriousA11yIssues(page, 'findings page');

  // What the server holds: the review log, and the incident's own log untouched.
  const log = await reviewLog();
  expect(log.findings.map((f) => [f.atSeq, f.ref])).toEqual([
    [atSeq, { kind: 'task', taskId: task.id }],
    [events.length, { kind: 'agency', agency: 'medical' }],
  ]);
  expect(log.improvements).toMatchObject([{ findingId: log.findings[0].id, agency: task.agency, dueDate: '2020-01-15', status: 'done' }]);
  const token = await signIn(demo.app.url, observer.username, observer.password);
  expect(await readLog(demo.app.url, token, demo.incidentId)).toEqual(events);
  await context.close();
});

test('a commander who moves an item someone else just moved is told, and sees the current status', async ({ browser }) => {
  const commander = account('commander');
  const { context, page } = await signedInContext(browser, demo.app.url, commander.username, commander.password, 'en');
  await page.goto(`/incidents/${demo.incidentId}/findings`);
  const row = page.getByTestId('plan-row');
  await expect(row).toHaveAttribute('data-status', 'done');
  // Meanwhile the observer reopens it.
  const item = (await reviewLog()).improvements[0];
  const token = await signIn(demo.app.url, account('observer').username, account('observer').password);
  const r = await request(demo.app.url, 'POST', `/api/incidents/${demo.incidentId}/review/improvements/${item.id}/status`, {
    token,
    body: { status: 'open', expectedStatus: 'done' },
  });
  expect(r.status).toBe(200);
  // The commander still sees "done" and moves it back to "in progress": CONFLICT, then the current status.
  await row.getByTestId('plan-status-select').selectOption('in_progress');
  await expect(row.getByTestId('error-message')).toHaveAttribute('data-code', 'CONFLICT');
  await expect(row).toHaveAttribute('data-status', 'open');
  await shot(page, 'findings-plan-conflict-en');
  expect((await reviewLog()).improvements[0].status).toBe('open');
  await context.close();
});

test('a commander amends a finding written in haste and withdraws a wrong one; both stay on record, and the report leaves the withdrawn one out', async ({ browser }) => {
  const commander = account('commander');
  const { context, page } = await signedInContext(browser, demo.app.url, commander.username, commander.password, 'en');
  await page.goto(`/incidents/${demo.incidentId}/findings`);
  const first = page.locator(`[data-testid="finding-item"][data-at-seq="${atSeq}"]`);
  const second = page.locator(`[data-testid="finding-item"][data-at-seq="${events.length}"]`);
  await expect(first).toBeVisible();

  // Amend: a new wording, the earlier one kept and shown on asking.
  await first.getByTestId('finding-amend').click();
  const amendText = 'The task was acknowledged 4 minutes late: the duty officer was on the radio.';
  await page.getByTestId('finding-amend-text').fill(amendText);
  await page.getByTestId('dialog-submit').click();
  await expect(first.getByTestId('finding-body')).toHaveText(amendText);
  await expect(first.getByTestId('finding-amended')).toContainText(commander.displayName);
  await first.getByTestId('finding-earlier').locator('summary').click();
  await expect(first.getByTestId('finding-earlier-version')).toContainText('nobody on duty watched the board');

  // Withdraw: a reason is required; the finding stays, struck through, with who and why.
  await second.getByTestId('finding-withdraw').click();
  await page.getByTestId('dialog-submit').click();
  await expect(page.getByRole('dialog')).toBeVisible(); // no reason: not sent
  await page.getByTestId('finding-withdraw-reason').fill('Written about the wrong agency.');
  await page.getByTestId('dialog-submit').click();
  await expect(second.getByTestId('finding-withdrawn-badge')).toBeVisible();
  await expect(second.getByTestId('finding-withdrawn')).toContainText('Written about the wrong agency.');
  await expect(second.locator('del[data-testid="finding-body"]')).toHaveText('Medical was on scene within minutes.');
  await expect(second.getByTestId('finding-amend')).toHaveCount(0);
  await shot(page, 'findings-amended-and-withdrawn-en');
  await expectNoSeriousA11yIssues(page, 'findings with a correction');

  // The review log keeps both corrections as entries of their own; the incident's own log is untouched.
  const log = await reviewLog();
  const [a, w] = [log.findings.find((f) => f.atSeq === atSeq)!, log.findings.find((f) => f.atSeq === events.length)!];
  expect(a).toMatchObject({ text: amendText });
  expect(a.revision).toBeGreaterThan(a.reviewSeq);
  expect(a.earlier).toHaveLength(1);
  expect(w.withdrawn).toMatchObject({ reason: 'Written about the wrong agency.' });
  const token = await signIn(demo.app.url, commander.username, commander.password);
  expect(await readLog(demo.app.url, token, demo.incidentId)).toEqual(events);

  // The after-action report: the amended wording, marked; the withdrawn finding left out and counted.
  await page.goto(`/incidents/${demo.incidentId}/report?lang=en`);
  await expect(page.getByTestId('report-finding-amended')).toHaveCount(1);
  await expect(page.getByText(amendText)).toBeVisible();
  await expect(page.getByText('Medical was on scene within minutes.')).toHaveCount(0);
  await expect(page.getByTestId('findings-withdrawn-left-out')).toBeVisible();
  await context.close();
});

test('an observer who withdrew the wrong finding by mistake reinstates it: it stands again with its history, and the report counts it again', async ({ browser }) => {
  const observer = account('observer');
  const { context, page } = await signedInContext(browser, demo.app.url, observer.username, observer.password, 'en');
  await page.goto(`/incidents/${demo.incidentId}/findings`);
  // The amended finding (the commander's wording) with an improvement item from it.
  const first = page.locator(`[data-testid="finding-item"][data-at-seq="${atSeq}"]`);
  await expect(first).toBeVisible();
  const logBefore = await reviewLog();
  const before = logBefore.findings.find((f) => f.atSeq === atSeq)!;

  // Withdrawn by mistake: struck through, nothing planned from it, and Reinstate offered.
  await first.getByTestId('finding-withdraw').click();
  await page.getByTestId('finding-withdraw-reason').fill('Meant to withdraw the other one.');
  await page.getByTestId('dialog-submit').click();
  await expect(first.getByTestId('finding-withdrawn-badge')).toBeVisible();
  await expect(first.getByTestId('improvement-from-finding')).toHaveCount(0);

  // Reinstated, with a reason: current again, in the commander's wording, with its history.
  await first.getByTestId('finding-reinstate').click();
  await expect(page.getByRole('dialog')).toContainText('Meant to withdraw the other one.');
  await page.getByTestId('finding-reinstate-reason').fill('Withdrawn by mistake.');
  await shot(page, 'finding-reinstate-dialog-en');
  await expectNoSeriousA11yIssues(page, 'the reinstate dialog');
  await page.getByTestId('dialog-submit').click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(first.getByTestId('finding-withdrawn-badge')).toHaveCount(0);
  await expect(first).not.toHaveAttribute('data-withdrawn', 'true');
  await expect(first).toHaveAttribute('data-reinstated', 'true');
  await expect(first.locator('p[data-testid="finding-body"]')).toHaveText(before.text);
  await expect(first.getByTestId('finding-amended')).toBeVisible();
  await expect(first.getByTestId('finding-reinstated')).toContainText(observer.displayName);
  await expect(first.getByTestId('finding-reinstate')).toHaveCount(0);
  await expect(first.getByTestId('improvement-from-finding')).toBeVisible();
  await first.getByTestId('finding-reinstatements').locator('summary').click();
  await expect(first.getByTestId('finding-reinstatement')).toContainText('Meant to withdraw the other one.');
  await expect(first.getByTestId('finding-reinstatement')).toContainText('Withdrawn by mistake.');
  await shot(page, 'findings-reinstated-en');
  await expectNoSeriousA11yIssues(page, 'findings with a reinstated finding');

  // The review log: a withdrawal and a reinstatement appended; who wrote it, when, its wordings and its item kept.
  const log = await reviewLog();
  const f = log.findings.find((x) => x.id === before.id)!;
  expect(f).toMatchObject({ author: before.author, createdAt: before.createdAt, text: before.text, earlier: before.earlier, withdrawn: null });
  expect(f.reinstated).toMatchObject([{ withdrawn: { reason: 'Meant to withdraw the other one.' }, reason: 'Withdrawn by mistake.' }]);
  expect(log.headSeq).toBe(logBefore.headSeq + 2);
  expect(log.improvements[0].findingId).toBe(f.id);
  const token = await signIn(demo.app.url, observer.username, observer.password);
  expect(await readLog(demo.app.url, token, demo.incidentId)).toEqual(events);

  // The after-action report counts it again; the other withdrawn finding is still left out.
  await page.goto(`/incidents/${demo.incidentId}/report?lang=en`);
  await expect(page.getByText(before.text)).toBeVisible();
  await expect(page.getByText('Medical was on scene within minutes.')).toHaveCount(0);
  await expect(page.getByTestId('findings-withdrawn-left-out')).toContainText('1 withdrawn finding is left out');
  await context.close();
});

test('a liaison sees the findings and the plan but no add or change controls, and the server refuses a finding from them', async ({ browser }) => {
  const liaison = account('fire');
  const { context, page } = await signedInContext(browser, demo.app.url, liaison.username, liaison.password, 'zh-CN');
  await page.goto(`/incidents/${demo.incidentId}/findings`);
  await expect(page.getByTestId('finding-item')).toHaveCount(2);
  await expect(page.getByTestId('plan-row')).toHaveCount(1);
  await expect(page.getByTestId('plan-status')).toBeVisible();
  await expect(page.getByTestId('add-finding-button')).toHaveCount(0);
  await expect(page.getByTestId('add-improvement-button')).toHaveCount(0);
  await expect(page.getByTestId('improvement-from-finding')).toHaveCount(0);
  // The withdrawn finding offers them no Reinstate either.
  await expect(page.locator('[data-testid="finding-item"][data-withdrawn="true"]')).toHaveCount(1);
  await expect(page.getByTestId('finding-reinstate')).toHaveCount(0);
  await expect(page.getByTestId('plan-status-select')).toHaveCount(0);
  // ?atSeq does not open the form for someone who may not add.
  await page.goto(`/incidents/${demo.incidentId}/findings?atSeq=${atSeq}`);
  await expect(page.getByTestId('finding-item')).toHaveCount(2);
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await shot(page, 'findings-page-liaison-zh');
  const before = await reviewLog();
  const refused = await page.request.post(`/api/incidents/${demo.incidentId}/review/findings`, {
    headers: { 'content-type': 'application/json' },
    data: { id: crypto.randomUUID(), atSeq, verdict: 'strength', text: 'We did well' },
  });
  expect(refused.status()).toBe(403);
  // The review permission refused it (REV4), not the CSRF check, which also answers FORBIDDEN.
  expect((await refused.json()).error).toMatchObject({ code: 'FORBIDDEN', message: 'Only observers and commanders review an incident.' });
  expect(await reviewLog()).toEqual(before);
  await context.close();
});
