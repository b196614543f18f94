import { describe, expect, it } from 'vitest';
import { displayHref, displayLocales, displayTheme, isDisplayLang, tokenFromHash } from './display-link';

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
});
