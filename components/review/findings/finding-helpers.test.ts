import { describe, expect, it } from 'vitest';
import { opened, sequence, taskCreated } from '@/lib/domain/incident/fixtures';
import { seqAtOffset, stateAtSeq } from './finding-helpers';

describe('findings page helpers', () => {
  it('find the moment at a T+ offset (offsets are read by parseElapsed, lib/i18n/elapsed.test.ts)', () => {
    const events = [1, 2, 3].map((seq) => ({ seq, ts: 1_000 + seq * 60_000 }));
    expect(seqAtOffset(events as never, 1_000, 0)).toBe(1);
    expect(seqAtOffset(events as never, 1_000, 150_000)).toBe(2);
    expect(seqAtOffset(events as never, 1_000, 10_000_000)).toBe(3);
  });

  it('REV3: fold the incident to a moment with the live reducers (a task created later is not there)', () => {
    const events = sequence([opened(['fire', 'port']), taskCreated('00000000-0000-4000-8000-000000000001', 'fire'), taskCreated('00000000-0000-4000-8000-000000000002', 'port')], {
      incidentId: '00000000-0000-4000-8000-0000000000aa',
    });
    expect(Object.keys(stateAtSeq(events, 2)!.tasks)).toEqual(['00000000-0000-4000-8000-000000000001']);
    expect(Object.keys(stateAtSeq(events, 3)!.tasks)).toHaveLength(2);
  });
});
