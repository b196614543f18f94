import { describe, expect, it } from 'vitest';
import { detailsLong, textWidth, titleCut } from './task-details';

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

describe('textWidth', () => {
  it('counts a Chinese character about as two Latin letters (a card title over 66 gets its whole text on hover)', () => {
    expect(textWidth('Cool tank 7')).toBe(11);
    expect(textWidth('冷却罐')).toBeCloseTo(5.7);
    expect(titleCut('对7号罐实施冷却保护 Apply cooling to tank 7 and the two tanks beside it, from the upwind side')).toBe(true);
    // A plan's bilingual title of 70 letters' width: cut in a 15 rem lane, so it has its tooltip; one of 43 is not.
    expect(titleCut('Evacuate all workers from the affected block / 疏散事发箱区全部作业人员')).toBe(true);
    expect(titleCut('Triage everyone exposed / 对暴露人员检伤分类')).toBe(false);
  });
});
