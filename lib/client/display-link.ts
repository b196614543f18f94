import { LOCALES, type AppLocale } from '../i18n/locales';

/**
 * A wall screen's link: `/display?lang=<zh-CN|en|both>[&incident=<id>]#t=<display token>`.
 * The token rides in the fragment, which browsers never send to the server, so it
 * stays out of access logs and Referer headers (docs/security.md). `incident`
 * opens one incident of an all-active screen.
 */
export const DISPLAY_PATH = '/display';
export const DISPLAY_LANGS = [...LOCALES, 'both'] as const;
export type DisplayLang = (typeof DISPLAY_LANGS)[number];

export function isDisplayLang(value: string | null | undefined): value is DisplayLang {
  return (DISPLAY_LANGS as readonly string[]).includes(value ?? '');
}

/** The languages a screen shows, in turn when there are two. */
export function displayLocales(lang: DisplayLang): readonly AppLocale[] {
  return lang === 'both' ? LOCALES : [lang];
}

/** The path, query and fragment of a display link (prefix the origin to share it). */
export function displayHref({ token, lang, incidentId }: { token: string; lang: DisplayLang; incidentId?: string }): string {
  const q = new URLSearchParams({ lang });
  if (incidentId) q.set('incident', incidentId);
  return `${DISPLAY_PATH}?${q}#${new URLSearchParams({ t: token })}`;
}

/** The display token in a location's fragment (`#t=…`), or null. */
export function tokenFromHash(hash: string): string | null {
  return new URLSearchParams(hash.replace(/^#/, '')).get('t') || null;
}
