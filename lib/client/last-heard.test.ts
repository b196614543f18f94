import { describe, expect, it } from 'vitest';
import { readLastHeard, recordLastHeard } from './last-heard';

function memory() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), m };
}

describe('the time this browser last heard from the server (SPEC SYNC12)', () => {
  it('is kept, and never moved back by an older word', () => {
    const store = memory();
    expect(readLastHeard(2_000, store)).toBeNull();
    recordLastHeard(1_500, store);
    expect(readLastHeard(2_000, store)).toBe(1_500);
    recordLastHeard(1_200, store); // another tab's older word
    expect(readLastHeard(2_000, store)).toBe(1_500);
    recordLastHeard(1_800.4, store);
    expect(readLastHeard(2_000, store)).toBe(1_800);
  });

  it('is not used when it is not a time or is after now (the clock set back since)', () => {
    const store = memory();
    recordLastHeard(5_000, store);
    expect(readLastHeard(4_000, store)).toBeNull();
    store.m.set('portline.lastHeard', 'soon');
    expect(readLastHeard(4_000, store)).toBeNull();
    // A time after now kept (the clock set back since) is replaced by the next word, not waited out.
    recordLastHeard(9_000, store, 9_000);
    recordLastHeard(3_000, store, 3_000);
    expect(readLastHeard(4_000, store)).toBe(3_000);
  });

  it('a storage that throws (refused, full) is nothing kept, not an error', () => {
    const broken = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(() => recordLastHeard(1_000, broken)).not.toThrow();
    expect(readLastHeard(2_000, broken)).toBeNull();
    expect(readLastHeard(2_000, null)).toBeNull();
  });
});
