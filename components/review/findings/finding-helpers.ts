import type { IncidentEvent } from '@/lib/domain/incident/events';
import { applyEvents } from '@/lib/domain/incident/evolve';
import type { IncidentState } from '@/lib/domain/incident/state';
import type { Finding, FindingRef } from '@/lib/protocol/review';

/** The agency a finding is about: its agency ref, its task's agency, its message's sender's agency. */
export function findingAgency(ref: FindingRef | null, state: IncidentState): string | null {
  if (!ref) return null;
  switch (ref.kind) {
    case 'agency':
      return ref.agency;
    case 'task':
      return state.tasks[ref.taskId]?.agency ?? null;
    case 'message':
      return state.messages.find((m) => m.id === ref.messageId)?.actor.agency ?? null;
  }
}

export type VerdictFilter = 'all' | Finding['verdict'];

export function filterFindings(findings: readonly Finding[], state: IncidentState, verdict: VerdictFilter, agency: string): Finding[] {
  return findings.filter(
    (f) => (verdict === 'all' || f.verdict === verdict) && (agency === '' || findingAgency(f.ref, state) === agency),
  );
}

/**
 * The incident as it was right after event `seq`, folded by the same reducers
 * as the live board (applyEvents). `events` are the log from seq 1, in order.
 */
export function stateAtSeq(events: readonly IncidentEvent[], seq: number): IncidentState | null {
  const upTo = events.findIndex((e) => e.seq > seq);
  return applyEvents(null, upTo < 0 ? events : events.slice(0, upTo));
}

/** The last event at or before openedAt + offset (the first event when before it). */
export function seqAtOffset(events: readonly IncidentEvent[], openedAt: number, offsetMs: number): number {
  let seq = events[0]?.seq ?? 1;
  for (const e of events) {
    if (e.ts - openedAt > offsetMs) break;
    seq = e.seq;
  }
  return seq;
}

export function excerpt(text: string, max = 80): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

/** A due date 30 days from today, YYYY-MM-DD in the browser's zone. */
export function defaultDueDate(now = new Date()): string {
  const d = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 30);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
