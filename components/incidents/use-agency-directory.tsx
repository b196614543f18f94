'use client';

import { useLocale } from 'next-intl';
import { createContext, useContext, type ReactNode } from 'react';
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
const NO_AGENCIES: Agency[] = [];

/**
 * One directory per agency list (the query's data, which changes only when refetched with other
 * content) and language, shared by every component that asks: the replay mounts a timeline
 * item and a message item per event in view on each slider move, and each built its own map.
 */
const directories = new WeakMap<Agency[], Map<string, AgencyDirectory>>();

export function agencyDirectory(list: Agency[], locale: string): AgencyDirectory {
  let byLocale = directories.get(list);
  if (!byLocale) directories.set(list, (byLocale = new Map()));
  let d = byLocale.get(locale);
  if (!d) {
    const byCode = new Map(list.map((a) => [a.code, a]));
    const get = (code: string) => byCode.get(code);
    d = {
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
    byLocale.set(locale, d);
  }
  return d;
}

/**
 * The agency list, from one query per page rather than one per component: the replay mounts
 * a timeline item and a message item per event in view on each slider move, and each
 * subscribed its own query observer (and dropped it when the item left the view), about a
 * millisecond of every move. The list is read here; the language stays each component's own
 * (a wall display captions Chinese labels in English below a provider of the other locale).
 */
const AgencyListContext = createContext<Agency[] | null>(null);

/** Around every page that shows agencies: signed-in pages (AuthGate) and wall displays (DisplayShell). */
export function AgencyListProvider({ children }: { children: ReactNode }) {
  const { data } = useAgencies();
  return <AgencyListContext.Provider value={data ?? NO_AGENCIES}>{children}</AgencyListContext.Provider>;
}

export function useAgencyDirectory(): AgencyDirectory {
  const list = useContext(AgencyListContext);
  const locale = useLocale();
  if (!list) throw new Error('useAgencyDirectory outside AgencyListProvider');
  return agencyDirectory(list, locale);
}
