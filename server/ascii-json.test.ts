import { describe, expect, it } from 'vitest';
import { asciiJson } from './ascii-json';
import { NON_ASCII_SAMPLES as SAMPLES } from './testing/text-samples';

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
