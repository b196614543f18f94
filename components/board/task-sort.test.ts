import { describe, expect, it } from 'vitest';
import { replay } from '@/lib/domain/incident/evolve';
import { buildLongIncident } from '@/server/demo/long-incident';
import type { Task } from '@/lib/domain/incident/state';
import { laneTasks, splitTasks } from './task-sort';

describe('splitTasks: the order a lane shows', () => {
  const task = (id: string, status: Task['status'], priority: Task['priority'], createdSeq: number, updatedAt = createdSeq): Task =>
    ({ id, status, priority, createdSeq, updatedAt, agency: 'fire' }) as Task;

  it('active: blocked first, then by priority (urgent → low), then oldest first; finished: latest first', () => {
    const tasks = [
      task('normal-old', 'open', 'normal', 1),
      task('urgent-new', 'in_progress', 'urgent', 9),
      task('done-early', 'done', 'urgent', 2, 20),
      task('blocked-low', 'blocked', 'low', 8),
      task('urgent-old', 'acknowledged', 'urgent', 3),
      task('cancelled-late', 'cancelled', 'low', 4, 40),
      task('high', 'open', 'high', 5),
      task('blocked-urgent', 'blocked', 'urgent', 7),
      task('done-mid', 'done', 'normal', 6, 30),
    ];
    const { active, finished } = splitTasks(tasks);
    expect(active.map((t) => t.id)).toEqual(['blocked-urgent', 'blocked-low', 'urgent-old', 'urgent-new', 'high', 'normal-old']);
    expect(finished.map((t) => t.id)).toEqual(['cancelled-late', 'done-mid', 'done-early']);
  });
});

describe('laneTasks', () => {
  const log = buildLongIncident({ incidentId: '6f0f4e8e-8f4b-4d53-9d8f-0c5bd8d2a001', events: 3000, start: Date.UTC(2026, 10, 1, 8), spanMs: 3_600_000 });
  const state = replay(log.events);

  it("gives each lane exactly its agency's tasks, split and sorted as splitTasks does", () => {
    const codes = [...new Set(Object.values(state.tasks).map((t) => t.agency))];
    expect(codes.length).toBeGreaterThan(3);
    for (const code of codes) {
      const lane = laneTasks(state.tasks, code);
      const split = splitTasks(Object.values(state.tasks).filter((t) => t.agency === code));
      // The count before the list is read (a closed list of finished tasks shows only its count).
      expect(lane.finishedCount).toBe(split.finished.length);
      expect({ active: lane.active, finished: lane.finished }).toEqual(split);
    }
    expect(laneTasks(state.tasks, 'NOBODY')).toEqual({ active: [], finished: [], finishedCount: 0 });
  });

  it('groups once per tasks record, and a new record (a later state) is grouped anew', () => {
    const code = Object.values(state.tasks)[0].agency;
    expect(laneTasks(state.tasks, code)).toBe(laneTasks(state.tasks, code));
    const earlier = replay(log.events.slice(0, 1500));
    expect(laneTasks(earlier.tasks, code)).not.toBe(laneTasks(state.tasks, code));
    const lane = laneTasks(earlier.tasks, code);
    expect({ active: lane.active, finished: lane.finished }).toEqual(splitTasks(Object.values(earlier.tasks).filter((t) => t.agency === code)));
  });
});
