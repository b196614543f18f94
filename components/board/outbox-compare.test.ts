import { describe, expect, it } from 'vitest';
import type { IncidentState, Task } from '@/lib/domain/incident/state';
import { compareRows, conflictAhead, currentVersion } from './outbox-compare';

const T = '00000000-0000-4000-8000-000000000001';
const state = {
  version: 3,
  phase: 'response',
  tasks: { [T]: { id: T, title: 'theirs', status: 'open', priority: 'normal', version: 9 } as Task },
} as unknown as IncidentState;

describe('compareRows', () => {
  it('pairs each field the command sets with its value now', () => {
    expect(compareRows({ type: 'EditTask', taskId: T, expectedVersion: 5, title: 'mine', priority: 'urgent' }, state)).toEqual([
      { field: 'title', mine: 'mine', now: 'theirs' },
      { field: 'priority', mine: 'urgent', now: 'normal' },
    ]);
    expect(compareRows({ type: 'ChangeTaskStatus', taskId: T, expectedVersion: 5, to: 'done' }, state)).toEqual([{ field: 'status', mine: 'done', now: 'open' }]);
    expect(compareRows({ type: 'ChangePhase', expectedVersion: 1, phase: 'recovery' }, state)).toEqual([{ field: 'phase', mine: 'recovery', now: 'response' }]);
  });

  it('shows everything the person said: a status change\'s reason or done note, a severity\'s reason, a new task\'s fields, a message\'s recipient and alert', () => {
    const blocked = { ...state, tasks: { [T]: { ...state.tasks[T], status: 'blocked', statusReason: 'No foam on site' } } } as IncidentState;
    expect(compareRows({ type: 'ChangeTaskStatus', taskId: T, expectedVersion: 5, to: 'cancelled', reason: 'Duplicate of the berth 4 task' }, blocked)).toEqual([
      { field: 'status', mine: 'cancelled', now: 'blocked' },
      { field: 'reason', mine: 'Duplicate of the berth 4 task', now: 'No foam on site' },
    ]);
    expect(compareRows({ type: 'ChangeTaskStatus', taskId: T, expectedVersion: 5, to: 'done', reason: 'Valve 3 closed; photo IMG_0412' }, state)).toEqual([
      { field: 'status', mine: 'done', now: 'open' },
      { field: 'note', mine: 'Valve 3 closed; photo IMG_0412', now: undefined },
    ]);
    expect(compareRows({ type: 'ChangeSeverity', expectedVersion: 1, severity: 'II', reason: 'Second tank leaking' }, state)).toEqual([
      { field: 'severity', mine: 'II', now: undefined },
      { field: 'reason', mine: 'Second tank leaking', now: undefined },
    ]);
    const T2 = '00000000-0000-4000-8000-000000000002';
    expect(
      compareRows(
        { type: 'CreateTask', taskId: T2, title: 'Foam line to tank 7', details: 'Two monitors, north side', agency: 'fire', assignee: 'Chen Wei', priority: 'urgent', dueAt: 1_800_000_000_000, location: 'Berth 4' },
        state,
      ).map((r) => [r.field, r.mine]),
    ).toEqual([
      ['title', 'Foam line to tank 7'],
      ['agency', 'fire'],
      ['details', 'Two monitors, north side'],
      ['assignee', 'Chen Wei'],
      ['priority', 'urgent'],
      ['dueAt', 1_800_000_000_000],
      ['location', 'Berth 4'],
    ]);
    // Fields left empty on a new task say nothing.
    expect(compareRows({ type: 'CreateTask', taskId: T2, title: 'Cordon', details: '', agency: 'police', assignee: null, dueAt: null, location: '' }, state).map((r) => r.field)).toEqual(['title', 'agency']);
    expect(compareRows({ type: 'PostMessage', messageId: T2, text: 'Evacuate berth 4', toAgency: 'customs', alert: true }, state)).toEqual([
      { field: 'text', mine: 'Evacuate berth 4', now: undefined },
      { field: 'toAgency', mine: 'customs', now: undefined },
      { field: 'alert', mine: true, now: undefined },
    ]);
    // To everyone (the default) is a recipient too; no alert is no row.
    expect(compareRows({ type: 'PostMessage', messageId: T2, text: 'Wind turning north' }, state).map((r) => [r.field, r.mine])).toEqual([
      ['text', 'Wind turning north'],
      ['toAgency', null],
    ]);
  });

  it('without a board (the incident can no longer be read) still gives the change\'s own fields, with nothing to compare', () => {
    expect(compareRows({ type: 'ChangeTaskStatus', taskId: T, expectedVersion: 5, to: 'blocked', reason: 'Gate 4 locked' }, null)).toEqual([
      { field: 'status', mine: 'blocked', now: undefined },
      { field: 'reason', mine: 'Gate 4 locked', now: undefined },
    ]);
    expect(compareRows({ type: 'SetAgencyStatus', agency: 'fire', status: 'on_scene' }, null)).toEqual([
      { field: 'agency', mine: 'fire', now: undefined },
      { field: 'agencyStatus', mine: 'on_scene', now: undefined },
    ]);
    expect(compareRows({ type: 'ChangePhase', expectedVersion: 1, phase: 'recovery' }, null)).toEqual([{ field: 'phase', mine: 'recovery', now: undefined }]);
  });

  it('applies anyway against the version now; a task that is gone has none', () => {
    expect(currentVersion({ type: 'ChangeTaskStatus', taskId: T, expectedVersion: 5, to: 'done' }, state)).toBe(9);
    expect(currentVersion({ type: 'ChangePhase', expectedVersion: 1, phase: 'recovery' }, state)).toBe(3);
    expect(currentVersion({ type: 'ChangeTaskStatus', taskId: '00000000-0000-4000-8000-000000000002', expectedVersion: 5, to: 'done' }, state)).toBeNull();
  });
  it('SYNC5: a conflict naming a version the board has not reached yet is behind it (its "now" is older): not once the board is there', () => {
    const conflict = (v: number) => ({ code: 'CONFLICT', details: { currentVersion: v } });
    const cmd = { type: 'ChangeTaskStatus' as const, taskId: T, expectedVersion: 5, to: 'done' as const };
    expect(conflictAhead(conflict(12), currentVersion(cmd, state))).toBe(true);
    expect(conflictAhead(conflict(9), currentVersion(cmd, state))).toBe(false);
    expect(conflictAhead(conflict(4), currentVersion({ type: 'ChangePhase', expectedVersion: 1, phase: 'recovery' }, state))).toBe(true);
    // Another refusal, or a conflict that names no version: nothing to wait for.
    expect(conflictAhead({ code: 'INVALID_TRANSITION', details: { currentVersion: 12 } }, currentVersion(cmd, state))).toBe(false);
    expect(conflictAhead({ code: 'CONFLICT' }, currentVersion(cmd, state))).toBe(false);
    // A task that is gone has no version to wait for.
    expect(conflictAhead(conflict(12), null)).toBe(false);
  });
});
