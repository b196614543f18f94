import { describe, expect, it } from 'vitest';
import { DEFAULT_AGENCIES, type Agency } from '@/lib/domain/agencies';
import { EXTRA_AGENCIES } from '@/server/demo/long-incident';
import { closeColourAgency, colourDifference, CLOSE_COLOUR_DIFFERENCE } from './close-colour';

const pairs = (list: readonly Agency[]) => list.flatMap((a, i) => list.slice(i + 1).map((b) => [a, b] as const));

describe('agency colours a wall screen can tell apart', () => {
  it('the default agencies, and the long demo incident\'s twelve, are pairwise at least CLOSE_COLOUR_DIFFERENCE apart', () => {
    for (const list of [DEFAULT_AGENCIES, [...DEFAULT_AGENCIES, ...EXTRA_AGENCIES]])
      for (const [a, b] of pairs(list)) expect(colourDifference(a.color, b.color), `${a.code} ${a.color} / ${b.code} ${b.color}`).toBeGreaterThanOrEqual(CLOSE_COLOUR_DIFFERENCE);
  });

  it('names the agency whose colour is closest, when one is close', () => {
    const customs = DEFAULT_AGENCIES.find((a) => a.code === 'customs')!;
    // The old police indigo beside Customs' blue.
    const close = closeColourAgency('#4338ca', DEFAULT_AGENCIES, 'police');
    expect(close?.agency.code).toBe('customs');
    expect(close!.difference).toBeLessThan(CLOSE_COLOUR_DIFFERENCE);
    expect(closeColourAgency(customs.color, DEFAULT_AGENCIES)?.difference).toBe(0);
    // Upper case is the same colour.
    expect(closeColourAgency('#1D4ED8', DEFAULT_AGENCIES)?.agency.code).toBe('customs');
  });

  it('says nothing of an agency\'s own colour, of a distinct colour, or of a colour still being typed', () => {
    for (const a of DEFAULT_AGENCIES) expect(closeColourAgency(a.color, DEFAULT_AGENCIES, a.code), a.code).toBeNull();
    expect(closeColourAgency('#facc15', DEFAULT_AGENCIES)).toBeNull();
    for (const typing of ['', '#', '#1d4e', '1d4ed8', '#1d4ed8f']) expect(closeColourAgency(typing, DEFAULT_AGENCIES), typing).toBeNull();
  });
});
