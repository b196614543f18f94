'use client';

import { useEffect, useState } from 'react';
import { localDay } from '@/lib/i18n/local-date';

/** The current time, refreshed every `intervalMs` (for elapsed T+ and overdue marks). */
export function useNow(intervalMs = 15_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/**
 * Today in this browser's time zone (YYYY-MM-DD, as a date input writes it), checked each minute:
 * one clock for every overdue mark on an improvement plan (the findings page's and the report's).
 */
export function useToday(): string {
  return localDay(new Date(useNow(60_000)));
}
