'use client';

import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { queryKeys } from '@/lib/client/query-keys';
import { within } from '@/lib/client/within';
import type { AppLocale } from './locales';
import { loadMessages, type Messages } from './messages';

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

/** The catalogue now if read, else as soon as it is, waiting at most `ms`; null if it cannot be had by then. */
export function catalogueWithin(qc: QueryClient, locale: AppLocale, ms: number): Promise<Messages | null> {
  return within(qc.ensureQueryData(catalogueQuery(locale)).catch(() => null), ms, null);
}

