import { describe, expect, it } from 'vitest';
import type { IncidentState, Task } from '@/lib/domain/incident/state';
import { compareRows, currentVersion } from './outbox-compare';

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

  it('applies anyway against the version now; a task that is gone has none', () => {
    expect(currentVersion({ type: 'ChangeTaskStatus', taskId: T, expectedVersion: 5, to: 'done' }, state)).toBe(9);
    expect(currentVersion({ type: 'ChangePhase', expectedVersion: 1, phase: 'recovery' }, state)).toBe(3);
    expect(currentVersion({ type: 'ChangeTaskStatus', taskId: '00000000-0000-4000-8000-000000000002', expectedVersion: 5, to: 'done' }, state)).toBeNull();
  });
});
