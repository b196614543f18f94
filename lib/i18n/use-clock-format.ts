'use client';

import { useLocale } from 'next-intl';
import { useMemo } from 'react';

/**
 * Formats instants in the browser's own time zone (people read local time on
 * the board), with the active locale's conventions.
 */
export function useClockFormat() {
  const locale = useLocale();
  return useMemo(() => {
    const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    const shortTime = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    const dateTime = new Intl.DateTimeFormat(locale, {
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    const stamp = new Intl.DateTimeFormat(locale, {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    return {
      /** 14:05:09 */
      time: (ms: number) => time.format(ms),
      /** 14:05 */
      shortTime: (ms: number) => shortTime.format(ms),
      /** 03/07 14:05 (locale order) */
      dateTime: (ms: number) => dateTime.format(ms),
      /** 2025/03/07 14:05:09 (locale order): records such as the audit log */
      stamp: (ms: number) => stamp.format(ms),
    };
  }, [locale]);
}
