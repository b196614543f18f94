import { differenceCiede2000, modeLab65, modeRgb, useMode } from 'culori/fn';
import { isHexColour, type Agency } from '@/lib/domain/agencies';

/**
 * Below this CIEDE2000 difference two agency colours are hard to tell apart at a glance on a wall
 * screen: a lane's top edge, a replay tick, a chart bar (the name is always shown too, but people
 * across a command centre read the colour first). 10 keeps the default agencies apart (their
 * closest pairs are about 16) while catching a blue beside a blue (Customs' #1d4ed8 and the old
 * police indigo #4338ca were 7.4).
 */
export const CLOSE_COLOUR_DIFFERENCE = 10;

// culori (a kept colour library, rather than our own colour maths), its tree-shakeable entry: only
// the two colour spaces this needs are registered (hex is read as rgb; CIEDE2000 works in Lab D65).
useMode(modeRgb);
useMode(modeLab65);
const difference = differenceCiede2000();

/** How far apart two #rrggbb colours look (CIEDE2000; 0 the same, ~2 just noticeable). */
export function colourDifference(a: string, b: string): number {
  return difference(a, b);
}

/**
 * The agency whose colour is closest to `color`, when it is closer than CLOSE_COLOUR_DIFFERENCE
 * (the agency being edited, `except`, is not compared with itself); null when none is, or when
 * `color` is not #rrggbb yet (the form is still being typed).
 */
export function closeColourAgency(color: string, agencies: readonly Agency[], except?: string): { agency: Agency; difference: number } | null {
  if (!isHexColour(color)) return null;
  let best: { agency: Agency; difference: number } | null = null;
  for (const agency of agencies) {
    if (agency.code === except) continue;
    const d = colourDifference(color, agency.color);
    if (d < CLOSE_COLOUR_DIFFERENCE && (!best || d < best.difference)) best = { agency, difference: d };
  }
  return best;
}
