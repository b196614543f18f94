import { LOCALES, type AppLocale } from '../i18n/locales';

/**
 * A wall screen's link: `/display?lang=<zh-CN|en|both>[&incident=<id>][&theme=light]#t=<display token>`.
 * The token rides in the fragment, which browsers never send to the server, so it
 * stays out of access logs and Referer headers (docs/security.md). `incident`
 * opens one incident of an all-active screen; `theme=light` swaps the default
 * dark theme for a light one (bright rooms).
 */
export const DISPLAY_PATH = '/display';
export const DISPLAY_LANGS = [...LOCALES, 'both'] as const;
export type DisplayLang = (typeof DISPLAY_LANGS)[number];
export const DISPLAY_THEMES = ['dark', 'light'] as const;
export type DisplayTheme = (typeof DISPLAY_THEMES)[number];

export function isDisplayLang(value: string | null | undefined): value is DisplayLang {
  return (DISPLAY_LANGS as readonly string[]).includes(value ?? '');
}

/** The theme a link names: light only when it says so. */
export function displayTheme(value: string | null | undefined): DisplayTheme {
  return value === 'light' ? 'light' : 'dark';
}

/**
 * The languages a screen shows: one, or for `both` Chinese first with English
 * captions beside or beneath it, at once.
 */
export function displayLocales(lang: DisplayLang): readonly AppLocale[] {
  return lang === 'both' ? LOCALES : [lang];
}

export interface DisplayLinkParts {
  token: string;
  lang: DisplayLang;
  incidentId?: string;
  /** Default dark (left out of the link). */
  theme?: DisplayTheme;
}

/** The path, query and fragment of a display link (prefix the origin to share it). */
export function displayHref({ token, lang, incidentId, theme }: DisplayLinkParts): string {
  const q = new URLSearchParams({ lang });
  if (incidentId) q.set('incident', incidentId);
  if (theme === 'light') q.set('theme', 'light');
  return `${DISPLAY_PATH}?${q}#${new URLSearchParams({ t: token })}`;
}

/** The display token in a location's fragment (`#t=…`), or null. */
export function tokenFromHash(hash: string): string | null {
  return new URLSearchParams(hash.replace(/^#/, '')).get('t') || null;
}
