import { describe, expect, it } from 'vitest';
import { asciiJson } from './ascii-json';

const SAMPLES = [
  '海关已核对舱单，等待化验结果',
  'emoji 🚢 beyond U+FFFF, a lone high surrogate \ud800 and low \udc00',
  'line\u2028separator\u2029paragraph, DEL \u007f, tilde ~, NUL \u0000, quote " and backslash \\',
  'Ünïcödé, café, 边检 — “quotes” ‘single’',
  '',
];

describe('asciiJson', () => {
  it('writes every character past ~ as a \\u escape: ASCII out, the same value back', () => {
    for (const s of SAMPLES) {
      const value = { s, nested: [{ s }, s.length], key: { [s]: s } };
      const text = asciiJson(JSON.stringify(value));
      expect(text).toMatch(/^[\x20-\x7e]*$/);
      expect(JSON.parse(text)).toEqual(value);
    }
  });

  it('returns an ASCII text as it is', () => {
    const text = JSON.stringify({ a: 'plain text', n: [1, 2, 3] });
    expect(asciiJson(text)).toBe(text);
  });

  it('escapes stored JSON texts spliced in raw the same way', () => {
    const raw = SAMPLES.map((s) => JSON.stringify({ text: s }));
    const text = asciiJson(`[${raw.join(',')}]`);
    expect(text).toMatch(/^[\x20-\x7e]*$/);
    expect(JSON.parse(text)).toEqual(SAMPLES.map((s) => ({ text: s })));
  });
});
