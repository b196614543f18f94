'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useSyncExternalStore } from 'react';
import { ErrorCode } from '../domain/errors';
import { readEventsPage } from './api/incident-log';
import { useDisplayToken } from './display-token';
import { emptySnapshot, httpReads, IncidentFeed, WALL_KEEP_EVENTS, WALL_RETRY_REFUSED_MS, type FeedSnapshot } from './incident-feed';
import { incidentKeys } from './incident-keys';
import { deviceCopies, incidentKeeper } from './offline/keeper';
import { fromKept, isRefusal } from './offline/snapshot-store';
import { queryKeys } from './query-keys';
import { useHelloCheck, useSyncSocket } from './sync-provider';

/**
 * Live state of one incident. The React Query cache holds the snapshot; the
 * feed keeps it current from socket events. Remounting resumes from the cached
 * seq instead of starting over (SPEC SYNC1). While the socket is down, the feed
 * reads the log over HTTP (with the wall screen's token on a wall; SPEC SYNC7).
 *
 * `keepFor` (a signed-in page: the account's id): the incident is also kept on the device
 * (SPEC SYNC12), and a page load that finds nothing in the page's cache starts from that copy,
 * shown at once, then caught up from its seq; loaded while the network is down, it is what the
 * person works on.
 */
export function useIncident(incidentId: string, keepFor?: string): FeedSnapshot {
  const qc = useQueryClient();
  const socket = useSyncSocket();
  const displayToken = useDisplayToken();
  const key = incidentKeys.live(incidentId);
  const { data } = useQuery({
    queryKey: key,
    queryFn: () => qc.getQueryData<FeedSnapshot>(key) ?? emptySnapshot(),
    initialData: emptySnapshot,
    staleTime: Infinity,
    gcTime: 10 * 60_000,
  });

  useEffect(() => {
    if (!socket) return;
    const k = incidentKeys.live(incidentId);
    const http = async (id: string, fromSeq: number, signal: AbortSignal, limit: number) => {
      const res = await readEventsPage(id, fromSeq, { signal, displayToken, limit });
      // The session or display token ended (SPEC AUTH8) while no socket could hear of it: the
      // account (or the wall's list) is asked for again, and its refusal sends the person to sign
      // in (AuthGate), or turns the wall to its "revoked" page (DisplayGate).
      if (!res.ok && res.error.code === ErrorCode.UNAUTHENTICATED) {
        void qc.invalidateQueries({ queryKey: displayToken ? queryKeys.displayIncidents() : queryKeys.me() });
      }
      return res;
    };
    let feed: IncidentFeed | null = null;
    let ended = false;
    const start = () => {
      if (ended) return;
      // A wall, which nobody attends, tries a refusal again by itself (SPEC SYNC3), and keeps the
      // newest events only: it runs for days, and shows a few (SPEC SYNC13).
      const wall = Boolean(displayToken);
      feed = new IncidentFeed(
        socket,
        incidentId,
        (snap) => qc.setQueryData(k, snap),
        qc.getQueryData<FeedSnapshot>(k),
        http,
        wall ? WALL_RETRY_REFUSED_MS : undefined,
        wall ? WALL_KEEP_EVENTS : undefined,
      );
      feed.start();
    };
    if (keepFor && !qc.getQueryData<FeedSnapshot>(k)?.state)
      void incidentKeeper.load(keepFor, incidentId).then((kept) => {
        if (kept && !ended && !qc.getQueryData<FeedSnapshot>(k)?.state) {
          qc.setQueryData(k, fromKept(kept));
          deviceCopies.set({ incidentId, asOf: kept.asOf });
        }
        start();
      });
    else start();
    return () => {
      ended = true;
      feed?.stop();
    };
  }, [socket, incidentId, qc, displayToken, keepFor]);

  // Refused by the server over this account's own connection (the agency taken out, the incident
  // gone: isRefusal): the device's copy is forgotten; and a board that is that copy, not heard from
  // since, is not shown (the refusal is, as on a first load).
  const hello = useHelloCheck();
  const refused = keepFor !== undefined && isRefusal(data.error) && hello?.ready() === true;
  const copy = useSyncExternalStore(deviceCopies.subscribe, deviceCopies.get, () => null);
  const refusedCopy = refused && copy?.incidentId === incidentId && data.heardAt === copy.asOf;
  // The copy is dropped once per refusal, not again with each snapshot while the refusal stands:
  // this page keeps nothing of the incident meanwhile (below), so nothing more is there to drop.
  useEffect(() => {
    if (keepFor && refused) void incidentKeeper.drop(keepFor, incidentId);
  }, [keepFor, incidentId, refused]);
  useEffect(() => {
    // Refused: a copy still marked as shown stays hidden until the server is heard from again.
    if (!keepFor || refused) return;
    // Only what this account's own connection brought (SPEC SYNC11): a socket that reconnected
    // on someone else's session (signed in in another tab) is not this person's to keep.
    if (hello?.ready()) incidentKeeper.keep(keepFor, incidentId, data);
    // Heard from the server since the device's copy was shown: the board is no longer that copy.
    const shown = deviceCopies.get();
    if (shown?.incidentId === incidentId && data.heardAt !== shown.asOf) deviceCopies.set(null);
  }, [keepFor, incidentId, data, hello, refused]);
  useEffect(() => {
    if (!keepFor) return;
    // Written now when the page goes away or out of sight (a laptop lid closed, a tab switched).
    const flush = () => void incidentKeeper.flush();
    const hidden = () => document.visibilityState === 'hidden' && flush();
    window.addEventListener('pagehide', flush);
    document.addEventListener('visibilitychange', hidden);
    return () => {
      window.removeEventListener('pagehide', flush);
      document.removeEventListener('visibilitychange', hidden);
    };
  }, [keepFor]);

  return refusedCopy ? { ...data, state: null, events: [] } : data;
}

/**
 * The last update a "not live" notice gives while the socket is down: when the connection was lost
 * (`since`), or the last read over HTTP that brought this page's incidents to their head, if
 * later (SPEC SYNC7); a read from before `since` belongs to an earlier break and is not used. Null
 * when neither is known. (The notices show only while the socket is not live.)
 */
export function useLastUpdate(since: number | null): { at: number | null; overHttp: boolean } {
  const read = useSyncExternalStore(httpReads.subscribe, httpReads.get, () => null);
  if (read !== null && (since === null || read > since)) return { at: read, overHttp: true };
  return { at: since, overHttp: false };
}
