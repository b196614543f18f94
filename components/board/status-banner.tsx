'use client';

import { useTranslations } from 'next-intl';
import { useSyncExternalStore } from 'react';
import { deviceCopies } from '@/lib/client/offline/keeper';
import { useConnectionState, useDisconnectedSince } from '@/lib/client/sync-provider';
import { useLastUpdate } from '@/lib/client/use-incident';
import { useClockFormat } from '@/lib/i18n/use-clock-format';
import { useBoard } from './board-context';

/**
 * Says so when the board may be stale (not live; read over HTTP meanwhile: SPEC SYNC7; shown from
 * the device's copy: SYNC12) or is read-only (closed).
 */
export function StatusBanner() {
  const t = useTranslations('board');
  const connection = useConnectionState();
  const since = useDisconnectedSince();
  const last = useLastUpdate(since);
  const { state } = useBoard();
  const clock = useClockFormat();
  const copy = useSyncExternalStore(deviceCopies.subscribe, deviceCopies.get, () => null);
  // Shown from the device's copy, and not heard from the server since (useIncident clears it then).
  const keptAt = copy?.incidentId === state.id ? copy.asOf : null;
  return (
    <>
      {/* The device's copy says so even while the socket is live, until the catch-up has shown the
          server's head (SYNC5: an old moment is never shown as the present). */}
      {(connection !== 'live' || keptAt !== null) && (
        <p role="alert" data-testid="stale-banner" className="shrink-0 border-b border-amber-600 bg-amber-100 px-4 py-1.5 text-sm font-semibold text-amber-950">
          {keptAt !== null
            ? t('staleKept', { time: clock.nearTime(keptAt, Date.now()) })
            : last.overHttp && last.at !== null
              ? t('staleRead', { time: clock.time(last.at) })
              : since
              ? t('staleSince', { time: clock.time(since) })
              : t('stale')}
        </p>
      )}
      {state.phase === 'closed' && (
        // Dark, the page's first line: nothing on a closed board is to be acted on.
        <p data-testid="closed-banner" className="shrink-0 border-b border-slate-950 bg-slate-800 px-4 py-1.5 text-sm font-semibold text-white">
          {t('closed', { time: state.closedAt ? clock.dateTime(state.closedAt) : '' })}
        </p>
      )}
    </>
  );
}
