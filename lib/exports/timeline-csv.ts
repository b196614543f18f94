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

const stampFormats = new Map<string, Intl.DateTimeFormat>();

/** "2026-03-07 14:05:09" in the given IANA time zone (one formatter per zone: this runs per event). */
export function localStamp(ms: number, timeZone: string): string {
  let f = stampFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { ...STAMP_FIELDS, timeZone });
    stampFormats.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(ms).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** The command centre's zone: PORTLINE_TIME_ZONE if it is one this runtime knows, else the machine's. */
export function serverTimeZone(): string {
  const tz = process.env.PORTLINE_TIME_ZONE;
  return tz && isTimeZone(tz) ? tz : Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** True when `tz` is an IANA zone this runtime knows. */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * The timeline as CSV text chunks: BOM + heading row, then one row per event
 * (folding the log as it goes, so task titles are those of the moment). Takes
 * the log page by page, so a long incident streams.
 */
export async function* timelineCsv(pages: AsyncIterable<readonly IncidentEvent[]>, c: DescribeContext & { timeZone: string }): AsyncGenerator<string> {
  yield CSV_BOM + csvRow(TIMELINE_COLUMNS.map((k) => c.t(`exports.csv.${k}`)));
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
