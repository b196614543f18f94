import { describe, expect, it } from 'vitest';
import {
  DISPLAY_REVOKED_KEY,
  DISPLAY_TOKEN_KEY,
  displayHref,
  displayLocales,
  displayPath,
  displayTheme,
  forgetWallToken,
  isDisplayLang,
  keepWallToken,
  tokenFromHash,
  wallTokenOnLoad,
  type TabStorage,
} from './display-link';

/** A tab's sessionStorage; `refuses`: as a browser that will not keep anything. */
function tabStorage(refuses = false): TabStorage & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (k) => items.get(k) ?? null,
    setItem: (k, v) => {
      if (refuses) throw new DOMException('quota', 'QuotaExceededError');
      items.set(k, v);
    },
    removeItem: (k) => void items.delete(k),
  };
}

describe('display links', () => {
  it('carry the language in the query and the token in the fragment', () => {
    const href = displayHref({ token: 'pld_Ab-9_x', lang: 'both' });
    expect(href).toBe('/display?lang=both#t=pld_Ab-9_x');
    const url = new URL(href, 'https://board.example');
    expect(url.searchParams.get('lang')).toBe('both');
    expect(url.searchParams.has('t')).toBe(false);
    expect(tokenFromHash(url.hash)).toBe('pld_Ab-9_x');
  });

  it('name one incident of an all-active screen', () => {
    const url = new URL(displayHref({ token: 'pld_x', lang: 'en', incidentId: 'a1b2' }), 'https://board.example');
    expect(url.searchParams.get('incident')).toBe('a1b2');
    expect(tokenFromHash(url.hash)).toBe('pld_x');
  });

  it('name the light theme only when asked; dark is the default', () => {
    expect(displayHref({ token: 'pld_x', lang: 'en', theme: 'dark' })).toBe('/display?lang=en#t=pld_x');
    const url = new URL(displayHref({ token: 'pld_x', lang: 'en', incidentId: 'a1', theme: 'light' }), 'https://board.example');
    expect(url.searchParams.get('theme')).toBe('light');
    expect(displayTheme(url.searchParams.get('theme'))).toBe('light');
    expect(displayTheme(null)).toBe('dark');
    expect(displayTheme('neon')).toBe('dark');
  });

  it('read no token from an empty or foreign fragment', () => {
    expect(tokenFromHash('')).toBeNull();
    expect(tokenFromHash('#')).toBeNull();
    expect(tokenFromHash('#section-2')).toBeNull();
  });

  it('know the three languages', () => {
    expect(isDisplayLang('zh-CN') && isDisplayLang('en') && isDisplayLang('both')).toBe(true);
    expect(isDisplayLang('fr')).toBe(false);
    expect(isDisplayLang(null)).toBe(false);
    expect(displayLocales('both')).toEqual(['zh-CN', 'en']);
    expect(displayLocales('en')).toEqual(['en']);
  });

  it('link the views inside a screen without the token', () => {
    expect(displayPath({ lang: 'both' })).toBe('/display?lang=both');
    expect(displayPath({ lang: 'en', incidentId: 'a1', theme: 'light' })).toBe('/display?lang=en&incident=a1&theme=light');
    expect(displayPath({ lang: 'zh-CN', incidentId: 'a1' })).not.toContain('#');
    expect(displayHref({ token: 'pld_x', lang: 'en', incidentId: 'a1' })).toBe(`${displayPath({ lang: 'en', incidentId: 'a1' })}#t=pld_x`);
  });
});

describe('a wall screen keeps its token in its tab, not in its address', () => {
  it('takes the token from the fragment, keeps it in the tab, and says to take the fragment out', () => {
    const storage = tabStorage();
    expect(wallTokenOnLoad('#t=pld_A', storage)).toEqual({ token: { kind: 'token', token: 'pld_A' }, strip: true });
    expect(storage.items.get(DISPLAY_TOKEN_KEY)).toBe('pld_A');
  });

  it('a reload of the tab, with no fragment, finds the token it kept', () => {
    const storage = tabStorage();
    wallTokenOnLoad('#t=pld_A', storage);
    expect(wallTokenOnLoad('', storage)).toEqual({ token: { kind: 'token', token: 'pld_A' }, strip: false });
  });

  it('a new tab or a copied address (no fragment, nothing kept) has no token', () => {
    expect(wallTokenOnLoad('', tabStorage())).toEqual({ token: { kind: 'none' }, strip: false });
    expect(wallTokenOnLoad('#section-2', tabStorage()).token).toEqual({ kind: 'none' });
    expect(wallTokenOnLoad('', null).token).toEqual({ kind: 'none' });
  });

  it('a link with another token takes over from the one kept', () => {
    const storage = tabStorage();
    wallTokenOnLoad('#t=pld_A', storage);
    expect(wallTokenOnLoad('#t=pld_B', storage).token).toEqual({ kind: 'token', token: 'pld_B' });
    expect(wallTokenOnLoad('', storage).token).toEqual({ kind: 'token', token: 'pld_B' });
  });

  it('a refused token is forgotten: the tab keeps only that it was refused, until a link brings one again', () => {
    const storage = tabStorage();
    wallTokenOnLoad('#t=pld_A', storage);
    forgetWallToken(storage);
    expect(storage.items.has(DISPLAY_TOKEN_KEY)).toBe(false);
    expect([...storage.items.values()].join()).not.toContain('pld_A');
    expect(storage.items.get(DISPLAY_REVOKED_KEY)).toBeTruthy();
    expect(wallTokenOnLoad('', storage).token).toEqual({ kind: 'revoked' });
    expect(wallTokenOnLoad('#t=pld_B', storage).token).toEqual({ kind: 'token', token: 'pld_B' });
    expect(storage.items.has(DISPLAY_REVOKED_KEY)).toBe(false);
  });

  it('where the browser keeps nothing, the fragment stays (the wall\'s own reloads would lose the token otherwise)', () => {
    expect(wallTokenOnLoad('#t=pld_A', tabStorage(true))).toEqual({ token: { kind: 'token', token: 'pld_A' }, strip: false });
    expect(wallTokenOnLoad('#t=pld_A', null).strip).toBe(false);
    expect(keepWallToken(tabStorage(true), 'pld_A')).toBe(false);
    expect(() => forgetWallToken(tabStorage(true))).not.toThrow();
  });
});
