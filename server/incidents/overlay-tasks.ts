import type { Task } from '../../lib/domain/incident/state';

/**
 * A task map over `base` that a fold writes into without copying it: reads fall through to
 * `base`, writes stay in the overlay (`written`), and `base` is never changed. Copying a late
 * incident's map (thousands of tasks) costs O(tasks) per fold: the committer's provisional
 * states for a group commit (4% of the writer's process at N=100, R=100 on a busy machine) and
 * the moment route's fold (about a millisecond a request, docs/performance.md). The reducer only
 * looks tasks up and sets them (lib/domain/incident/evolve.ts); decide() and authorize() only look them up.
 */
export function overlayTasks(base: Readonly<Record<string, Task>>): { tasks: Record<string, Task>; written: ReadonlyMap<string, Task> } {
  const own = new Map<string, Task>();
  const mine = (k: string | symbol): k is string => typeof k === 'string' && own.has(k);
  // The proxy's own target stays empty: `base` is only read, so a base that is frozen (or whose
  // properties are not writable) does not bind the proxy to report its values.
  const tasks = new Proxy({} as Record<string, Task>, {
    get: (_t, k) => (mine(k) ? own.get(k) : Reflect.get(base, k)),
    set: (_t, k, v) => {
      if (typeof k !== 'string') return false;
      own.set(k, v as Task);
      return true;
    },
    has: (_t, k) => mine(k) || Reflect.has(base, k),
    ownKeys: () => {
      const keys = Reflect.ownKeys(base);
      for (const k of own.keys()) if (!Object.prototype.hasOwnProperty.call(base, k)) keys.push(k);
      return keys;
    },
    getOwnPropertyDescriptor: (_t, k) => {
      const value = mine(k) ? own.get(k) : typeof k === 'string' && Object.prototype.hasOwnProperty.call(base, k) ? base[k] : undefined;
      return value === undefined ? undefined : { value, writable: true, enumerable: true, configurable: true };
    },
    defineProperty: () => false,
    deleteProperty: () => false,
  });
  return { tasks, written: own };
}
