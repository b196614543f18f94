'use client';

import { useLocale } from 'next-intl';
import { useMemo } from 'react';
import type { Agency } from '@/lib/domain/agencies';
import { useAgencies } from '@/lib/client/api/agencies';

export interface AgencyDirectory {
  list: Agency[];
  get: (code: string) => Agency | undefined;
  /** The agency's name in the active language; the code itself if unknown. */
  name: (code: string) => string;
  short: (code: string) => string;
  color: (code: string) => string;
}

const UNKNOWN_COLOR = '#64748b';

export function useAgencyDirectory(): AgencyDirectory {
  const { data } = useAgencies();
  const locale = useLocale();
  return useMemo(() => {
    const list = data ?? [];
    const byCode = new Map(list.map((a) => [a.code, a]));
    const get = (code: string) => byCode.get(code);
    return {
      list,
      get,
      name: (code) => {
        const a = get(code);
        if (!a) return code;
        return locale === 'en' ? a.nameEn : a.nameZh;
      },
      short: (code) => get(code)?.short ?? code.toUpperCase(),
      color: (code) => get(code)?.color ?? UNKNOWN_COLOR,
    };
  }, [data, locale]);
}
