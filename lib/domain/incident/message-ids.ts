import type { Message } from './state';

/**
 * The message ids of a message list, for decide's "a message id is used once" (SPEC MSG1),
 * kept up as the list grows and carried over to the lists made from it, so that deciding a
 * PostMessage costs O(1) however long the incident, not a pass over every message so far.
 *
 * Message lists only ever grow at the end (the reducer appends, in place within a batch and
 * across batches with applyEvents' handOver) and are copied whole when a batch must not write
 * the one it was given (evolve.ts, a state someone else holds) or overlaid (overlay-messages.ts,
 * the committer's provisional states). A list and the lists made from it share one map
 * from id to the position(s) the id was seen at (a `family`); each list knows up to which
 * position its own messages have been noted there (`n`). A position noted for one list may
 * hold another message in a sibling (both grew after the copy), so a hit is checked against
 * the list itself (`list[p].id === id`): the map only says where to look, never that the id
 * is there. A copy starts from its original's `n` (the same messages below it), so it notes
 * only what is added to it: noting a late incident's 88,000 messages again, as a copy once
 * did, took 15–60 ms on its next PostMessage (docs/performance.md).
 */
type Family = Map<string, number | number[]>;

interface Noted {
  family: Family;
  /** Positions below this are noted in `family`. */
  n: number;
  /** The list this one was made from, and its length then: what noting this one also notes for it. */
  from: { noted: Noted; upTo: number } | null;
}

const noted = new WeakMap<readonly Message[], Noted>();

function fresh(list: readonly Message[]): Noted {
  const rec: Noted = { family: new Map(), n: 0, from: null };
  noted.set(list, rec);
  return rec;
}

function note(family: Family, id: string, at: number): void {
  const seen = family.get(id);
  if (seen === undefined) family.set(id, at);
  else if (typeof seen === 'number') {
    if (seen !== at) family.set(id, [seen, at]);
  } else if (!seen.includes(at)) seen.push(at);
}

/** Whether `list` holds a message with this id. Amortised O(1): each message is noted once per family. */
export function hasMessageId(list: readonly Message[], id: string): boolean {
  let rec = noted.get(list);
  // A list that got shorter is none the reducer made: noted afresh.
  if (!rec || rec.n > list.length) rec = fresh(list);
  for (; rec.n < list.length; rec.n++) note(rec.family, list[rec.n].id, rec.n);
  if (rec.from) {
    // The list it was copied from has the same messages below `upTo`: noted for it as well.
    const { noted: original, upTo } = rec.from;
    if (original.family === rec.family && original.n < upTo) original.n = upTo;
    rec.from = null;
  }
  const at = rec.family.get(id);
  if (at === undefined) return false;
  if (typeof at === 'number') return at < list.length && list[at].id === id;
  return at.some((p) => p < list.length && list[p].id === id);
}

/**
 * `to` was just made from `from` (the same messages, to be grown on its own from here):
 * it shares `from`'s noted ids instead of noting them all again. O(1).
 */
export function carryMessageIds(from: readonly Message[], to: readonly Message[]): void {
  const known = noted.get(from);
  const rec = known && known.n <= from.length ? known : fresh(from);
  // Only one step back is followed: a chain of copies keeps no list's record alive but its parent's.
  rec.from = null;
  noted.set(to, {
    family: rec.family,
    n: Math.min(rec.n, from.length),
    from: rec.n < from.length ? { noted: rec, upTo: from.length } : null,
  });
}
