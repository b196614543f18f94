'use client';

import { useTranslations } from 'next-intl';
import { useSyncExternalStore } from 'react';
import { deviceCopies } from '@/lib/client/offline/keeper';
import { useConnectionState, useDisconnectedSince } from '@/lib/client/sync-provider';
import { useLastUpdate } from '@/lib/client/use-incident';
import { useClockFormat } from '@/lib/i18n/use-clock-format';
import { useFeedBehind } from '@/lib/client/use-feed-behind';
import { isTransient, type DomainError } from '@/lib/domain/errors';
import { Button } from '@/components/ui/button';
import { useErrorText } from '@/components/ui/error-message';
import { useBoard } from './board-context';

/**
 * Says so when the board may be stale (not live; read over HTTP meanwhile: SPEC SYNC7; shown from
 * the device's copy: SYNC12; live, but the feed could not read what is new: SYNC3) or is read-only
 * (closed).
 */
export function StatusBanner({ error, heardAt }: { error: DomainError | null; heardAt: number | null }) {
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
              ? t('staleRead', { time: clock.nearSecond(last.at, Date.now()) })
              : since
              ? t('staleSince', { time: clock.nearSecond(since, Date.now()) })
              : t('stale')}
        </p>
      )}
      <BehindBanner error={error} heardAt={heardAt} live={connection === 'live'} />
      {state.phase === 'closed' && (
        // Dark, the page's first line: nothing on a closed board is to be acted on.
        <p data-testid="closed-banner" className="shrink-0 border-b border-slate-950 bg-slate-800 px-4 py-1.5 text-sm font-semibold text-white">
          {t('closed', { time: state.closedAt ? clock.dateTime(state.closedAt) : '' })}
        </p>
      )}
    </>
  );
}

/**
 * Live, but the board's feed could not read what is new (SPEC SYNC3, SYNC10): the board keeps what
 * it shows, and says since when it is not up to date and why. A transient failure (useFeedBehind:
 * after 10 s) is tried again by the feed itself; a refusal is not, and the page offers a reload,
 * which reads the incident afresh (changes not yet sent are kept on the device).
 */
function BehindBanner({ error, heardAt, live }: { error: DomainError | null; heardAt: number | null; live: boolean }) {
  const t = useTranslations('board.behind');
  const reload = useTranslations('pageProblem')('reload');
  const clock = useClockFormat();
  const text = useErrorText();
  const behind = useFeedBehind(error);
  if (!behind || !live) return null;
  const transient = isTransient(behind.code);
  return (
    <div role="alert" data-testid="behind-banner" data-code={behind.code} className="flex shrink-0 flex-wrap items-center gap-x-3 gap-y-1 border-b border-amber-600 bg-amber-100 px-4 py-1.5 text-sm font-semibold text-amber-950">
      <p>
        {t('title', { reason: text(behind, { feed: true }) })}
        {heardAt !== null && <> {t('last', { time: clock.nearSecond(heardAt, Date.now()) })}</>}{' '}
        {transient && t('retrying')}
      </p>
      {!transient && (
        <Button size="xs" data-testid="behind-reload" className="border-amber-700" onClick={() => window.location.reload()}>
          {reload}
        </Button>
      )}
    </div>
  );
}
