import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_AGENCIES, type Agency } from '@/lib/domain/agencies';
import { NO_AGENCY_COLOUR } from '@/lib/client/replay/tick-strip';
import { EXTRA_AGENCIES } from '@/server/demo/long-incident';
import { closeColourAgency, colourDifference, CLOSE_COLOUR_DIFFERENCE } from './close-colour';

const pairs = (list: readonly Agency[]) => list.flatMap((a, i) => list.slice(i + 1).map((b) => [a, b] as const));
const agency = (code: string, color: string): Agency => ({ code, nameZh: code, nameEn: code, short: code.slice(0, 4).toUpperCase(), color });

/** The wall's backgrounds, panels and lines in both themes, as app/display/wall.css sets them. */
const wallColours = (): Array<[string, string]> =>
  [...readFileSync(new URL('../../app/display/wall.css', import.meta.url), 'utf8').matchAll(/--wall-(bg|panel|line):\s*(#[0-9a-f]{6})/gi)].map((m) => [m[1], m[2]]);

describe('agency colours a wall screen can tell apart', () => {
  const twelve = [...DEFAULT_AGENCIES, ...EXTRA_AGENCIES];

  it("the default agencies, and the long demo incident's twelve, are pairwise at least CLOSE_COLOUR_DIFFERENCE apart", () => {
    for (const list of [DEFAULT_AGENCIES, twelve])
      for (const [a, b] of pairs(list)) expect(colourDifference(a.color, b.color), `${a.code} ${a.color} / ${b.code} ${b.color}`).toBeGreaterThanOrEqual(CLOSE_COLOUR_DIFFERENCE);
  });

  it("each of them shows on the wall in both themes: apart from its backgrounds, panels and lines, and from the no-agency grey", () => {
    const wall = wallColours();
    expect(wall.length).toBe(6); // bg, panel, line × dark, light
    for (const a of twelve)
      for (const [name, hex] of [...wall, ['no agency', NO_AGENCY_COLOUR]])
        expect(colourDifference(a.color, hex), `${a.code} ${a.color} / ${name} ${hex}`).toBeGreaterThanOrEqual(CLOSE_COLOUR_DIFFERENCE);
  });

  it('names the agency whose colour is closest, when one or more are close', () => {
    // The old police indigo beside Customs' blue.
    const close = closeColourAgency('#4338ca', DEFAULT_AGENCIES, 'police');
    expect(close?.agency.code).toBe('customs');
    expect(close!.difference).toBeLessThan(CLOSE_COLOUR_DIFFERENCE);
    expect(closeColourAgency('#1d4ed8', DEFAULT_AGENCIES)?.difference).toBe(0);
    // Upper case is the same colour.
    expect(closeColourAgency('#1D4ED8', DEFAULT_AGENCIES)?.agency.code).toBe('customs');
    // Two close ones, the farther first in the list: the nearer is named.
    const two = [agency('far', '#2a46c8'), agency('near', '#1e4fd6')];
    expect(colourDifference('#1d4ed8', two[0].color)).toBeLessThan(CLOSE_COLOUR_DIFFERENCE);
    expect(colourDifference('#1d4ed8', two[0].color)).toBeGreaterThan(colourDifference('#1d4ed8', two[1].color));
    expect(closeColourAgency('#1d4ed8', two)?.agency.code).toBe('near');
    expect(closeColourAgency('#1d4ed8', [...two].reverse())?.agency.code).toBe('near');
  });

  it("says nothing of an agency's own colour, of a distinct colour, or of a colour still being typed", () => {
    for (const a of DEFAULT_AGENCIES) expect(closeColourAgency(a.color, DEFAULT_AGENCIES, a.code), a.code).toBeNull();
    expect(closeColourAgency('#facc15', DEFAULT_AGENCIES)).toBeNull();
    for (const typing of ['', '#', '#1d4e', '1d4ed8', '#1d4ed8f']) expect(closeColourAgency(typing, DEFAULT_AGENCIES), typing).toBeNull();
  });
});
