import type { Finding, ImprovementItem, ReviewEntry, ReviewLogView } from '../protocol/review';

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
