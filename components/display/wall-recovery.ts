'use client';

import { useEffect } from 'react';
import { useBrowserValue } from '@/lib/client/browser-value';
import { isWallPath, tabStorage, type TabStorage } from '@/lib/client/display-link';
import { serverAnswers } from '@/lib/client/server-answers';
import { useShownAfter } from '@/lib/client/use-shown-after';
import { ErrorCode, type DomainError } from '@/lib/domain/errors';

/**
 * How an unattended wall screen gets past a failure to draw (SPEC SYNC3): it tries again after
 * 5 s, and after 6 failures in a row reloads the page (the tab keeps the token in sessionStorage), but only
 * once the server answers: a reload while the server is away would leave the browser's own error
 * page on the wall, which nobody is there to reload. Until then it goes on trying every 5 s.
 * Used by the wall's own boundary (WallErrorBoundary, around the screen's content) and by the
 * app's error pages (app/error.tsx, app/global-error.tsx) when what failed is above it.
 */

/** How long the wall waits before drawing itself again after a failure. */
export const RETRY_MS = 5_000;
/** After this many failures in a row, it reloads the page (once the server answers). */
export const RELOAD_AFTER = 6;
/** A failure this long after the one before starts a new count: the wall drew in between. */
export const IN_A_ROW_MS = 60_000;
/** Failures in a row: one counter per boundary, kept while the page lives. */
export class FailuresInARow {
  private count = 0;
  private last = -Infinity;

  /** Counts a failure now; returns how many there have been in a row, this one included. */
  note(now = Date.now()): number {
    this.count = now - this.last > IN_A_ROW_MS ? 1 : this.count + 1;
    this.last = now;
    return this.count;
  }
}

/**
 * After RETRY_MS: reloads the page if this was the RELOAD_AFTER-th failure in a row and the
 * server answers, else calls `again` (draw once more). Returns what cancels it (the boundary
 * went away, or failed anew before it ran).
 */
export function scheduleRecovery(failures: number, again: () => void): () => void {
  let cancelled = false;
  const timer = setTimeout(async () => {
    const reload = failures >= RELOAD_AFTER && (await serverAnswers());
    if (cancelled) return;
    if (reload) window.location.reload();
    else again();
  }, RETRY_MS);
  return () => {
    cancelled = true;
    clearTimeout(timer);
  };
}

/** Failures of what lies above the wall's own boundary: the page's error component is mounted anew for each. */
const aboveTheWall = new FailuresInARow();

/** Whether this page is a wall screen (`/display`); false in a server render. */
export function useOnWallScreen(): boolean {
  return useBrowserValue(() => isWallPath(window.location.pathname), false);
}

/**
 * For the app's error pages: on a wall screen, recover as the wall's boundary does (`retry` is
 * Next's: it asks the server for the page again and draws it). Elsewhere a person is there to
 * choose, so nothing happens by itself.
 */
export function useWallRecovery(onWall: boolean, error: unknown, retry: () => void): void {
  useEffect(() => {
    if (!onWall) return;
    console.error('wall display: the page failed above the wall, trying again', error);
    return scheduleRecovery(aboveTheWall.note(), retry);
  }, [onWall, error, retry]);
}

/**
 * A wall whose reads have been refused as answers it cannot parse (BAD_RESPONSE) this long in a
 * row reloads the page (SPEC SYNC3): the server was most likely upgraded to a build whose answers
 * this page's code does not know, and only a reload brings the page's new code. The feed tries the
 * refusal again every 30 s meanwhile; a read that passes ends the count.
 */
export const BAD_ANSWERS_RELOAD_MS = 2 * 60_000;
/** Not again within this long of the last such reload (kept in the tab): a server that sends bad answers to every build is not reloaded in a loop. */
export const BAD_ANSWERS_RELOAD_EVERY_MS = 15 * 60_000;
/** Where the tab keeps when it last reloaded for bad answers. */
export const BAD_ANSWERS_RELOADED_KEY = 'portline.wall.reloadedForBadAnswers';

/**
 * Reloads the page now, or once BAD_ANSWERS_RELOAD_EVERY_MS has passed since the last such reload,
 * but only once the server answers (as above: never to the browser's error page; a server that does
 * not answer is tried again every RETRY_MS). Returns what cancels it.
 */
export function scheduleReloadForBadAnswers(storage: TabStorage | null, now = Date.now()): () => void {
  let cancelled = false;
  let timer: ReturnType<typeof setTimeout>;
  const last = Number(storage?.getItem(BAD_ANSWERS_RELOADED_KEY) ?? 0) || 0;
  const tryNow = async () => {
    const answers = await serverAnswers();
    if (cancelled) return;
    if (!answers) {
      timer = setTimeout(tryNow, RETRY_MS);
      return;
    }
    storage?.setItem(BAD_ANSWERS_RELOADED_KEY, String(Date.now()));
    window.location.reload();
  };
  // A clock set back since the last reload (a time stamp in the future) does not put it off for good.
  const wait = last > now ? 0 : Math.max(0, last + BAD_ANSWERS_RELOAD_EVERY_MS - now);
  timer = setTimeout(tryNow, wait);
  return () => {
    cancelled = true;
    clearTimeout(timer);
  };
}

/** On a wall: the reload above, once `error` has been BAD_RESPONSE for BAD_ANSWERS_RELOAD_MS in a row. */
export function useReloadForBadAnswers(error: DomainError | null): void {
  const long = useShownAfter(error?.code === ErrorCode.BAD_RESPONSE, BAD_ANSWERS_RELOAD_MS);
  useEffect(() => {
    if (!long) return;
    console.error('wall display: the server\'s answers have not parsed for 2 minutes; reloading the page for its current code');
    return scheduleReloadForBadAnswers(tabStorage());
  }, [long]);
}
