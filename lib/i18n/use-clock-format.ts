'use client';

import { useLocale } from 'next-intl';
import { STAMP_FIELDS } from './locales';

/**
 * Formats instants in the browser's own time zone (people read local time on
 * the board), with the active locale's conventions.
 */
export function useClockFormat() {
  return clockFormat(useLocale());
}

export type ClockFormat = ReturnType<typeof makeClockFormat>;
const cache = new Map<string, ClockFormat>();

/**
 * One set of formatters per locale, shared by every component: building an
 * Intl.DateTimeFormat costs far more than formatting with one, and a timeline or
 * message list mounts hundreds of items at once (replay, issue #5).
 */
export function clockFormat(locale: string): ClockFormat {
  let f = cache.get(locale);
  if (!f) {
    f = makeClockFormat(locale);
    cache.set(locale, f);
  }
  return f;
}

function makeClockFormat(locale: string) {
  const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
  const shortTime = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  // English dates name their month, day first ("6 Dec"): "12/06" is 6 December to an American
  // reader and 12 June to a British or Hong Kong one, on a board read by liaisons of both.
  const english = locale.startsWith('en');
  const dateLocale = english ? 'en-GB' : locale;
  const day: Intl.DateTimeFormatOptions = english ? { day: 'numeric', month: 'short' } : { month: '2-digit', day: '2-digit' };
  const dateTime = new Intl.DateTimeFormat(dateLocale, { ...day, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const dayOnly = new Intl.DateTimeFormat(dateLocale, day);
  const stamp = new Intl.DateTimeFormat(dateLocale, english ? { ...STAMP_FIELDS, ...day } : STAMP_FIELDS);
  return {
    /** 14:05:09 */
    time: (ms: number) => time.format(ms),
    /** 14:05 */
    shortTime: (ms: number) => shortTime.format(ms),
    /** 03/07 14:05 in Chinese, 7 Mar, 14:05 in English */
    dateTime: (ms: number) => dateTime.format(ms),
    /** 03/07 in Chinese, 7 Mar in English */
    day: (ms: number) => dayOnly.format(ms),
    /**
     * 14:05 on the local day of `now`, else 03/08 14:05 (8 Mar, 14:05): a task due tomorrow morning, seen in the
     * afternoon of a day-long incident, must not read as due this morning.
     */
    nearTime: (ms: number, now: number) => (sameLocalDay(ms, now) ? shortTime.format(ms) : dateTime.format(ms)),
    /**
     * 14:05:09 on the local day of `now`, else 03/08 14:05:09 (8 Mar 14:05:09): when a screen last
     * heard from the server, to the second; a board left open overnight must not read yesterday's
     * 23:50 as today's.
     */
    nearSecond: (ms: number, now: number) => (sameLocalDay(ms, now) ? time.format(ms) : `${dayOnly.format(ms)} ${time.format(ms)}`),
    /** 2025/03/07 14:05:09 in Chinese, 7 Mar 2025, 14:05:09 in English: records such as the audit log */
    stamp: (ms: number) => stamp.format(ms),
    /**
     * The zone these times are in, at `ms`: "Asia/Shanghai (UTC+08:00)". For records printed or
     * handed on (report, ICS 214), whose reader may be in another zone.
     */
    zone: (ms: number) => zoneLabel(ms),
  };
}

/** One offset formatter for the zone the page runs in (made once, as this file's others are). */
let offsetFormat: { zone: string; format: Intl.DateTimeFormat } | null = null;

function zoneLabel(ms: number): string {
  // The zone the process runs in: the offset formatter's own (read from it, no formatter built).
  if (!offsetFormat) {
    const format = new Intl.DateTimeFormat('en', { timeZoneName: 'longOffset' });
    offsetFormat = { zone: format.resolvedOptions().timeZone || 'UTC', format };
  }
  const { zone } = offsetFormat;
  const name = offsetFormat.format.formatToParts(ms).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const offset = name === 'GMT' ? 'UTC+00:00' : name.replace('GMT', 'UTC');
  return `${zone} (${offset})`;
}

/** Whether two instants fall on the same day in the page's time zone. */
export function sameLocalDay(a: number, b: number): boolean {
  const x = new Date(a);
  const y = new Date(b);
  return x.getFullYear() === y.getFullYear() && x.getMonth() === y.getMonth() && x.getDate() === y.getDate();
}
