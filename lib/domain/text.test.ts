import { describe, expect, it } from 'vitest';
import { IncidentCommand } from './incident/commands';
import { fold, isCleanText } from './text';

describe('clean text', () => {
  it('LIM2: lone surrogates and control characters are refused; emoji, zero-width joiners, RTL text, tabs and newlines are kept', () => {
    for (const s of ['\ud800', 'a\udfffb', 'x\ud83d', 'NUL\u0000', 'bell\u0007', 'esc\u001b[31m', 'del\u007f']) expect(isCleanText(s), JSON.stringify(s)).toBe(false);
    for (const s of ['危险品泄漏', '👩🏽‍🚒🚒', 'zero\u200bwidth\u200d', 'ثم نفس', '\u202eoverride', 'a\tb\r\nc', '<script>alert(1)</script>'])
      expect(isCleanText(s), JSON.stringify(s)).toBe(true);
    const msg = (text: string) => IncidentCommand.safeParse({ type: 'PostMessage', messageId: '00000000-0000-4000-8000-000000000001', text }).success;
    expect(msg('Leak contained 🧯')).toBe(true);
    expect(msg('Leak\u0000contained')).toBe(false);
    expect(msg('Leak \ud83d contained')).toBe(false);
  });
});

describe('fold (one way to compare what people type: board search, plan titles)', () => {
  it('folds full-width forms and case, keeps Chinese and spaces as they are', () => {
    expect(fold('ＦＩＲＥ Tank ７')).toBe('fire tank 7');
    expect(fold('冷却７号罐')).toBe('冷却7号罐');
    expect(fold('Cool  tank')).toBe('cool  tank');
  });
});
