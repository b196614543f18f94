import { kindOf } from '../domain/incident/event-kind';
import { csvRow, CSV_BOM } from '../csv';
import type { IncidentEvent } from '../domain/incident/events';
import { applyEvents } from '../domain/incident/evolve';
import type { IncidentState } from '../domain/incident/state';
import { formatElapsedSeconds } from '../i18n/elapsed';
import { STAMP_FIELDS } from '../i18n/locales';
import { describeEvent, type DescribeContext } from './describe-event';

/** The timeline CSV's columns (SPEC REV5), in order; headings are exports.csv.<column> in the chosen language. */
export const TIMELINE_COLUMNS = ['seq', 'time', 'localTime', 'elapsed', 'agency', 'actor', 'role', 'kind', 'description'] as const;

/**
 * One formatter per zone (localStamp runs per event), at most this many: zones come from
 * requests (`?tz=`), and one is ~38 KB. Past it the oldest is dropped; the routes send the
 * canonical name (canonicalTimeZone), so in use there are a handful.
 */
export const STAMP_FORMATS_MAX = 32;
const stampFormats = new Map<string, Intl.DateTimeFormat>();

/** "2026-03-07 14:05:09" in the given IANA time zone. */
export function localStamp(ms: number, timeZone: string): string {
  let f = stampFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { ...STAMP_FIELDS, timeZone });
    if (stampFormats.size >= STAMP_FORMATS_MAX) stampFormats.delete(stampFormats.keys().next().value!);
    stampFormats.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(ms).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** How many zones localStamp holds a formatter for (tests: it stays bounded). */
export function stampFormatCount(): number {
  return stampFormats.size;
}

/** The command centre's zone: PORTLINE_TIME_ZONE (its canonical name) if it is one this runtime knows, else the machine's. */
export function serverTimeZone(): string {
  const tz = process.env.PORTLINE_TIME_ZONE;
  return (tz && canonicalTimeZone(tz)) || Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/**
 * The runtime's own name of an IANA zone (any capitalisation in, one spelling out:
 * 'asia/SHANGHAI' → 'Asia/Shanghai'), or null when it knows no such zone.
 */
export function canonicalTimeZone(tz: string): string | null {
  try {
    return new Intl.DateTimeFormat('en', { timeZone: tz }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/**
 * The timeline as CSV text chunks: BOM + heading row, then one row per event
 * (folding the log as it goes, so task titles are those of the moment). Takes
 * the log page by page, so a long incident streams.
 */
export async function* timelineCsv(pages: AsyncIterable<readonly IncidentEvent[]>, c: DescribeContext & { timeZone: string }): AsyncGenerator<string> {
  yield CSV_BOM + csvRow(TIMELINE_COLUMNS.map((k) => c.t(`exports.csv.${k}`, { zone: c.timeZone })));
  let state: IncidentState | null = null;
  let openedAt: number | null = null;
  for await (const page of pages) {
    let chunk = '';
    for (const ev of page) {
      openedAt ??= ev.ts;
      chunk += csvRow([
        ev.seq,
        new Date(ev.ts).toISOString(),
        localStamp(ev.ts, c.timeZone),
        `T+${formatElapsedSeconds(openedAt, ev.ts)}`,
        ev.actor.agency ? c.agencyName(ev.actor.agency) : '',
        ev.actor.name,
        c.t(`roles.${ev.actor.role}`),
        c.t(`timeline.filters.kind.${kindOf(ev)}`),
        describeEvent(ev, state, c),
      ]);
      state = applyEvents(state, [ev], { handOver: true }); // the previous state is not kept: no copy per event
    }
    if (chunk) yield chunk;
  }
}
