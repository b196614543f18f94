'use client';

import { useTranslations } from 'next-intl';
import { useConnectionState, useDisconnectedSince } from '@/lib/client/sync-provider';
import { useClockFormat } from '@/lib/i18n/use-clock-format';
import { useBoard } from './board-context';

/** Says so when the board may be stale (not live) or is read-only (closed). */
export function StatusBanner() {
  const t = useTranslations('board');
  const connection = useConnectionState();
  const since = useDisconnectedSince();
  const { state } = useBoard();
  const clock = useClockFormat();
  return (
    <>
      {connection !== 'live' && (
        <p role="alert" data-testid="stale-banner" className="shrink-0 border-b border-amber-600 bg-amber-100 px-4 py-1.5 text-sm font-semibold text-amber-950">
          {since ? t('staleSince', { time: clock.time(since) }) : t('stale')}
        </p>
      )}
      {state.phase === 'closed' && (
        <p data-testid="closed-banner" className="shrink-0 border-b border-slate-400 bg-slate-200 px-4 py-1.5 text-sm font-semibold text-slate-800">
          {t('closed', { time: state.closedAt ? clock.dateTime(state.closedAt) : '' })}
        </p>
      )}
    </>
  );
}
