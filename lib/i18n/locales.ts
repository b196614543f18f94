/** The languages Portline speaks. Chinese first: the people on the board read it first. */
export const LOCALES = ['zh-CN', 'en'] as const;
export type AppLocale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: AppLocale = 'zh-CN';
/** The cookie the language switcher writes (next-intl's conventional name). */
export const LOCALE_COOKIE = 'NEXT_LOCALE';

/** Date and time to the second, 24-hour clock: the one set of fields for full timestamps (clock format, CSV). */
export const STAMP_FIELDS: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
};

/** The other of the two: the language words written for both are put in second. */
export function otherLocale(locale: AppLocale): AppLocale {
  return locale === 'en' ? 'zh-CN' : 'en';
}

export function isAppLocale(value: string | undefined | null): value is AppLocale {
  return value === 'zh-CN' || value === 'en';
}

/** One of ours as it is, else the default (a locale from next-intl is typed as any string). */
export function asAppLocale(value: string | undefined | null): AppLocale {
  return isAppLocale(value) ? value : DEFAULT_LOCALE;
}

/** Maps one language tag to ours: any zh-* is zh-CN, any en-* is en. */
function matchTag(tag: string): AppLocale | null {
  const primary = tag.toLowerCase().split('-')[0];
  if (primary === 'zh') return 'zh-CN';
  if (primary === 'en') return 'en';
  return null;
}

/**
 * Picks the best of our locales from an Accept-Language header, honouring
 * q-values; falls back to the default.
 */
export function negotiateLocale(acceptLanguage: string | null | undefined): AppLocale {
  if (!acceptLanguage) return DEFAULT_LOCALE;
  const ranked = acceptLanguage
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q ? Number(q.slice(2)) : 1;
      return { tag: tag.trim(), weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((r) => r.tag && r.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const r of ranked) {
    const match = matchTag(r.tag);
    if (match) return match;
  }
  return DEFAULT_LOCALE;
}

/** "Label: value" glue: a full-width colon in Chinese, ": " in English. */
export const colonOf = (locale: string): string => (locale.startsWith('zh') ? '：' : ': ');
