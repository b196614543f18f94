import { carryMessageIds } from './message-ids';
import type { Message } from './state';

/**
 * A message list over `base` that a fold appends to without copying it: its first
 * `base.length` messages are read from `base` (as long as it was when overlaid), what is
 * appended stays in the overlay, and `base` is never changed. The list counterpart of the
 * committer's task overlay (server/incidents/overlay-tasks.ts): a group commit's provisional
 * states (server/incidents/committer.ts) would otherwise copy a late incident's whole list
 * (88,000 messages) for the first message of each round. It carries `base`'s noted message
 * ids (message-ids.ts), so decide's duplicate check on it notes only what was appended.
 *
 * An Array as far as the reducer (`push`), decide and authorize use it, and for reading
 * (`length`, indexes, iteration, slice, keys); it refuses writes below `base.length`, a
 * shorter `length`, and deletes.
 */
export function overlayMessages(base: readonly Message[]): Message[] {
  const n = base.length;
  // The proxy's own target holds what is appended (index i at i - n), so that its `length`
  // (which an Array target cannot be without) is never the proxy's.
  const own: Message[] = [];
  const list = new Proxy(own, {
    get: (t, k, receiver) => {
      if (k === 'length') return n + t.length;
      const i = indexOf(k);
      if (i >= 0) return i < n ? base[i] : t[i - n];
      return Reflect.get(t, k, receiver);
    },
    set: (t, k, v) => {
      if (k === 'length') {
        if (typeof v !== 'number' || v < n) return false;
        t.length = v - n;
        return true;
      }
      const i = indexOf(k);
      if (i < n) return false;
      t[i - n] = v as Message;
      return true;
    },
    has: (t, k) => {
      const i = indexOf(k);
      return i >= 0 ? i < n + t.length : Reflect.has(t, k);
    },
    ownKeys: (t) => [...Array.from({ length: n + t.length }, (_, i) => String(i)), 'length'],
    getOwnPropertyDescriptor: (t, k) => {
      if (k === 'length') return { value: n + t.length, writable: true, enumerable: false, configurable: false };
      const i = indexOf(k);
      if (i < 0 || i >= n + t.length) return undefined;
      return { value: i < n ? base[i] : t[i - n], writable: true, enumerable: true, configurable: true };
    },
    defineProperty: () => false,
    deleteProperty: () => false,
  });
  carryMessageIds(base, list);
  return list;
}

/** An array index key as a number, or -1. */
function indexOf(k: string | symbol): number {
  if (typeof k !== 'string' || k.length === 0 || k.length > 10) return -1;
  const i = Number(k);
  return Number.isInteger(i) && i >= 0 && String(i) === k ? i : -1;
}
