import { describe, expect, it } from 'vitest';
import type { Task } from '@/lib/domain/incident/state';
import { laneOrder, wallLanes } from './lane-order';

const task = (id: string, agency: string, status: Task['status']) => ({ id, agency, status }) as Task;

// SPEC AGS1: an agency taken out keeps a board lane while it holds tasks, a wall column while it holds unfinished ones.
describe('lanes of a board and columns of a wall', () => {
  // Customs left with its one task done; Police left with one unfinished; Fire and Port are in.
  const state = {
    agencies: ['port', 'fire'],
    tasks: {
      a: task('a', 'customs', 'done'),
      b: task('b', 'police', 'in_progress'),
      c: task('c', 'police', 'cancelled'),
      d: task('d', 'fire', 'open'),
    },
  };

  it('a board keeps a lane for every agency that left and holds tasks, finished or not', () => {
    expect(laneOrder(state, 'fire')).toEqual(['fire', 'port', 'customs', 'police']);
  });

  it('a wall keeps a column for one that left only while it holds unfinished tasks', () => {
    expect(wallLanes(state)).toEqual(['port', 'fire', 'police']);
  });
});
