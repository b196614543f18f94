import type { IncidentEvent } from '@/lib/domain/incident/events';
import { applyEvents } from '@/lib/domain/incident/evolve';
import type { IncidentState } from '@/lib/domain/incident/state';
import { heldAt, type TaskHolders } from '@/lib/domain/incident/event-kind';
import type { Finding } from '@/lib/protocol/review';
import { parseSeq } from '@/lib/i18n/elapsed';
import { localDay } from '@/lib/i18n/local-date';

/**
 * The agency a finding is about: its agency ref, the agency that held its task at the finding's
 * moment (SPEC REV3: refs as at `atSeq`; a task reassigned since stays under the agency it was
 * about), its message's sender's agency.
 */
export function findingAgency(finding: Pick<Finding, 'ref' | 'atSeq'>, state: IncidentState, holders: TaskHolders): string | null {
  const ref = finding.ref;
  if (!ref) return null;
  switch (ref.kind) {
    case 'agency':
      return ref.agency;
    case 'task':
      return heldAt(holders, ref.taskId, finding.atSeq) ?? state.tasks[ref.taskId]?.agency ?? null;
    case 'message':
      return state.messages.find((m) => m.id === ref.messageId)?.actor.agency ?? null;
  }
}

export type VerdictFilter = 'all' | Finding['verdict'];

export function filterFindings(findings: readonly Finding[], state: IncidentState, holders: TaskHolders, verdict: VerdictFilter, agency: string): Finding[] {
  return findings.filter(
    (f) => (verdict === 'all' || f.verdict === verdict) && (agency === '' || findingAgency(f, state, holders) === agency),
  );
}

/**
 * The agencies the findings filter offers: the incident's own, then every other agency a finding
 * is filed under (`findingAgency`), in the order of the findings. A task finding is filed under the
 * agency that held the task at its moment, which may have left the incident since: it can still be
 * filtered to.
 */
export function agencyFilterOptions(findings: readonly Finding[], state: IncidentState, holders: TaskHolders): string[] {
  const out = [...state.agencies];
  const seen = new Set(out);
  for (const f of findings) {
    const a = findingAgency(f, state, holders);
    if (a !== null && !seen.has(a)) {
      seen.add(a);
      out.push(a);
    }
  }
  return out;
}

/**
 * The entry ids of one form's attempts (SPEC REV3: the client chooses each entry's id, and an id
 * the review log holds is answered with the stored entry). Sent again unchanged (a retry after a
 * lost answer) an attempt keeps its id, so it is not added twice; once what is sent changed (an
 * edit after a failed try), it gets a new id, so the edit is written rather than answered with the
 * earlier content as a `duplicate`. Going back to content sent before reuses that attempt's id.
 */
export function attemptIds(fresh: () => string): { idFor(content: unknown): string } {
  const ids = new Map<string, string>();
  return {
    idFor(content) {
      const key = JSON.stringify(content);
      let id = ids.get(key);
      if (id === undefined) {
        id = fresh();
        ids.set(key, id);
      }
      return id;
    },
  };
}

/**
 * The incident as it was right after event `seq`, folded by the same reducers
 * as the live board (applyEvents). `events` are the log from seq 1, in order.
 */
export function stateAtSeq(events: readonly IncidentEvent[], seq: number): IncidentState | null {
  const upTo = events.findIndex((e) => e.seq > seq);
  return applyEvents(null, upTo < 0 ? events : events.slice(0, upTo));
}

/**
 * The event number typed in the add-finding form, or null when it is none of the incident's
 * (1…`head`): blank, not a whole number written in digits ("abc", "1.5", "1e2"), 0, or past the
 * last event. Full-width digits (a Chinese input method's) count, as in the T+ field beside it
 * (parseSeq, as the replay reads ?seq=). The form marks the field and shows no moment while it
 * is null, and does not send.
 */
export function typedSeq(text: string, head: number): number | null {
  const n = parseSeq(text);
  return n !== null && n >= 1 && n <= head ? n : null;
}

/**
 * The last event whose T+ as shown (to the second, rounded down: formatElapsedSeconds) is at or
 * before `offsetMs` (whole seconds, parseElapsed): typing the T+ an event shows finds that event,
 * as the replay's jump does. The first event when before it.
 */
export function seqAtOffset(events: readonly IncidentEvent[], openedAt: number, offsetMs: number): number {
  let seq = events[0]?.seq ?? 1;
  for (const e of events) {
    if (e.ts - openedAt > offsetMs + 999) break;
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
  return localDay(new Date(now.getFullYear(), now.getMonth(), now.getDate() + 30));
}

/** An item not done whose due day is before `today` (localDay): the plan and the report mark it overdue (SPEC REV3). */
export function itemOverdue(item: { status: string; dueDate: string }, today: string): boolean {
  return item.status !== 'done' && item.dueDate < today;
}
