import { describe, expect, it } from 'vitest';
import { canonicalTimeZone, localStamp, STAMP_FORMATS_MAX, stampFormatCount } from './timeline-csv';

/** The i-th capitalisation of `s` (bit k of i upper-cases its k-th letter). */
function capitalisation(s: string, i: number): string {
  let k = 0;
  return [...s].map((c) => (/[a-z]/i.test(c) ? ((i >> k++) & 1 ? c.toUpperCase() : c.toLowerCase()) : c)).join('');
}

// SPEC REV5: the CSV exports' local times; `?tz=` comes from requests, so what it may cost is bounded.
describe('localStamp and time zone names (REV5)', () => {
  const MS = Date.UTC(2026, 2, 7, 6, 5, 9);

  it('1,000 capitalisations of one zone keep the formatter cache bounded, and all stamp the same', () => {
    const spellings = Array.from({ length: 1000 }, (_, i) => capitalisation('asia/shanghai', i));
    expect(new Set(spellings).size).toBe(1000);
    for (const tz of spellings) expect(localStamp(MS, tz)).toBe('2026-03-07 14:05:09');
    expect(stampFormatCount()).toBeLessThanOrEqual(STAMP_FORMATS_MAX);
  });

  it('canonicalTimeZone gives every spelling the runtime name (one cache entry), and null for an unknown zone', () => {
    const names = new Set(Array.from({ length: 1000 }, (_, i) => canonicalTimeZone(capitalisation('asia/shanghai', i))));
    expect([...names]).toEqual(['Asia/Shanghai']);
    expect(canonicalTimeZone('Mars/Olympus')).toBeNull();
    expect(canonicalTimeZone('')).toBeNull();
  });
});
