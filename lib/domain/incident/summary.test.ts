import { describe, expect, it } from 'vitest';
import { applyEvents } from './evolve';
import { fireResponder, opened, sequence, taskCreated } from './fixtures';
import { isActiveTask } from './state';
import { listedCounts, overdueCount, overviewOrder, overviewRows, summarize, type AgencySummary } from './summary';

describe('incident summary', () => {
  it('a list counts active and done tasks as the board lanes do: blocked ones are active, cancelled ones are out of the total', () => {
    const st = (taskId: string, from: string, to: string, reason: string | null = null) => ({ type: 'TaskStatusChanged', payload: { taskId, from, to, reason } }) as never;
    const s = applyEvents(null, sequence([
      opened(),
      taskCreated('t1'), st('t1', 'open', 'acknowledged'), st('t1', 'acknowledged', 'in_progress'),
      taskCreated('t2'), st('t2', 'open', 'acknowledged'), st('t2', 'acknowledged', 'blocked', 'no foam'),
      taskCreated('t3'), st('t3', 'open', 'cancelled', 'duplicate'),
      taskCreated('t4'), st('t4', 'open', 'acknowledged'), st('t4', 'acknowledged', 'in_progress'), st('t4', 'in_progress', 'done'),
    ]))!;
    const lanes = Object.values(s.tasks).filter(isActiveTask).length; // what the lanes and the wall say is active
    expect(listedCounts(summarize(s).tasks)).toEqual({ active: lanes, blocked: 1, done: 1, of: 3 });
    expect(lanes).toBe(2);
  });

  it('counts open, blocked and due tasks per agency, and keeps the latest alert', () => {
    const due = { type: 'TaskEdited', payload: { taskId: 't2', dueAt: { from: null, to: 5_000 } } } as const;
    const events = sequence([
      opened(['fire', 'customs', 'port']),
      taskCreated('t1', 'fire'),
      taskCreated('t2', 'fire'),
      taskCreated('t3', 'customs'),
      due,
      { type: 'TaskStatusChanged', payload: { taskId: 't1', from: 'open', to: 'blocked', reason: 'No foam' } },
      { type: 'TaskStatusChanged', payload: { taskId: 't3', from: 'open', to: 'cancelled', reason: 'Not needed' } },
      { type: 'AgencyStatusChanged', payload: { agency: 'fire', from: null, to: 'on_scene' } },
      { type: 'MessagePosted', payload: { messageId: 'm1', text: 'Wind turning', toAgency: null, alert: true } },
      { type: 'MessagePosted', payload: { messageId: 'm2', text: 'Noted', toAgency: null, alert: false } },
    ], { actor: fireResponder });
    const s = summarize(applyEvents(null, events)!);
    expect(s.byAgency).toEqual([
      { agency: 'fire', status: 'on_scene', open: 1, blocked: 1, dueAt: [5_000] },
      { agency: 'customs', status: null, open: 0, blocked: 0, dueAt: [] },
      { agency: 'port', status: null, open: 0, blocked: 0, dueAt: [] },
    ]);
    expect(s.latestAlert).toMatchObject({ text: 'Wind turning', agency: 'fire' });
    expect(overdueCount(s.byAgency[0].dueAt, 4_999)).toBe(0);
    expect(overdueCount(s.byAgency[0].dueAt, 5_001)).toBe(1);
  });
});

describe("an all-active wall's order (SPEC AUTH7)", () => {
  it('puts real incidents before drills, then the most severe first, then keeps the list order (newest first)', () => {
    const list = [
      { id: 'drill-new-III', kind: 'drill', severity: 'III' },
      { id: 'drill-I', kind: 'drill', severity: 'I' },
      { id: 'real-IV', kind: 'real', severity: 'IV' },
      { id: 'drill-old-III', kind: 'drill', severity: 'III' },
      { id: 'real-I', kind: 'real', severity: 'I' },
    ] as const;
    expect(overviewOrder(list).map((i) => i.id)).toEqual(['real-I', 'real-IV', 'drill-I', 'drill-new-III', 'drill-old-III']);
  });
});

describe("an overview card's agency rows when not all fit (SPEC AGS1)", () => {
  const row = (agency: string, over: Partial<AgencySummary> = {}): AgencySummary => ({ agency, status: 'on_scene', open: 1, blocked: 0, dueAt: [], ...over });
  const now = 1_000_000;
  const rows = [row('port'), row('fire'), row('customs', { status: 'standing_down', open: 2 }), row('medical', { blocked: 1 }), row('police', { dueAt: [now - 1] }), row('border', { status: 'standing_down', open: 0 })];

  it('all fit: the incident order, nothing hidden', () => {
    expect(overviewRows(rows, 6, now)).toEqual({ rows, hiddenUrgent: 0 });
  });

  it('cut: blocked, overdue and standing down leaving work first, in the incident order; a plain standing down is not among them', () => {
    const { rows: shown, hiddenUrgent } = overviewRows(rows, 2, now);
    expect(shown.map((r) => r.agency)).toEqual(['customs', 'medical', 'police', 'port', 'fire', 'border']);
    expect(hiddenUrgent).toBe(1);
    expect(overviewRows(rows, 3, now).hiddenUrgent).toBe(0);
  });
});
