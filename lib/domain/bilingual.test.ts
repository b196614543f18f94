import { describe, expect, it } from 'vitest';
import { bilingual, bilingualLang } from './bilingual';

describe('bilingualLang', () => {
  it('reads English data in the English locale and Chinese in any other', () => {
    expect(bilingualLang('en')).toBe('en');
    expect(bilingualLang('zh-CN')).toBe('zh');
    const name = bilingual('预案', 'Plan');
    expect([name[bilingualLang('en')], name[bilingualLang('zh-CN')]]).toEqual(['Plan', '预案']);
  });
});
