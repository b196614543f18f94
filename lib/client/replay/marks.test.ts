import { afterEach, describe, expect, it } from 'vitest';
import { markReplay } from './marks';

describe('markReplay', () => {
  afterEach(() => performance.clearMarks('replay-rendered'));

  it('keeps a bounded number of marks per name, the newest among them', () => {
    for (let seq = 1; seq <= 1200; seq++) markReplay('replay-rendered', { seq });
    const marks = performance.getEntriesByName('replay-rendered', 'mark') as PerformanceMark[];
    expect(marks.length).toBeGreaterThan(0);
    expect(marks.length).toBeLessThanOrEqual(500);
    expect((marks.at(-1)!.detail as { seq: number }).seq).toBe(1200);
  });
});
