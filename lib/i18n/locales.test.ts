import { describe, expect, it } from 'vitest';
import { negotiateLocale } from './locales';

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
