import { describe, expect, it } from 'vitest';
import { CSV_BOM, csvField, csvRow, parseCsv, toCsv } from './csv';

// SPEC REV5: the CSV exports are RFC 4180 with a UTF-8 BOM.
describe('csv (REV5)', () => {
  it('quotes commas, quotes and newlines, and doubles quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line 1\nline 2')).toBe('"line 1\nline 2"');
    expect(csvField('cr\r\nlf')).toBe('"cr\r\nlf"');
    expect(csvField(' padded ')).toBe('" padded "');
    expect(csvField(null)).toBe('');
    expect(csvField(42)).toBe('42');
    expect(csvField(-3)).toBe('-3');
  });

  it('keeps Chinese text as it is, and full-width commas need no quotes', () => {
    expect(csvField('消防救援，已到场')).toBe('消防救援，已到场');
    expect(csvField('海关, 边检')).toBe('"海关, 边检"');
  });

  it('defuses spreadsheet formulas', () => {
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('@cmd')).toBe("'@cmd");
  });

  it('writes a BOM and CRLF rows that read back to the same cells', () => {
    const rows = [
      ['1', '海关, "CUS"', 'two\nlines'],
      ['2', '', '泄漏 “C3” 堆场'],
    ];
    const text = toCsv(['seq', 'who', 'what'], rows);
    expect(text.startsWith(CSV_BOM)).toBe(true);
    expect(csvRow(['a', 'b'])).toBe('a,b\r\n');
    expect(parseCsv(text)).toEqual([['seq', 'who', 'what'], ...rows]);
  });
});
