import { localStamp } from './timeline-csv';

/**
 * A download's file name stem: the incident's title (letters and digits, dashes between) and its
 * opening date in `timeZone` (the command centre's, not UTC: an incident opened at 06:30 in
 * Shanghai on 8 March is the 8 March one, not the 7th).
 */
export function fileStem(title: string, openedAt: number, id: string, timeZone: string): string {
  // 60 code points, not UTF-16 units: a cut through a surrogate pair (𠀀, an emoji) would leave
  // half a character, which no file name can carry (encodeURIComponent throws on it).
  const safe = Array.from(title.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, ''))
    .slice(0, 60)
    .join('');
  return `${safe || id}-${localStamp(openedAt, timeZone).slice(0, 10)}`;
}
