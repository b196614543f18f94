import { describe, expect, it } from 'vitest';
import type { Actor } from './actor';
import type { ReviewEntry } from '../protocol/review';
import { foldReview } from './review';

const ann: Actor = { userId: 'u1', name: 'Ann', agency: null, role: 'observer' };
const bo: Actor = { userId: 'u2', name: 'Bo', agency: 'port', role: 'commander' };
const I = 'inc';

function finding(seq: number, id: string, atSeq: number): ReviewEntry {
  return { seq, ts: 1000 + seq, id, incidentId: I, actor: ann, type: 'FindingAdded', finding: { atSeq, atTs: atSeq * 10, ref: null, verdict: 'strength', text: id } };
}

describe('foldReview (SPEC REV3)', () => {
  it('REV3: findings oldest moment first (ties in the order written); an item’s status is its last change', () => {
    const entries: ReviewEntry[] = [
      finding(1, 'late', 9),
      finding(2, 'early', 2),
      finding(3, 'early-too', 2),
      { seq: 4, ts: 1004, id: 'item', incidentId: I, actor: ann, type: 'ImprovementAdded', item: { findingId: 'early', action: 'a', agency: 'fire', dueDate: '2027-01-01' } },
      { seq: 5, ts: 1005, id: 's1', incidentId: I, actor: bo, type: 'ImprovementStatusChanged', itemId: 'item', from: 'open', to: 'in_progress' },
      { seq: 6, ts: 1006, id: 's2', incidentId: I, actor: ann, type: 'ImprovementStatusChanged', itemId: 'item', from: 'in_progress', to: 'done' },
      { seq: 7, ts: 1007, id: 'other', incidentId: I, actor: bo, type: 'ImprovementAdded', item: { findingId: null, action: 'b', agency: 'port', dueDate: '2027-02-01' } },
    ];
    const v = foldReview(I, entries);
    expect(v.headSeq).toBe(7);
    expect(v.findings.map((f) => f.id)).toEqual(['early', 'early-too', 'late']);
    expect(v.findings[0]).toMatchObject({ atSeq: 2, atTs: 20, author: ann, createdAt: 1002, reviewSeq: 2 });
    expect(v.improvements.map((i) => [i.id, i.status])).toEqual([
      ['item', 'done'],
      ['other', 'open'],
    ]);
    expect(v.improvements[0]).toMatchObject({ createdBy: ann, createdAt: 1004, updatedBy: ann, updatedAt: 1006, findingId: 'early' });
    expect(foldReview(I, [])).toEqual({ incidentId: I, headSeq: 0, findings: [], improvements: [] });
  });
});
