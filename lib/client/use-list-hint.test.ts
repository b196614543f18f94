import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { coalesceHints, LIST_HINT_DELAY } from './use-list-hint';

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

describe('SPEC OPS5: list hints (incidents:changed) are coalesced and jittered before a list reads again', () => {
  it('reads once after the random delay, however many hints came meanwhile', () => {
    const read = vi.fn();
    const c = coalesceHints(read, { minMs: 500, maxMs: 3000, random: () => 0.4 }); // 500 + 0.4 × 2500 = 1500 ms
    c.hint();
    vi.advanceTimersByTime(700);
    c.hint();
    c.hint();
    vi.advanceTimersByTime(799);
    expect(read).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(read).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(10_000);
    expect(read).toHaveBeenCalledTimes(1);
  });

  it('a hint after that read starts a new delay; the next read comes after it', () => {
    const read = vi.fn();
    const c = coalesceHints(read, { minMs: 500, maxMs: 3000, random: () => 0 });
    c.hint();
    vi.advanceTimersByTime(500);
    c.hint();
    expect(read).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(499);
    expect(read).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('spreads the reads of many lists over the range, never before its start nor after its end', () => {
    const at: number[] = [];
    const start = Date.now();
    for (let i = 0; i < 200; i++) coalesceHints(() => at.push(Date.now() - start)).hint();
    vi.advanceTimersByTime(LIST_HINT_DELAY.maxMs);
    expect(at).toHaveLength(200);
    expect(Math.min(...at)).toBeGreaterThanOrEqual(LIST_HINT_DELAY.minMs);
    expect(Math.max(...at)).toBeLessThanOrEqual(LIST_HINT_DELAY.maxMs);
    expect(new Set(at).size).toBeGreaterThan(50);
  });

  it('a cancelled read does not run (the list was closed)', () => {
    const read = vi.fn();
    const c = coalesceHints(read);
    c.hint();
    c.cancel();
    vi.advanceTimersByTime(LIST_HINT_DELAY.maxMs);
    expect(read).not.toHaveBeenCalled();
  });
});
