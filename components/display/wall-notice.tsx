'use client';

import { sameLocalDay } from '@/lib/i18n/use-clock-format';
import { Bi } from './wall-lang';
import { WallText } from './wall-words';

/**
 * When the wall began to show "unavailable" without having drawn since. Kept beside the notice, not
 * in it: each try to draw again mounts a new notice, and the time is the first failure's.
 */
let unavailableSince: number | null = null;

/** The wall drew an incident or its overview: a later failure is a new one. */
export function wallDrawn(): void {
  unavailableSince = null;
}

/**
 * hh:mm on the screen's clock, with YYYY-MM-DD before it when not today, from the Date's own fields: a
 * failure may be that the Intl formatters throw.
 */
export function hhmm(ms: number, now = Date.now()): string {
  const d = new Date(ms);
  const two = (v: number) => String(v).padStart(2, '0');
  // Another day's as YYYY-MM-DD, read one way in both languages ("03/06" is March or June).
  return `${sameLocalDay(ms, now) ? '' : `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} `}${two(d.getHours())}:${two(d.getMinutes())}`;
}

/**
 * What the wall shows before it has anything to show: it is connecting (and keeps
 * trying), never an error page. Only a revoked token stops it (DisplayNoticePage).
 * While a long incident's log loads, how much of it has (`progress`, SPEC SYNC5). When it could
 * not read or draw what it shows (`unavailable`), since when: a wall that failed an hour ago must
 * not look like one that is starting.
 */
export function WallNotice({ kind, progress }: { kind: 'connecting' | 'unavailable'; progress?: { applied: number; head: number } }) {
  const loading = kind === 'connecting' && progress !== undefined && progress.head > 0;
  // Noted the first time it shows (idempotent: a render again keeps the first time).
  const since = kind === 'unavailable' ? (unavailableSince ??= Date.now()) : null;
  return (
    <div role="status" data-testid="wall-connecting" data-kind={kind} className="flex flex-1 flex-col items-center justify-center p-[2rem] text-center">
      <p className="text-[2.2rem] font-bold">
        <Bi stack>{loading ? <WallText k="loadingProgress" values={progress} /> : <WallText k="connecting" />}</Bi>
      </p>
      {since !== null && (
        <p data-testid="wall-unavailable-since" className="mt-[1.2rem] text-[1.5rem] text-(--wall-muted)">
          <Bi stack>
            <WallText k="unavailableSince" values={{ time: hhmm(since) }} />
          </Bi>
        </p>
      )}
    </div>
  );
}
