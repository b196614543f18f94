import { describe, expect, it } from 'vitest';
import { opened, sequence } from './fixtures';
import { EventSequencer } from './sequencer';

const msg = (i: number) => ({ type: 'MessagePosted' as const, payload: { messageId: `m${i}`, text: `${i}`, toAgency: null, alert: false } });
const events = sequence([opened(), msg(2), msg(3), msg(4), msg(5)]);

describe('EventSequencer', () => {
  it('SYNC2: hands out only the contiguous run and waits at a gap', () => {
    const s = new EventSequencer();
    expect(s.take([events[0], events[2], events[3]], 0).map((e) => e.seq)).toEqual([1]);
    expect(s.waiting).toBe(true);
    expect(s.take([events[1]], 1).map((e) => e.seq)).toEqual([2, 3, 4]);
    expect(s.waiting).toBe(false);
  });
  it('SYNC2: ignores what is already applied and duplicates', () => {
    const s = new EventSequencer();
    expect(s.take([events[0], events[0], events[1]], 0).map((e) => e.seq)).toEqual([1, 2]);
    expect(s.take([events[1], events[0]], 2)).toEqual([]);
    expect(s.waiting).toBe(false);
  });
  it('SYNC2: forgets buffered events that a fetch already applied', () => {
    const s = new EventSequencer();
    s.take([events[4]], 1);
    expect(s.take([], 5)).toEqual([]);
    expect(s.waiting).toBe(false);
  });
});
