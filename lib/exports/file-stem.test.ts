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
});
