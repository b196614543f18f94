import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../domain/errors';
import { LIMITS } from '../domain/limits';
import { parseIncidentLog, utf8Length } from './export';

// SPEC REV5: the import's explicit limits, checked before any line is parsed.
describe('parseIncidentLog limits (REV5)', () => {
  it('refuses more events than LIMITS.importEvents with PAYLOAD_TOO_LARGE', () => {
    const r = parseIncidentLog('{}\n' + '{}\n'.repeat(LIMITS.importEvents + 1));
    expect('code' in r && r.code).toBe(ErrorCode.PAYLOAD_TOO_LARGE);
  });

  it('refuses more bytes than LIMITS.importBytes with PAYLOAD_TOO_LARGE', () => {
    const r = parseIncidentLog('x'.repeat(LIMITS.importBytes + 1));
    expect('code' in r && r.code).toBe(ErrorCode.PAYLOAD_TOO_LARGE);
  });

  it('an empty log or a missing header is BAD_REQUEST', () => {
    for (const text of ['\n\n', '{"format":"other"}\n']) {
      const r = parseIncidentLog(text);
      expect('code' in r && r.code).toBe(ErrorCode.BAD_REQUEST);
    }
  });

  it('counts UTF-8 bytes (Chinese 3, emoji 4)', () => {
    expect(utf8Length('a海🚢')).toBe(1 + 3 + 4);
  });
});
