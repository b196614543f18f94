import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../domain/errors';
import { AUDIT_ACTIONS } from '../protocol/http';
import { SESSION_END_REASONS } from '../protocol/socket';
import { auditActionKey } from './audit-action-key';
import en from '../../messages/en.json';
import zhCN from '../../messages/zh-CN.json';

type Tree = { [key: string]: string | Tree };

/** Flattens a catalogue to `a.b.c` → value. */
function flatten(tree: Tree, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === 'object') for (const [k, v] of flatten(value, path)) out.set(k, v);
    else out.set(path, value);
  }
  return out;
}

/** ICU arguments a message uses: `{name}` or `{count, plural, …}`. */
function argumentsOf(message: string): string[] {
  return [...new Set([...message.matchAll(/\{\s*([A-Za-z_]\w*)\s*[,}]/g)].map((m) => m[1]))].sort();
}

const catalogues = { 'zh-CN': flatten(zhCN), en: flatten(en) };

describe('message catalogues', () => {
  it('have the same keys in zh-CN and en', () => {
    const zhKeys = [...catalogues['zh-CN'].keys()].sort();
    const enKeys = [...catalogues.en.keys()].sort();
    expect(zhKeys.filter((k) => !catalogues.en.has(k)), 'missing in en').toEqual([]);
    expect(enKeys.filter((k) => !catalogues['zh-CN'].has(k)), 'missing in zh-CN').toEqual([]);
  });

  for (const [locale, messages] of Object.entries(catalogues)) {
    it(`${locale} has no empty or non-string value`, () => {
      const bad = [...messages].filter(([, v]) => typeof v !== 'string' || v.trim() === '').map(([k]) => k);
      expect(bad).toEqual([]);
    });
  }

  it('use the same ICU arguments in both languages', () => {
    const mismatched = [...catalogues['zh-CN']]
      .filter(([k, v]) => {
        const other = catalogues.en.get(k);
        return typeof v === 'string' && typeof other === 'string' && argumentsOf(v).join() !== argumentsOf(other).join();
      })
      .map(([k]) => k);
    expect(mismatched).toEqual([]);
  });

  it('translate every error code', () => {
    const missing = Object.values(ErrorCode).filter((code) => !catalogues['zh-CN'].has(`errors.codes.${code}`));
    expect(missing).toEqual([]);
  });

  it('translate every audit action and every reason a session ends', () => {
    for (const [locale, messages] of Object.entries(catalogues)) {
      const missing = [
        ...AUDIT_ACTIONS.map((a) => `admin.audit.actions.${auditActionKey(a)}`),
        ...SESSION_END_REASONS.map((r) => `login.ended.${r}`),
      ].filter((k) => !messages.has(k));
      expect(missing, locale).toEqual([]);
    }
  });
});
