import type { Finding, FindingRef, FindingVerdict, ImprovementItem, ImprovementStatus, ReviewEntry, ReviewLogView } from '../protocol/review';
import type { IncidentEvent } from './incident/events';
import { applyEvents } from './incident/evolve';
import { hasMessageId } from './incident/message-ids';
import type { IncidentState } from './incident/state';
import { authorizeReview } from './permissions';

/**
 * The review log folded into what people see (SPEC REV3): findings oldest moment
 * first (ties: the order they were written), each with its current wording (its
 * last FindingAmended), its earlier wordings and, once withdrawn, who withdrew it,
 * when and why (a withdrawn finding stays in the view); once reinstated, it stands
 * again with each withdrawal it undid and who reinstated it, when and why (a
 * reinstatement of a finding that stands changes nothing); improvement items in the
 * order they were added, each item's status the last ImprovementStatusChanged
 * applied to it, with every status it had (who set it, when). Entries about a
 * finding or item the log does not hold are ignored. Pure; entries must be in
 * review seq order.
 */
export function foldReview(incidentId: string, entries: readonly ReviewEntry[]): ReviewLogView {
  const findings = new Map<string, Finding>();
  const items = new Map<string, ImprovementItem>();
  let headSeq = 0;
  for (const e of entries) {
    headSeq = e.seq;
    switch (e.type) {
      case 'FindingAdded':
        findings.set(e.id, {
          id: e.id,
          incidentId,
          atSeq: e.finding.atSeq,
          atTs: e.finding.atTs,
          ref: e.finding.ref,
          verdict: e.finding.verdict,
          text: e.finding.text,
          author: e.actor,
          createdAt: e.ts,
          reviewSeq: e.seq,
          revision: e.seq,
          amended: null,
          earlier: [],
          withdrawn: null,
          reinstated: [],
        });
        break;
      case 'FindingAmended': {
        const f = findings.get(e.findingId);
        if (!f) break;
        const was = { verdict: f.verdict, text: f.text, by: f.amended?.by ?? f.author, at: f.amended?.at ?? f.createdAt };
        findings.set(f.id, {
          ...f,
          verdict: e.to.verdict,
          text: e.to.text,
          revision: e.seq,
          amended: { by: e.actor, at: e.ts },
          earlier: [...f.earlier, was],
        });
        break;
      }
      case 'FindingWithdrawn': {
        const f = findings.get(e.findingId);
        if (f) findings.set(f.id, { ...f, revision: e.seq, withdrawn: { by: e.actor, at: e.ts, reason: e.reason } });
        break;
      }
      case 'FindingReinstated': {
        // It stands again; the withdrawal it undoes stays in its history.
        const f = findings.get(e.findingId);
        if (f?.withdrawn)
          findings.set(f.id, {
            ...f,
            revision: e.seq,
            withdrawn: null,
            reinstated: [...f.reinstated, { withdrawn: f.withdrawn, by: e.actor, at: e.ts, reason: e.reason }],
          });
        break;
      }
      case 'ImprovementAdded':
        items.set(e.id, {
          id: e.id,
          incidentId,
          findingId: e.item.findingId,
          action: e.item.action,
          agency: e.item.agency,
          dueDate: e.item.dueDate,
          status: 'open',
          createdAt: e.ts,
          createdBy: e.actor,
          updatedAt: e.ts,
          updatedBy: e.actor,
          history: [{ status: 'open', by: e.actor, at: e.ts }],
        });
        break;
      case 'ImprovementStatusChanged': {
        const item = items.get(e.itemId);
        if (item)
          items.set(e.itemId, {
            ...item,
            status: e.to,
            updatedAt: e.ts,
            updatedBy: e.actor,
            history: [...item.history, { status: e.to, by: e.actor, at: e.ts }],
          });
        break;
      }
      default:
        // Checked here, ignored at run time: an entry kind a newer process wrote (a rolling restart) changes nothing.
        e satisfies never;
    }
  }
  const sorted = [...findings.values()].sort((a, b) => a.atSeq - b.atSeq || a.reviewSeq - b.reviewSeq);
  return { incidentId, headSeq, findings: sorted, improvements: [...items.values()] };
}

/** The findings that stand: not withdrawn (the after-action report leaves withdrawn ones out, SPEC REV3). */
export function standingFindings(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.withdrawn == null);
}

/** What the review's entries do to a finding (SPEC REV3): correct it, or plan an improvement from it. */
export type FindingAction = 'FindingAmended' | 'FindingWithdrawn' | 'FindingReinstated' | 'ImprovementAdded';

/**
 * SPEC REV3's rule for what may be done to a finding, as the log stands: it is there (else
 * 'no-finding'), and it stands (amend, withdraw, an improvement item from it; else 'withdrawn') or
 * it is withdrawn (reinstate; else 'not-withdrawn'). Null: allowed. The one statement of the rule:
 * the live routes (server/http/routes-review.ts) refuse by it, and an imported review log is
 * checked by it (reviewLogBreak), so the two cannot drift apart.
 */
export function findingActionBreak(finding: { withdrawn: unknown } | undefined, action: FindingAction): 'no-finding' | 'withdrawn' | 'not-withdrawn' | null {
  if (!finding) return 'no-finding';
  const withdrawn = finding.withdrawn != null && finding.withdrawn !== false;
  if (action === 'FindingReinstated') return withdrawn ? null : 'not-withdrawn';
  return withdrawn ? 'withdrawn' : null;
}

/** The first entry of a review log that a live review could not have written, and why. */
export interface ReviewLogBreak {
  seq: number;
  /** "review seq 4: finding f-1 is withdrawn; it cannot be amended" */
  message: string;
}

/**
 * Whether a review log is one the live review routes (server/http/routes-review.ts) could have
 * written beside this incident log (SPEC REV5): an imported review log must fold to what its
 * authors saw. Each finding's moment is an event of the log (atSeq within it, atTs that event's
 * time), its ref in the incident at that moment (a task created, a message posted, an agency taking
 * part: the reducer's own state, folded once); an amendment, withdrawal or reinstatement names a
 * finding written before it that stands (amend, withdraw) or is withdrawn (reinstate), an amendment's
 * `from` is the finding's wording then and its `to` another; an item from a finding names one that
 * stands; a status change names an item written before it, its `from` the item's status then and its
 * `to` another; each is by a role that may review (observer, commander, admin). Not checked: which
 * accounts wrote them (another installation's) and their times beyond
 * their order (parseIncidentLog's). Answers the first entry, by review seq, that breaks any of these
 * (null: none). Assumes review seq 1..m and the incident's seq 1..n in order.
 */
export function reviewLogBreak(entries: readonly ReviewEntry[], events: readonly IncidentEvent[]): ReviewLogBreak | null {
  const refs = new Map<number, Array<{ seq: number; ref: FindingRef }>>();
  // The entries in order, up to the first that breaks a rule; then the refs of those before it, at their moments.
  const first = entryBreak(entries, events, refs);
  const before = first?.seq ?? Infinity;
  return refBreak(refs, events, before) ?? first;
}

const wrong = (seq: number, why: string): ReviewLogBreak => ({ seq, message: `review seq ${seq}: ${why}` });
/** Why a withdrawn finding refuses each action, in the import's refusal (a reinstatement wants one withdrawn). */
const WITHDRAWN_WORDS: Record<Exclude<FindingAction, 'FindingReinstated'>, string> = {
  FindingAmended: 'it cannot be amended',
  FindingWithdrawn: 'it cannot be withdrawn again',
  ImprovementAdded: 'an item cannot come from it',
};

/** reviewLogBreak's walk of the entries: the first that breaks a rule, the refs of those before it noted in `refs` (by moment). */
function entryBreak(entries: readonly ReviewEntry[], events: readonly IncidentEvent[], refs: Map<number, Array<{ seq: number; ref: FindingRef }>>): ReviewLogBreak | null {
  const findings = new Map<string, { verdict: FindingVerdict; text: string; withdrawn: boolean }>();
  const items = new Map<string, ImprovementStatus>();
  /** The finding rule (findingActionBreak) for `action` by entry `seq`, worded for the import's refusal. */
  const allowed = (seq: number, findingId: string, action: FindingAction): ReviewLogBreak | null => {
    switch (findingActionBreak(findings.get(findingId), action)) {
      case 'no-finding':
        return wrong(seq, `no finding ${findingId} before it`);
      case 'withdrawn':
        return wrong(seq, `finding ${findingId} is withdrawn; ${WITHDRAWN_WORDS[action as Exclude<FindingAction, 'FindingReinstated'>]}`);
      case 'not-withdrawn':
        return wrong(seq, `finding ${findingId} is not withdrawn; there is nothing to reinstate`);
      case null:
        return null;
    }
  };
  for (const e of entries) {
    // Written by one who may review (an observer, a commander, an admin): the live routes refuse
    // everyone else before anything is read (SPEC REV4), so no such entry is in a log they wrote.
    if (authorizeReview(e.actor, 'AddFinding') !== null) return wrong(e.seq, `written by a ${e.actor.role}, who cannot review an incident`);
    switch (e.type) {
      case 'FindingAdded': {
        const { atSeq, atTs, ref, verdict, text } = e.finding;
        const event = events[atSeq - 1];
        if (!event) return wrong(e.seq, `atSeq ${atSeq} is past the incident's ${events.length} events`);
        if (atTs !== event.ts) return wrong(e.seq, `atTs ${atTs} is not the time of event ${atSeq} (${event.ts})`);
        if (ref) refs.set(atSeq, [...(refs.get(atSeq) ?? []), { seq: e.seq, ref }]);
        findings.set(e.id, { verdict, text, withdrawn: false });
        break;
      }
      case 'FindingAmended': {
        const broken = allowed(e.seq, e.findingId, e.type);
        if (broken) return broken;
        const f = findings.get(e.findingId)!;
        if (e.from.verdict !== f.verdict || e.from.text !== f.text) return wrong(e.seq, `its "from" is not finding ${e.findingId}'s wording then`);
        if (e.to.verdict === f.verdict && e.to.text === f.text) return wrong(e.seq, 'the amendment changes nothing');
        findings.set(e.findingId, { ...e.to, withdrawn: false });
        break;
      }
      case 'FindingWithdrawn': {
        const broken = allowed(e.seq, e.findingId, e.type);
        if (broken) return broken;
        findings.get(e.findingId)!.withdrawn = true;
        break;
      }
      case 'FindingReinstated': {
        const broken = allowed(e.seq, e.findingId, e.type);
        if (broken) return broken;
        findings.get(e.findingId)!.withdrawn = false;
        break;
      }
      case 'ImprovementAdded': {
        if (e.item.findingId) {
          const broken = allowed(e.seq, e.item.findingId, e.type);
          if (broken) return broken;
        }
        items.set(e.id, 'open');
        break;
      }
      case 'ImprovementStatusChanged': {
        const status = items.get(e.itemId);
        if (status === undefined) return wrong(e.seq, `no improvement item ${e.itemId} before it`);
        if (e.from !== status) return wrong(e.seq, `item ${e.itemId} is ${status}, the entry says from ${e.from}`);
        if (e.to === status) return wrong(e.seq, 'the status change changes nothing');
        items.set(e.itemId, e.to);
        break;
      }
      default:
        e satisfies never;
        return wrong((e as ReviewEntry).seq, 'an entry of an unknown type');
    }
  }
  return null;
}

/**
 * The first (by review seq, below `before`) finding whose ref is not in the incident at its moment:
 * one fold of the incident log up to the last moment with a ref, each checked at its seq.
 */
function refBreak(refs: ReadonlyMap<number, ReadonlyArray<{ seq: number; ref: FindingRef }>>, events: readonly IncidentEvent[], before: number): ReviewLogBreak | null {
  if (refs.size === 0) return null;
  const last = Math.max(...refs.keys());
  let state: IncidentState | null = null;
  let broken: ReviewLogBreak | null = null;
  for (const ev of events) {
    if (ev.seq > last) break;
    state = applyEvents(state, [ev], { handOver: true });
    for (const { seq, ref } of refs.get(ev.seq) ?? [])
      if (seq < before && (!broken || seq < broken.seq) && !refInState(ref, state!)) broken = wrong(seq, `its ${ref.kind} is not in the incident at event ${ev.seq}`);
  }
  return broken;
}

/**
 * Whether a finding's ref is in the incident's state: a task created, a message posted (where the state
 * holds every message: a full fold's does, a replay moment's only the newest), an agency taking part.
 */
export function refInState(ref: FindingRef, state: IncidentState): boolean {
  switch (ref.kind) {
    case 'task':
      return state.tasks[ref.taskId] !== undefined;
    case 'message':
      return hasMessageId(state.messages, ref.messageId);
    case 'agency':
      return state.agencies.includes(ref.agency);
  }
}
