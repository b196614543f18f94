import { describe, expect, it } from 'vitest';
import { AuditQuery } from './http';

describe('AuditQuery', () => {
  it('takes a cursor either store gives (a SQLite row id, a Redis stream id) and refuses ones no store can page from', () => {
    for (const before of ['42', '1733558400000-0', '1733558400000-17', '18446744073709551615-18446744073709551615', '0-1'])
      expect(AuditQuery.safeParse({ before }).success, before).toBe(true);
    // Redis refused these as a range (the answer was 500, not BAD_REQUEST): past 64 bits, or before the first id.
    for (const before of ['18446744073709551616', '1-18446744073709551616', '0', '0-0', '00', '', '1-', 'abc', '1.5', '-1'])
      expect(AuditQuery.safeParse({ before }).success, before).toBe(false);
    expect(AuditQuery.parse({})).toEqual({ limit: 50 });
  });
});
