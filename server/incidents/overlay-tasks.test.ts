import { describe, expect, it } from 'vitest';
import type { Task } from '../../lib/domain/incident/state';
import { overlayTasks } from './overlay-tasks';

const task = (id: string, version: number) => ({ id, version }) as unknown as Task;

describe('overlayTasks', () => {
  it('reads fall through to the base, writes stay in the overlay, and a frozen base is never changed', () => {
    const base = Object.freeze({ a: Object.freeze(task('a', 1)), b: Object.freeze(task('b', 2)) }) as Readonly<Record<string, Task>>;
    const { tasks, written } = overlayTasks(base);
    expect(tasks.a).toBe(base.a);
    expect('b' in tasks).toBe(true);
    tasks.a = task('a', 3);
    tasks.c = task('c', 4);
    expect(tasks.a.version).toBe(3);
    expect(tasks.c.version).toBe(4);
    expect(base.a.version).toBe(1);
    expect('c' in base).toBe(false);
    expect([...written.keys()]).toEqual(['a', 'c']);
    // Listed as one map: the base's keys, then the new ones, each once, with the overlay's values.
    expect(Object.keys(tasks)).toEqual(['a', 'b', 'c']);
    expect(Object.values(tasks).map((t) => t.version)).toEqual([3, 2, 4]);
    expect({ ...tasks }).toEqual({ a: task('a', 3), b: task('b', 2), c: task('c', 4) });
    // Nothing is taken out of a map the overlay does not own.
    expect(() => delete (tasks as Record<string, Task>).b).toThrow(TypeError);
  });
});
