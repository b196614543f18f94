'use client';

import { useEffect, useState } from 'react';
import { displayLocales, type DisplayLang } from '@/lib/client/display-link';
import type { AppLocale } from '@/lib/i18n/locales';

/** How long a bilingual screen shows each language before switching to the other. */
export const DISPLAY_ALTERNATE_MS = 15_000;

/** The language to show now: the link's one, or Chinese and English in turn for `both`. */
export function useDisplayLocale(lang: DisplayLang): AppLocale {
  const locales = displayLocales(lang);
  const [turn, setTurn] = useState(0);
  useEffect(() => {
    if (locales.length < 2) return;
    const timer = setInterval(() => setTurn((n) => n + 1), DISPLAY_ALTERNATE_MS);
    return () => clearInterval(timer);
  }, [locales.length]);
  return locales[turn % locales.length];
}
