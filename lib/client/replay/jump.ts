import { asTyped, parseElapsed, saysOffset } from '../../i18n/elapsed';
import { seqAtTime, type Ticks } from './ticks';

export type JumpMode = 'clock' | 'offset';

const DAY_MS = 86_400_000;

/**
 * A date before a clock time, as typed after folding (`asTyped`): year-month-day or month-day with
 * '-' or '/' ("2026-12-06 14:05", "12-06 14:05", "12/06 14:05"), or the Chinese form ("2026年12月6日
 * 14:05", "12月6日 14:05", the space may be left out, 号 for 日). Groups: year, month, day (numeric
 * form), year, month, day (Chinese form), then the time.
 */
const DATED =
  /^\s*(?:(?:(\d{4})[-/])?(\d{1,2})[-/](\d{1,2})\s+|(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*(?:[日号]\s*|\s+))(\S.*)$/;

/** An English month name, short or whole, as the board shows it ("Dec") or written out ("December", "Sept."). */
const MONTH = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
/**
 * The English forms of a date before a clock time: the board's own order ("6 Dec, 14:05", "6 Dec
 * 2026, 14:05") and the American one ("Dec 6, 14:05", "Dec 6, 2026 14:05"), any case, commas
 * optional. Groups: day, month, year; month, day, year; then the time.
 */
const DATED_EN = new RegExp(
  `^\\s*(?:(\\d{1,2})\\s*${MONTH},?\\s+(?:(\\d{4}),?\\s+)?|${MONTH}\\s*(\\d{1,2}),?\\s+(?:(\\d{4}),?\\s+)?)(\\S.*)$`,
  'i',
);
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** A date typed before a clock time, in any of the forms above (month 1–12), or null when none was typed. */
type Dated = { year: string | undefined; month: number; day: number; time: string };

function readDated(text: string): Dated | null {
  const typed = asTyped(text);
  const m = DATED.exec(typed);
  if (m) return { year: m[1] ?? m[4], month: Number(m[2] ?? m[5]), day: Number(m[3] ?? m[6]), time: m[7] };
  const e = DATED_EN.exec(typed);
  if (!e) return null;
  const month = MONTHS.indexOf((e[2] ?? e[4]).slice(0, 3).toLowerCase()) + 1;
  return { year: e[3] ?? e[6], month, day: Number(e[1] ?? e[5]), time: e[7] };
}

/**
 * Where the replay's jump box goes: the last event at or before the time typed (to the second), or
 * why not. `clock`: a clock time in the browser's time zone, like the board, the first such time
 * from the incident's start; `offset`: T+ from the first event. A time written "T+…" is an offset
 * in either mode, and one written with a date before it ("12-07 08:00", "2026-12-07 08:00",
 * "12月7日 08:00", "7 Dec 08:00" as the English board writes it) is that day's clock time in
 * either mode: an incident longer than a day reaches its later days so. A date without its year is the first such date from the start. Full-width
 * colons, digits, hyphens, slashes, letters and commas are read as typed by Chinese input methods
 * (NFKC).
 */
export function jumpTarget(ticks: Ticks, text: string, mode: JumpMode): number | 'invalid' | 'outside' {
  const dated = readDated(text);
  let ts: number | null = null;
  if (dated) {
    const at = datedTs(ticks, dated);
    if (at === 'invalid') return 'invalid';
    ts = at;
  } else {
    const ms = parseElapsed(text);
    if (ms === null) return 'invalid';
    if (mode === 'offset' || saysOffset(text)) ts = ticks.firstTs + ms;
    else if (ms < DAY_MS) {
      const d = new Date(ticks.firstTs);
      setClock(d, ms);
      while (d.getTime() < ticks.firstTs - 999) {
        d.setDate(d.getDate() + 1);
        setClock(d, ms);
      }
      ts = d.getTime();
    }
  }
  if (ts === null || ts > ticks.lastTs + 999 || ts < ticks.firstTs - 999) return 'outside';
  return seqAtTime(ticks, ts + 999);
}

/** Whether `text` is read as a T+ offset in `mode` (as jumpTarget reads it): then "outside" names the incident's ends in T+ too. */
export function readsAsOffset(text: string, mode: JumpMode): boolean {
  return !saysDate(text) && (mode === 'offset' || saysOffset(text));
}

/** Whether `text` names a day before its clock time ("12-07 08:00", "12月7日 08:00"): then "outside" names days too. */
export function saysDate(text: string): boolean {
  return readDated(text) !== null;
}

/** The instant a dated clock time names, null when there is no such day in the incident's years, or 'invalid'. */
function datedTs(ticks: Ticks, { year: yearTyped, month, day, time }: Dated): number | null | 'invalid' {
  const ms = saysOffset(time) ? null : parseElapsed(time);
  if (ms === null || ms >= DAY_MS) return 'invalid';
  // A day no year has (13-01, 04-31, 02-30) is a mistake; 02-29 is a date (2000 was a leap year).
  if (!isDate(yearTyped === undefined ? 2000 : Number(yearTyped), month, day)) return 'invalid';
  const first = new Date(ticks.firstTs).getFullYear();
  const years = yearTyped !== undefined ? [Number(yearTyped)] : range(first, new Date(ticks.lastTs).getFullYear());
  let ts: number | null = null;
  for (const year of years) {
    if (!isDate(year, month, day)) continue;
    const d = new Date(ticks.firstTs);
    d.setFullYear(year, month - 1, day);
    setClock(d, ms);
    ts = d.getTime();
    if (ts >= ticks.firstTs - 999) break;
  }
  return ts;
}

/** Sets a local date's clock to `ms` after midnight (whole seconds). */
function setClock(d: Date, ms: number): void {
  d.setHours(Math.floor(ms / 3_600_000), Math.floor(ms / 60_000) % 60, Math.floor(ms / 1000) % 60, 0);
}

function isDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const d = new Date(2000, 0, 1);
  d.setFullYear(year, month, 0); // the last day of `month`
  return day <= d.getDate();
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/**
 * Whether the incident's first and last events fall on different calendar days in the browser's
 * zone: then a clock time alone may name more than one moment, so the jump box shows its date form
 * and its "outside" message names the ends with their dates.
 */
export function spansDays(ticks: Ticks): boolean {
  const a = new Date(ticks.firstTs);
  const b = new Date(ticks.lastTs);
  return a.getFullYear() !== b.getFullYear() || a.getMonth() !== b.getMonth() || a.getDate() !== b.getDate();
}

/**
 * The first and last whole minutes the jump box reaches, for an "outside" message that names them
 * to the minute (a date and "hh:mm"): an incident that began at 22:30:15 is reached from 22:31, as
 * "22:30" is before its first event.
 */
export function jumpEnds(ticks: Ticks): { from: number; to: number } {
  return { from: Math.ceil((ticks.firstTs - 999) / 60_000) * 60_000, to: Math.floor((ticks.lastTs + 999) / 60_000) * 60_000 };
}
