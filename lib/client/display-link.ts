import { LOCALES, type AppLocale } from '../i18n/locales';

/**
 * A wall screen's link: `/display?lang=<zh-CN|en|both>[&incident=<id>][&theme=light]#t=<display token>`.
 * The token rides in the fragment, which browsers never send to the server, so it
 * stays out of access logs and Referer headers (docs/security.md). `incident`
 * opens one incident of an all-active screen; `theme=light` swaps the default
 * dark theme for a light one (bright rooms).
 *
 * The screen takes the token out of its address bar as soon as it has read it and keeps it in
 * the tab's sessionStorage (a reload of that tab still has it; a copied address or a new tab
 * does not), so nobody can copy it off a screen in a corridor. Links on the screen itself
 * (`displayPath`) never carry it.
 */
export const DISPLAY_PATH = '/display';

/** Whether a page's path is a wall screen's (`/display`, or a page under it). */
export function isWallPath(pathname: string | null | undefined): boolean {
  return pathname === DISPLAY_PATH || !!pathname?.startsWith(`${DISPLAY_PATH}/`);
}
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

/** The path, query and fragment of a display link: what an admin shares (prefix the origin). */
export function displayHref({ token, ...view }: DisplayLinkParts): string {
  return `${displayPath(view)}#${new URLSearchParams({ t: token })}`;
}

/**
 * A view of the wall, without its token: the links and moves inside a screen, which already
 * holds the token (in memory and in the tab's sessionStorage).
 */
export function displayPath({ lang, incidentId, theme }: Omit<DisplayLinkParts, 'token'>): string {
  const q = new URLSearchParams({ lang });
  if (incidentId) q.set('incident', incidentId);
  if (theme === 'light') q.set('theme', 'light');
  return `${DISPLAY_PATH}?${q}`;
}

/** The display token in a location's fragment (`#t=…`), or null. */
export function tokenFromHash(hash: string): string | null {
  return new URLSearchParams(hash.replace(/^#/, '')).get('t') || null;
}

/** Where a wall screen's tab keeps its token once it has taken it out of the address bar. */
export const DISPLAY_TOKEN_KEY = 'portline.display.token';
/** Set, instead of the token, once the token was refused: a reload of that tab shows "revoked" again. */
export const DISPLAY_REVOKED_KEY = 'portline.display.revoked';

/** The tab's sessionStorage, as far as a wall screen uses it. */
export type TabStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** The tab's sessionStorage, or null where the browser refuses it (a wall's token and its reload marks live there). */
export function tabStorage(): TabStorage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

/** What a wall screen has to go on when it starts. */
export type WallToken = { kind: 'token'; token: string } | { kind: 'revoked' } | { kind: 'none' };

/**
 * Keeps a token read from a link in the tab's storage (and forgets that an earlier one was
 * refused). False when the browser refuses the storage: then the token stays in the address bar,
 * or the screen's own reloads would lose it.
 */
export function keepWallToken(storage: TabStorage | null, token: string): boolean {
  if (!storage) return false;
  try {
    storage.setItem(DISPLAY_TOKEN_KEY, token);
    storage.removeItem(DISPLAY_REVOKED_KEY);
    return storage.getItem(DISPLAY_TOKEN_KEY) === token;
  } catch {
    return false;
  }
}

/** The token was refused: the tab keeps only that it was, never the token. */
export function forgetWallToken(storage: TabStorage | null): void {
  if (!storage) return;
  try {
    storage.removeItem(DISPLAY_TOKEN_KEY);
    storage.setItem(DISPLAY_REVOKED_KEY, '1');
  } catch {
    // Nothing kept, nothing to forget.
  }
}

/**
 * A wall screen starting: the token in the link's fragment, kept in the tab's storage (`strip`:
 * take the fragment out of the address bar, once it is kept), or else the one this tab kept on an
 * earlier load, or else that this tab's token was refused, or else nothing.
 */
export function wallTokenOnLoad(hash: string, storage: TabStorage | null): { token: WallToken; strip: boolean } {
  const fromLink = tokenFromHash(hash);
  if (fromLink) return { token: { kind: 'token', token: fromLink }, strip: keepWallToken(storage, fromLink) };
  try {
    const kept = storage?.getItem(DISPLAY_TOKEN_KEY);
    if (kept) return { token: { kind: 'token', token: kept }, strip: false };
    if (storage?.getItem(DISPLAY_REVOKED_KEY)) return { token: { kind: 'revoked' }, strip: false };
  } catch {
    // A storage the browser refuses holds nothing.
  }
  return { token: { kind: 'none' }, strip: false };
}
