import { asTyped, parseSeq } from '../../i18n/elapsed';

/**
 * The moment shown for an event number asked for (a link's ?seq=, a move): itself when it is one
 * of the incident's events 1..head, else the nearest end (0 → the first, past the head → the last).
 * 0 when the incident has no events. The replay page's one bound (SPEC REV1).
 */
export function boundSeq(asked: number, head: number): number {
  return Math.max(Math.min(1, head), Math.min(asked, head));
}

/**
 * What the page tells a person whose link's moment (?seq=) it cannot show as asked (SPEC REV1):
 * - `pastEnd`: a number past the incident's last event; the last event is shown;
 * - `beforeStart`: 0 (events are numbered from 1); the first is shown;
 * - `notANumber`: anything parseSeq does not read as an event number ("abc", "12.5", "-3", "1e2",
 *   more than 12 digits); the page shows the latest event, following the live end as a link
 *   without a moment does. `text` is what the link said, trimmed, cut to LINK_TEXT_SHOWN characters.
 */
export type LinkNote = { kind: 'pastEnd'; asked: number; head: number } | { kind: 'beforeStart'; asked: number } | { kind: 'notANumber'; text: string };

/** How much of a link's unreadable moment the note quotes: enough to recognise it, not a paragraph. */
export const LINK_TEXT_SHOWN = 24;

/**
 * The note for a link's ?seq= (`param`: null when the link has none) on an incident whose last
 * event is `head`; null when there is nothing to say: no ?seq= or a blank one (the live end, as
 * asked), a moment 1..head (shown exactly), or an incident with no events yet (the page says so).
 */
export function linkedMomentNote(param: string | null, head: number): LinkNote | null {
  if (param === null || head < 1) return null;
  const typed = asTyped(param).trim();
  if (typed === '') return null;
  const asked = parseSeq(param);
  if (asked === null) {
    const chars = Array.from(param.trim());
    return { kind: 'notANumber', text: chars.length > LINK_TEXT_SHOWN ? `${chars.slice(0, LINK_TEXT_SHOWN - 1).join('')}…` : chars.join('') };
  }
  if (asked < 1) return { kind: 'beforeStart', asked };
  if (asked > head) return { kind: 'pastEnd', asked, head };
  return null;
}
