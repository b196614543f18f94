'use client';

import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import Link from 'next/link';
import { useParams, usePathname } from 'next/navigation';
import { useOutboxCounts } from '@/lib/client/outbox-provider';
import { useConnectionState, useDisconnectedSince, useHasSync } from '@/lib/client/sync-provider';
import { useLongerThan } from '@/lib/client/use-shown-after';
import { UNANSWERED_SHOWN_MS } from '@/lib/client/within';
import { useClockFormat } from '@/lib/i18n/use-clock-format';
import { cx } from '@/components/ui/cx';
import { OfflineLinks } from './offline-links';
import { OutboxNotDurable } from './outbox-not-durable';

/** The incident whose pages these are (its board, /incidents/[id] and the pages under it); null on any other page. */
function useIncidentOfPage(): string | null {
  const { id } = useParams<{ id?: string }>();
  return usePathname().startsWith('/incidents/') && typeof id === 'string' ? id : null;
}

/** The dot beside the connection state's words, per state (the board's indicator and the wall's). */
export const CONNECTION_DOT = {
  connecting: 'bg-amber-400',
  live: 'bg-emerald-500',
  reconnecting: 'bg-amber-400 animate-pulse',
  offline: 'bg-red-500',
} as const;

/**
 * Connected / reconnecting / offline since hh:mm, in words and colour, with
 * how many of this account's changes wait in the outbox (also while they are
 * being sent), whether what this page sent is not through seconds later on a connection that
 * says it is up (UNANSWERED_SHOWN_MS), and how many wait for the person's decision. On the pages of one incident, how many
 * of those waiting belong to other incidents, leading to the board of the oldest of them (its own
 * board shows only its own); elsewhere, the count leads to the board of the one incident they all
 * belong to, if they do. Shown in the header of every
 * signed-in page (SPEC SYNC3, SYNC4); nothing where there is no connection (a one-time
 * password must be changed first). Beside it, where this browser cannot keep unsent changes over a
 * reload, a warning that says so (OutboxNotDurable). While the connection is down, every link of
 * the app asks the server before it leaves the page (OfflineLinks).
 */
export function ConnectionState() {
  return useHasSync() ? (
    <>
      <ConnectionStateShown />
      <OutboxNotDurable />
      <OfflineLinks />
    </>
  ) : null;
}

function ConnectionStateShown() {
  const t = useTranslations('connection');
  const state = useConnectionState();
  const since = useDisconnectedSince();
  const here = useIncidentOfPage();
  const { pending, elsewhere, elsewhereIncidents, elsewhereIn, onlyIn, refused, refusedIn, unansweredSince } = useOutboxCounts(here);
  // Connected, and what it sent is not through seconds later: the network may have gone quiet.
  const noAnswer = useLongerThan(state === 'live' ? unansweredSince : null, UNANSWERED_SHOWN_MS);
  const clock = useClockFormat();
  const toBoard = (incidentId: string, testId: string, children: ReactNode, className?: string) => (
    <BoardLink incidentId={incidentId} testId={testId} className={className}>
      {children}
    </BoardLink>
  );
  return (
    <span
      data-testid="connection-state"
      data-state={state}
      data-pending={pending}
      data-pending-elsewhere={elsewhere}
      data-refused={refused}
      data-since={since ?? undefined}
      data-no-answer={noAnswer || undefined}
      role="status"
      className={cx(
        'inline-flex shrink-0 items-center gap-1.5 rounded px-2 py-0.5 text-xs font-semibold whitespace-nowrap',
        state === 'offline' ? 'bg-red-800 text-white' : 'text-slate-100',
      )}
    >
      <span aria-hidden className={cx('size-2.5 shrink-0 rounded-full', CONNECTION_DOT[noAnswer ? 'reconnecting' : state])} />
      <span>
        {state === 'offline' && since ? t('offlineSince', { time: clock.nearTime(since, Date.now()) }) : t(state)}
        {pending > 0 && (
          <span data-testid="connection-pending">
            {' · '}
            {elsewhereIn
              ? t.rich('pendingElsewhere', {
                  count: pending,
                  elsewhere,
                  incidents: elsewhereIncidents,
                  link: (words) => toBoard(elsewhereIn, 'connection-pending-elsewhere', words),
                })
              : here === null && onlyIn
                ? toBoard(onlyIn, 'connection-pending-in', t('pending', { count: pending }))
                : t('pending', { count: pending })}
          </span>
        )}
        {noAnswer && (
          <span data-testid="connection-no-answer" className="text-amber-300">
            {' · '}
            {t('noAnswer')}
          </span>
        )}
        {refusedIn && (
          <>
            {' · '}
            {/* To the board that shows them: from any page, and for an incident no longer open to the person. */}
            {toBoard(refusedIn, 'connection-refused', t('refused', { count: refused }), 'text-amber-300')}
          </>
        )}
      </span>
    </span>
  );
}

/**
 * A link from the indicator to the board that shows what it counts; not prefetched (a server
 * render each, see AppHeader). These links show mostly while the connection is down: like every
 * link of the app then, a click asks the server first (OfflineLinks).
 */
function BoardLink({ incidentId, testId, className, children }: { incidentId: string; testId: string; className?: string; children: ReactNode }) {
  return (
    <Link data-testid={testId} href={`/incidents/${encodeURIComponent(incidentId)}`} prefetch={false} className={cx('underline underline-offset-2', className)}>
      {children}
    </Link>
  );
}
