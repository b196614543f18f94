'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { cx } from '../ui/cx';

/** The after-action pages of one incident (issue #5), one tab each. */
export const REVIEW_TABS = ['board', 'replay', 'metrics', 'findings', 'exports', 'report'] as const;
export type ReviewTab = (typeof REVIEW_TABS)[number];

export function reviewHref(incidentId: string, tab: ReviewTab): string {
  const base = `/incidents/${encodeURIComponent(incidentId)}`;
  return tab === 'board' ? base : `${base}/${tab}`;
}

/** Tabs between the board and the review pages; hidden when printing. */
export function ReviewNav({ incidentId }: { incidentId: string }) {
  const t = useTranslations('reviewNav');
  const pathname = usePathname();
  return (
    <nav aria-label={t('label')} className="print:hidden border-b border-slate-200 bg-white px-4">
      <ul className="flex flex-wrap gap-1">
        {REVIEW_TABS.map((tab) => {
          const href = reviewHref(incidentId, tab);
          const current = pathname === href;
          return (
            <li key={tab}>
              <Link
                href={href}
                // Not prefetched: each tab's prefetch is a server render (~100 ms of the server's
                // CPU, every tab, twice, on every page view); a click fetches its own.
                prefetch={false}
                aria-current={current ? 'page' : undefined}
                className={cx(
                  'inline-block border-b-2 px-3 py-2 text-sm font-medium focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-700',
                  current ? 'border-sky-700 text-sky-900' : 'border-transparent text-slate-700 hover:text-slate-950',
                )}
              >
                {t(tab)}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
