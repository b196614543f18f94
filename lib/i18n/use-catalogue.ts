'use client';

import { useQuery } from '@tanstack/react-query';
import { useLocale } from 'next-intl';
import { queryKeys } from '@/lib/client/query-keys';
import { asAppLocale, otherLocale } from './locales';
import { loadMessages } from './messages';

/**
 * The message catalogue of the language other than the page's (a page has only its own), and which
 * language that is: for words written into the record in both languages, the activation of a plan
 * (SPEC PLAN1). Read once, when asked for (`enabled`), a built file loaded on demand, then held by
 * the page for as long as it is open: the board asks for it ahead, where its person may activate a
 * plan, so that an activation made after the network went down has it too; and the service worker
 * keeps the built file (SPEC SYNC12), so a board reloaded with no network has it as well (e2e:
 * a-commander-reloads-the-board-on-a-dead-link-and-activates-the-plan-in-both-languages).
 */
export function useOtherCatalogue(enabled: boolean) {
  const locale = otherLocale(asAppLocale(useLocale()));
  const { data } = useQuery({ queryKey: queryKeys.catalogue(locale), queryFn: () => loadMessages(locale), enabled, staleTime: Infinity, gcTime: Infinity, retry: 1 });
  return { locale, messages: data ?? null };
}
