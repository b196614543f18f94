import { describe, expect, it } from 'vitest';
import { asAppLocale, negotiateLocale, otherLocale } from './locales';

describe('negotiateLocale', () => {
  it('defaults to zh-CN', () => {
    expect(negotiateLocale(null)).toBe('zh-CN');
    expect(negotiateLocale('')).toBe('zh-CN');
    expect(negotiateLocale('fr-FR, de;q=0.5')).toBe('zh-CN');
  });
  it('maps any Chinese or English tag', () => {
    expect(negotiateLocale('zh-TW')).toBe('zh-CN');
    expect(negotiateLocale('en-GB,en;q=0.9')).toBe('en');
  });
  it('honours q-values and order', () => {
    expect(negotiateLocale('fr;q=1, en;q=0.4, zh;q=0.8')).toBe('zh-CN');
    expect(negotiateLocale('en-US,zh-CN;q=0.9')).toBe('en');
    expect(negotiateLocale('zh;q=0, en;q=0.1')).toBe('en');
  });
});

describe('asAppLocale and otherLocale', () => {
  it('one of ours as it is, anything else the default; the other of the two', () => {
    expect(asAppLocale('en')).toBe('en');
    expect(asAppLocale('zh-CN')).toBe('zh-CN');
    expect(asAppLocale('fr')).toBe('zh-CN');
    expect(asAppLocale(undefined)).toBe('zh-CN');
    expect(otherLocale('en')).toBe('zh-CN');
    expect(otherLocale('zh-CN')).toBe('en');
  });
});
