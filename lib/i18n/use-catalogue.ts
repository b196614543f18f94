'use client';

import { useQuery } from '@tanstack/react-query';
import { useLocale } from 'next-intl';
import { queryKeys } from '@/lib/client/query-keys';
import { isAppLocale, otherLocale, type AppLocale } from './locales';
import { loadMessages } from './messages';

const catalogueQuery = (locale: AppLocale) => ({
  queryKey: queryKeys.catalogue(locale),
  queryFn: () => loadMessages(locale),
  staleTime: Infinity,
  gcTime: Infinity,
  retry: 1,
});

/**
 * A message catalogue in the browser other than the page's own (a page has only its language's):
 * for words written into the record in both languages, the activation of a plan (SPEC PLAN1).
 * Read once, when asked for (`enabled`), a built file loaded on demand, then held by the page for
 * as long as it is open: the board asks for it ahead, where its person may activate a plan, so that
 * an activation made after the network went down has it too.
 */
export function useCatalogue(locale: AppLocale, enabled: boolean) {
  return useQuery({ ...catalogueQuery(locale), enabled });
}

/** The catalogue of the language other than the page's (useCatalogue), and which language that is. */
export function useOtherCatalogue(enabled: boolean) {
  const locale = useLocale();
  const other = otherLocale(isAppLocale(locale) ? locale : 'zh-CN');
  return { locale: other, messages: useCatalogue(other, enabled).data ?? null };
}

