import { describe, expect, it } from 'vitest';
import { standingFindings } from '@/lib/domain/review';
import type { ReviewLogView } from '@/lib/protocol/review';
import { withCorrectionDefaults } from './review';

describe('the review log as a process of the version before corrections answers it (a rolling restart)', () => {
  // What that version sent: no withdrawn, amended, earlier, revision; no history on items.
  const old = {
    incidentId: 'i1',
    headSeq: 2,
    findings: [{ id: 'f1', reviewSeq: 1, atSeq: 5, verdict: 'improvement', text: 'Late', ref: null, author: { userId: 'u', name: 'Zhao', agency: null, role: 'observer' }, createdAt: 1 }],
    improvements: [{ id: 'i1', findingId: 'f1', action: 'Drill more', agency: 'fire', dueDate: '2027-01-01', status: 'open', createdBy: { userId: 'u', name: 'Zhao', agency: null, role: 'observer' }, createdAt: 2 }],
  } as unknown as ReviewLogView;

  it('REV3: its findings stand (the report does not leave them out as withdrawn) and the page finds empty histories, not undefined', () => {
    expect(standingFindings(old.findings)).toHaveLength(1);
    const v = withCorrectionDefaults(old);
    expect(standingFindings(v.findings)).toHaveLength(1);
    expect(v.findings[0]).toMatchObject({ withdrawn: null, amended: null, earlier: [], revision: 1 });
    // Nor reinstatements (a version before them): never reinstated, an empty list the page can map.
    expect(v.findings[0].reinstated).toEqual([]);
    expect(v.improvements[0].history).toEqual([]);
  });
});
