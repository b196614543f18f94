'use client';

import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { useOutboxCounts } from '@/lib/client/outbox-provider';
import { useConnectionState, useDisconnectedSince, useHasSync } from '@/lib/client/sync-provider';
import { useClockFormat } from '@/lib/i18n/use-clock-format';
import { cx } from '@/components/ui/cx';
import { OutboxNotDurable } from './outbox-not-durable';

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
 * being sent) and how many wait for the person's decision. Shown in the header of every
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
  const { pending, refused, refusedIn } = useOutboxCounts();
  const clock = useClockFormat();
  return (
    <span
      data-testid="connection-state"
      data-state={state}
      data-pending={pending}
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
        {pending > 0 && <span data-testid="connection-pending"> · {t('pending', { count: pending })}</span>}
        {refusedIn && (
          <>
            {' · '}
            {/* To the board that shows them: from any page, and for an incident no longer open to the person. */}
            <Link data-testid="connection-refused" href={`/incidents/${refusedIn}`} prefetch={false} className="text-amber-300 underline underline-offset-2">
              {t('refused', { count: refused })}
            </Link>
          </>
        )}
      </span>
    </span>
  );
}
