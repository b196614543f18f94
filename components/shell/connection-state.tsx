'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useState, type MouseEvent, type ReactNode } from 'react';
import Link from 'next/link';
import { useParams, usePathname, useRouter } from 'next/navigation';
import { useOutboxCounts } from '@/lib/client/outbox-provider';
import { serverAnswers } from '@/lib/client/server-answers';
import { useConnectionState, useDisconnectedSince, useHasSync } from '@/lib/client/sync-provider';
import { useClockFormat } from '@/lib/i18n/use-clock-format';
import { cx } from '@/components/ui/cx';
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
 * being sent) and how many wait for the person's decision. On the pages of one incident, how many
 * of those waiting belong to other incidents, leading to the board of the oldest of them (its own
 * board shows only its own); elsewhere, the count leads to the board of the one incident they all
 * belong to, if they do. Shown in the header of every
 * signed-in page (SPEC SYNC3, SYNC4); nothing where there is no connection (a one-time
 * password must be changed first). Beside it, where this browser cannot keep unsent changes over a
 * reload, a warning that says so (OutboxNotDurable).
 */
export function ConnectionState() {
  return useHasSync() ? (
    <>
      <ConnectionStateShown />
      <OutboxNotDurable />
    </>
  ) : null;
}

function ConnectionStateShown() {
  const t = useTranslations('connection');
  const state = useConnectionState();
  const since = useDisconnectedSince();
  const here = useIncidentOfPage();
  const { pending, elsewhere, elsewhereIncidents, elsewhereIn, onlyIn, refused, refusedIn } = useOutboxCounts(here);
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
      role="status"
      className={cx(
        'inline-flex shrink-0 items-center gap-1.5 rounded px-2 py-0.5 text-xs font-semibold whitespace-nowrap',
        state === 'offline' ? 'bg-red-800 text-white' : 'text-slate-100',
      )}
    >
      <span aria-hidden className={cx('size-2.5 shrink-0 rounded-full', CONNECTION_DOT[state])} />
      <span>
        {state === 'offline' && since ? t('offlineSince', { time: clock.shortTime(since) }) : t(state)}
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

/** How long "cannot open it now" stays below a link to a board the server did not answer for. */
const UNREACHABLE_SHOWN_MS = 6_000;
/** How long a link waits for the server to answer before it says it cannot open the board now. */
const PROBE_MS = 4_000;

/**
 * A link from the indicator to the board that shows what it counts; not prefetched (a server
 * render each, see AppHeader). These links show mostly while the connection is down, where a
 * navigation that cannot reach the server would leave the person on the browser's error page, out
 * of the board they were using: while the socket is not live, the link asks the server first
 * (/healthz, a few seconds at most) and goes only if it answers; else it says so below itself
 * and the page stays. (A page that reads over HTTP while its socket cannot connect still goes.)
 * A click with a modifier (a new tab) is the browser's.
 */
function BoardLink({ incidentId, testId, className, children }: { incidentId: string; testId: string; className?: string; children: ReactNode }) {
  const t = useTranslations('connection');
  const router = useRouter();
  const live = useConnectionState() === 'live';
  const href = `/incidents/${encodeURIComponent(incidentId)}`;
  const [unreachable, setUnreachable] = useState(false);
  useEffect(() => {
    if (!unreachable) return;
    const timer = setTimeout(() => setUnreachable(false), UNREACHABLE_SHOWN_MS);
    return () => clearTimeout(timer);
  }, [unreachable]);
  const open = (e: MouseEvent<HTMLAnchorElement>) => {
    // Live: the server answered a moment ago; the link goes at once, as any other.
    if (live || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    void serverAnswers(PROBE_MS).then((answers) => (answers ? router.push(href) : setUnreachable(true)));
  };
  // The note hangs below the link, over the page: the header keeps its one line.
  return (
    <span className="relative">
      <Link data-testid={testId} href={href} prefetch={false} onClick={open} className={cx('underline underline-offset-2', className)}>
        {children}
      </Link>
      {unreachable && (
        <span
          data-testid="connection-board-unreachable"
          className="absolute top-full left-0 z-30 mt-2 rounded bg-slate-800 px-2 py-1 text-xs font-medium text-white shadow-lg ring-1 ring-white/30"
        >
          {t('boardUnreachable')}
        </span>
      )}
    </span>
  );
}
