import type { Finding, ImprovementItem, ReviewEntry, ReviewLogView } from '../protocol/review';

/**
 * The review log folded into what people see (SPEC REV3): findings oldest moment
 * first (ties: the order they were written), improvement items in the order they
 * were added, each item's status the last ImprovementStatusChanged applied to it.
 * Pure; entries must be in review seq order.
 */
export function foldReview(incidentId: string, entries: readonly ReviewEntry[]): ReviewLogView {
  const findings: Finding[] = [];
  const items = new Map<string, ImprovementItem>();
  let headSeq = 0;
  for (const e of entries) {
    headSeq = e.seq;
    switch (e.type) {
      case 'FindingAdded':
        findings.push({
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
        });
        break;
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
        });
        break;
      case 'ImprovementStatusChanged': {
        const item = items.get(e.itemId);
        if (item) items.set(e.itemId, { ...item, status: e.to, updatedAt: e.ts, updatedBy: e.actor });
        break;
      }
    }
  }
  findings.sort((a, b) => a.atSeq - b.atSeq || a.reviewSeq - b.reviewSeq);
  return { incidentId, headSeq, findings, improvements: [...items.values()] };
}
