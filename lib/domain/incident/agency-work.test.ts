import { describe, expect, it } from 'vitest';
import { leftWork, standDownAsks, unfinishedWork } from './agency-work';
import { applyEvents } from './evolve';
import { fireResponder, opened, sequence, taskCreated } from './fixtures';

const st = (taskId: string, from: string, to: string, reason: string | null = null) => ({ type: 'TaskStatusChanged', payload: { taskId, from, to, reason } }) as never;

/** Fire: one open, one acknowledged, one in progress, one blocked, one done, one cancelled; customs: one open. */
function incident() {
  return applyEvents(null, sequence([
    opened(['fire', 'customs', 'port']),
    taskCreated('f1', 'fire'),
    taskCreated('f2', 'fire'), st('f2', 'open', 'acknowledged'),
    taskCreated('f3', 'fire'), st('f3', 'open', 'acknowledged'), st('f3', 'acknowledged', 'in_progress'),
    taskCreated('f4', 'fire'), st('f4', 'open', 'acknowledged'), st('f4', 'acknowledged', 'blocked', 'No foam'),
    taskCreated('f5', 'fire'), st('f5', 'open', 'acknowledged'), st('f5', 'acknowledged', 'in_progress'), st('f5', 'in_progress', 'done'),
    taskCreated('f6', 'fire'), st('f6', 'open', 'cancelled', 'Duplicate'),
    taskCreated('c1', 'customs'),
  ], { actor: fireResponder }))!;
}

describe('an agency’s unfinished work', () => {
  it('counts its open, acknowledged, in-progress and blocked tasks, and how many of them are blocked; not its finished ones nor another agency’s', () => {
    const tasks = Object.values(incident().tasks);
    expect(unfinishedWork(tasks, 'fire')).toEqual({ active: 4, blocked: 1 });
    expect(unfinishedWork(tasks, 'customs')).toEqual({ active: 1, blocked: 0 });
    expect(unfinishedWork(tasks, 'port')).toEqual({ active: 0, blocked: 0 });
  });

  it('standing down asks first only while the agency holds unfinished tasks', () => {
    expect(standDownAsks('standing_down', { active: 4, blocked: 1 })).toBe(true);
    expect(standDownAsks('standing_down', { active: 1, blocked: 0 })).toBe(true);
    expect(standDownAsks('standing_down', { active: 0, blocked: 0 })).toBe(false);
    for (const to of ['notified', 'en_route', 'on_scene'] as const) expect(standDownAsks(to, { active: 4, blocked: 1 })).toBe(false);
  });

  it('the wall marks the work an agency standing down leaves, and nothing for any other status or none left', () => {
    expect(leftWork('standing_down', 3)).toBe(3);
    expect(leftWork('standing_down', 0)).toBe(0);
    for (const s of ['notified', 'en_route', 'on_scene', null, undefined] as const) expect(leftWork(s, 3)).toBe(0);
  });
});
