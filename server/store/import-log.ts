import type { IncidentEvent } from '../../lib/domain/incident/events';
import type { ReviewEntry } from '../../lib/protocol/review';

/** EventStore.importLog's answer. */
export type ImportLogResult =
  /** Every event and review entry written as given, command ids recorded, the last event published. */
  | { status: 'imported'; headSeq: number; reviewHeadSeq: number }
  /** The incident already has events, command ids or review entries here: nothing written. */
  | { status: 'exists'; headSeq: number };

export interface EncodedImport {
  /** Each event's stored JSON: seq and ts first (the layout both stores use), then the rest as given. */
  bodies: string[];
  /** commandId → JSON array of its seqs (the dedupe entries, SPEC IDEM1). */
  commands: Array<[string, string]>;
  /** The first event's ts: the incident's creation time. */
  firstTs: number;
  /** The review log's entries as stored (seq and ts first, then the rest as given), with their ids. */
  review: Array<{ id: string; seq: number; ts: number; json: string }>;
}

/** One stored row's JSON: seq and ts first (the layout of both stores' events and review entries), then the rest as given. */
function storedJson(seq: number, ts: number, rest: object): string {
  return `{"seq":${seq},"ts":${ts},${JSON.stringify(rest).slice(1)}`;
}

/**
 * Checks a log for EventStore.importLog and encodes it (shared by both stores;
 * imports neither). The caller (the import route) has checked the log fully
 * (lib/protocol/export.ts parseIncidentLog); these are the store's own invariants:
 * one incident, seq 1..n, ts never decreasing (SPEC SEQ1); the same of the review
 * log along its own seq 1..m, and its entry ids unique (SPEC REV3).
 */
export function encodeImport(incidentId: string, events: readonly IncidentEvent[], review: readonly ReviewEntry[]): EncodedImport {
  if (events.length === 0) throw new TypeError('importLog: at least one event');
  const bodies: string[] = [];
  const seqsOf = new Map<string, number[]>();
  let lastTs = 0;
  events.forEach((event, i) => {
    const { seq, ts, ...rest } = event;
    if (event.incidentId !== incidentId) throw new TypeError(`importLog: event ${event.id} belongs to another incident`);
    if (seq !== i + 1) throw new TypeError(`importLog: seq ${seq} at position ${i + 1}`);
    if (!Number.isSafeInteger(ts) || ts < lastTs) throw new TypeError(`importLog: ts of seq ${seq} goes back`);
    lastTs = ts;
    bodies.push(storedJson(seq, ts, rest));
    const seqs = seqsOf.get(event.commandId);
    if (seqs) seqs.push(seq);
    else seqsOf.set(event.commandId, [seq]);
  });
  const ids = new Set<string>();
  let lastReviewTs = 0;
  const encodedReview = review.map((entry, i) => {
    const { seq, ts, ...rest } = entry;
    if (entry.incidentId !== incidentId) throw new TypeError(`importLog: review entry ${entry.id} belongs to another incident`);
    if (seq !== i + 1) throw new TypeError(`importLog: review seq ${seq} at position ${i + 1}`);
    if (!Number.isSafeInteger(ts) || ts < lastReviewTs) throw new TypeError(`importLog: ts of review seq ${seq} goes back`);
    if (ids.has(entry.id)) throw new TypeError(`importLog: review entry id ${entry.id} twice`);
    ids.add(entry.id);
    lastReviewTs = ts;
    return { id: entry.id, seq, ts, json: storedJson(seq, ts, rest) };
  });
  return {
    bodies,
    commands: [...seqsOf].map(([id, seqs]) => [id, JSON.stringify(seqs)]),
    firstTs: events[0].ts,
    review: encodedReview,
  };
}
