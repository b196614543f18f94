/**
 * A value held outside React that components read with useSyncExternalStore(v.subscribe, v.get):
 * `set` tells the listeners when it changes (`same` says when it does not: Object.is by default).
 */
interface ExternalValue<T> {
  get(): T;
  set(next: T): void;
  subscribe(listener: () => void): () => void;
}

export function externalValue<T>(initial: T, same: (a: T, b: T) => boolean = Object.is): ExternalValue<T> {
  let value = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => value,
    set(next) {
      if (same(value, next)) return;
      value = next;
      for (const listener of [...listeners]) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
