import { localStamp } from './timeline-csv';

/**
 * A download's file name stem: the incident's title (letters and digits, dashes between) and its
 * opening date in `timeZone` (the command centre's, not UTC: an incident opened at 06:30 in
 * Shanghai on 8 March is the 8 March one, not the 7th).
 */
export function fileStem(title: string, openedAt: number, id: string, timeZone: string): string {
  const safe = title.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 60);
  return `${safe || id}-${localStamp(openedAt, timeZone).slice(0, 10)}`;
}
