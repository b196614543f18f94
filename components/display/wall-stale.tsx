'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { useConnectionState, useDisconnectedSince, useLiveSince } from '@/lib/client/sync-provider';
import { useLastUpdate } from '@/lib/client/use-incident';
import { useClockFormat } from '@/lib/i18n/use-clock-format';
import { cx } from '@/components/ui/cx';
import { useNow } from '@/components/ui/use-now';
import { CONNECTION_DOT } from '@/components/shell/connection-state';
import { AlertIcon } from './wall-icons';
import { Bi } from './wall-lang';
import { WallText, type WallKey } from './wall-words';
import { useErrorText } from '@/components/ui/error-message';
import type { DomainError } from '@/lib/domain/errors';
import { useFeedBehind } from '@/lib/client/use-feed-behind';
import { useReloadForBadAnswers } from './wall-recovery';

/** Live / connecting / reconnecting / offline, always on screen, in words and colour. */
export function WallConnection() {
  const state = useConnectionState();
  return (
    <span
      data-testid="connection-state"
      data-state={state}
      role="status"
      className={cx(
        'inline-flex items-center gap-[0.4rem] rounded-[0.3rem] border border-(--wall-line) px-[0.5rem] text-[1rem] font-bold',
        state === 'offline' && 'border-red-500 bg-red-700 text-white',
      )}
    >
      <span aria-hidden className={cx('size-[0.75rem] rounded-full', CONNECTION_DOT[state])} />
      <Bi>
        <ConnectionWord state={state} />
      </Bi>
    </span>
  );
}

function ConnectionWord({ state }: { state: ReturnType<typeof useConnectionState> }) {
  return <>{useTranslations('connection')(state)}</>;
}

/**
 * After 10 s without a live connection (SyncProvider's "offline") the whole screen
 * says so, with the time of the last update (the connection lost, or last heard from if it went
 * silent: SPEC SYNC3; or the last read over HTTP since: SPEC SYNC7), until the socket is back and
 * has caught up.
 */
export function WallStaleOverlay() {
  const state = useConnectionState();
  const since = useDisconnectedSince();
  const last = useLastUpdate(since).at;
  if (state !== 'offline') return null;
  return <WallOverlay testId="wall-stale" title="stale.title" last={last} tail="stale.retrying" />;
}

/**
 * Live, but the incident's feed could not read what is new (SPEC SYNC3): refused (a bad answer,
 * the incident not found) or failing for 10 s (useFeedBehind). The whole screen says so, with when
 * it last showed the server's head, and what failed; the feed tries again by itself (a refusal
 * every 30 s on a wall), and answers that have not parsed for 2 minutes reload the page
 * (useReloadForBadAnswers). The connection's own overlay (above) stands for it while not live.
 */
export function WallBehindOverlay({ error, heardAt }: { error: DomainError | null; heardAt: number | null }) {
  const behind = useFeedBehind(error);
  useReloadForBadAnswers(error);
  const state = useConnectionState();
  if (!behind || state === 'offline') return null;
  return <WallOverlay testId="wall-behind" title="behind.title" last={heardAt} tail="behind.retrying" code={behind.code} />;
}

/**
 * Back from a break long enough to have said "not live" (the overlay above), the wall keeps what
 * it showed until it has caught up (SPEC SYNC5): meanwhile the whole screen says so, rather than
 * the old state under "Connected". Until the feed has shown the server's head on this connection
 * (`heardAt` at or after the connection came, which is stamped before the feed's join is sent);
 * a refusal or a failure is the "not up to date" overlay's.
 */
export function WallCatchingUpOverlay({ heardAt, failed }: { heardAt: number | null; failed: boolean }) {
  const state = useConnectionState();
  const liveSince = useLiveSince();
  // Cut off (offline) since this screen showed the incident, and not caught up since.
  const [cut, setCut] = useState(false);
  const caughtUp = state === 'live' && liveSince !== null && heardAt !== null && heardAt >= liveSince;
  useEffect(() => {
    if (state === 'offline') setCut(true);
    else if (caughtUp) setCut(false);
  }, [state, caughtUp]);
  if (!cut || state !== 'live' || caughtUp || failed) return null;
  return <WallOverlay testId="wall-catching-up" title="catchingUp.title" last={heardAt} tail="catchingUp.reading" />;
}

function WallOverlay({ testId, title, last, tail, code }: { testId: string; title: WallKey; last: number | null; tail: WallKey; code?: string }) {
  const clock = useClockFormat();
  // Its own clock: cut off, nothing else makes the wall render again, and past midnight the
  // last update must take its date.
  const now = useNow(60_000);
  return (
    <div data-testid={testId} data-code={code} className="pointer-events-none absolute inset-0 z-50 flex items-center justify-center border-[0.8rem] border-amber-400 bg-black/45">
      <div role="alert" className="w-full bg-amber-400 px-[2rem] py-[1.2rem] text-center text-black shadow-2xl">
        <p className="flex items-center justify-center gap-[0.8rem] text-[3rem] leading-tight font-black">
          <AlertIcon />
          <span>
            <Bi stack>
              <WallText k={title} />
            </Bi>
          </span>
        </p>
        <p className="mt-[0.4rem] text-[1.8rem] font-bold">
          {last !== null && (
            <span data-testid={`${testId}-since`} className="mr-[1.5rem]">
              <Bi>
                {/* A wall left over a weekend: Monday's screen must not read Friday's 17:42 as today's. */}
                <WallText k="stale.lastUpdate" values={{ time: clock.nearSecond(last, now) }} />
              </Bi>
            </span>
          )}
          <Bi>
            <WallText k={tail} />
          </Bi>
        </p>
        {code !== undefined && (
          <p data-testid={`${testId}-code`} className="mt-[0.3rem] text-[1.2rem] font-semibold">
            <Bi>
              <ErrorWords code={code} />
            </Bi>
          </p>
        )}
      </div>
    </div>
  );
}

/** What failed, in the catalogue's words for its code (a live feed's). */
function ErrorWords({ code }: { code: string }) {
  const reason = useErrorText()({ code, message: '' }, { feed: true });
  return <WallText k="behind.reason" values={{ reason }} />;
}
