import { describe, expect, it } from 'vitest';
import { AuditQuery, EventsQuery } from './http';

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

describe('query numbers (EventsQuery, AuditQuery)', () => {
  it('are digits only: an empty, blank, signed or other-notation value is refused, not read as 0 or as a number', () => {
    expect(EventsQuery.parse({})).toEqual({ from: 1, limit: 1000 });
    expect(EventsQuery.parse({ from: '7', limit: '20' })).toEqual({ from: 7, limit: 20 });
    for (const from of ['', ' ', '0', '-1', '1.5', '1e2', '0x10', 'abc']) expect(EventsQuery.safeParse({ from }).success, from).toBe(false);
    for (const limit of ['', '0', '1001', '1e3']) expect(EventsQuery.safeParse({ limit }).success, limit).toBe(false);
    expect(AuditQuery.parse({ limit: '200' })).toEqual({ limit: 200 });
    for (const limit of ['', ' ', '201', '2e1']) expect(AuditQuery.safeParse({ limit }).success, limit).toBe(false);
  });
});
