import { describe, expect, it } from 'vitest';
import type { Agency } from '@/lib/domain/agencies';
import { agencyDirectory } from './use-agency-directory';

const list: Agency[] = [
  { code: 'fire', nameZh: '消防救援', nameEn: 'Fire and Rescue', short: 'FIRE', color: '#b91c1c' },
  { code: 'customs', nameZh: '海关', nameEn: 'Customs', short: 'CUS', color: '#1d4ed8' },
];

describe('agencyDirectory', () => {
  it('names agencies in the active language, and unknown codes by themselves', () => {
    const en = agencyDirectory(list, 'en');
    const zh = agencyDirectory(list, 'zh-CN');
    expect(en.name('fire')).toBe('Fire and Rescue');
    expect(zh.name('fire')).toBe('消防救援');
    expect(en.short('customs')).toBe('CUS');
    expect(en.color('customs')).toBe('#1d4ed8');
    expect(en.name('nobody')).toBe('nobody');
    expect(en.short('nobody')).toBe('NOBODY');
    expect(en.color('nobody')).toBe('#64748b');
    expect(en.get('fire')).toBe(list[0]);
    expect(en.list).toBe(list);
  });

  it('is one object per agency list and language, shared by every component that asks', () => {
    expect(agencyDirectory(list, 'en')).toBe(agencyDirectory(list, 'en'));
    expect(agencyDirectory(list, 'en')).not.toBe(agencyDirectory(list, 'zh-CN'));
    // A refetched list (a new array) gets its own: names follow what the server says now.
    const renamed = list.map((a) => (a.code === 'fire' ? { ...a, nameEn: 'Fire Brigade' } : a));
    expect(agencyDirectory(renamed, 'en')).not.toBe(agencyDirectory(list, 'en'));
    expect(agencyDirectory(renamed, 'en').name('fire')).toBe('Fire Brigade');
  });
});
