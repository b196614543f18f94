import { describe, expect, it } from 'vitest';
import { detailsLong } from './task-details';

describe('a task card cuts its details to two lines, judged from the text', () => {
  it('a line of either script that fits two lines of a card is shown whole; longer, or on two lines, it is cut', () => {
    expect(detailsLong('Use AFFF from tender 2; keep upwind.')).toBe(false);
    expect(detailsLong('x'.repeat(66))).toBe(false);
    expect(detailsLong('x'.repeat(67))).toBe(true);
    // Chinese characters are about twice as wide: 34 take what 66 letters do.
    expect(detailsLong('泄'.repeat(34))).toBe(false);
    expect(detailsLong('泄'.repeat(35))).toBe(true);
    expect(detailsLong('Line one\nline two')).toBe(true);
  });
});
