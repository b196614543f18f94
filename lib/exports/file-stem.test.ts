import { describe, expect, it } from 'vitest';
import { fileStem } from './file-stem';

describe('REV5: a download’s file name', () => {
  it('carries the incident’s opening date in the command centre’s zone, not UTC', () => {
    const at = Date.parse('2026-03-07T22:30:00Z'); // 06:30 on 8 March in Shanghai
    expect(fileStem('Hazmat leak, yard C3', at, 'id-1', 'Asia/Shanghai')).toBe('Hazmat-leak-yard-C3-2026-03-08');
    expect(fileStem('Hazmat leak, yard C3', at, 'id-1', 'UTC')).toBe('Hazmat-leak-yard-C3-2026-03-07');
  });

  it('keeps letters and digits of any script, and falls back to the id', () => {
    const at = Date.parse('2026-03-08T02:00:00Z');
    expect(fileStem('危险品泄漏 / C3 堆场', at, 'id-1', 'Asia/Shanghai')).toBe('危险品泄漏-C3-堆场-2026-03-08');
    expect(fileStem('<>!', at, 'id-1', 'Asia/Shanghai')).toBe('id-1-2026-03-08');
  });

  it('cuts a long title at 60 whole characters, never through a surrogate pair, so the name can be sent', () => {
    const at = Date.parse('2026-03-08T02:00:00Z');
    // 𠀀 (U+20000) is one letter in two UTF-16 units: the 60th and 61st of this title.
    const stem = fileStem(`${'A'.repeat(59)}𠀀B`, at, 'id-1', 'Asia/Shanghai');
    expect(stem).toBe(`${'A'.repeat(59)}𠀀-2026-03-08`);
    expect(() => encodeURIComponent(stem)).not.toThrow();
    // Sixty characters of two units each are kept whole.
    expect(fileStem('𠀀'.repeat(70), at, 'id-1', 'UTC')).toBe(`${'𠀀'.repeat(60)}-2026-03-08`);
  });
});
