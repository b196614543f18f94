'use client';

import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { queryKeys } from './query-keys';
import { useSocketEvent } from './use-socket-event';
import { useSyncSocket } from './sync-provider';

/**
 * Keeps a list the page reads over HTTP current while it is connected: read again when the server
 * says it changed (`event`, LIST_OF) and after a reconnect (a push may have been missed meanwhile). Only
 * lists some mounted component uses are read (react-query's invalidation).
 */
const LIST_OF: Record<'agencies:changed' | 'plans:changed', QueryKey> = {
  'agencies:changed': queryKeys.agencies(),
  'plans:changed': queryKeys.plans(),
};

function useReadAgainOn(event: keyof typeof LIST_OF): void {
  const qc = useQueryClient();
  useSocketEvent(event, () => void qc.invalidateQueries({ queryKey: LIST_OF[event] }));
  useReadAgainOnReconnect(LIST_OF[event]);
}

/**
 * Reads the list `queryKey` again when the socket (re)connects (a restart, a dropped network: its
 * pushes or hints may have been missed meanwhile). Not at the page's first connect if the page's
 * own first read already went through or is under way without a failure: read twice otherwise. A
 * first read that failed (a wall started while the server was away, waiting out its retry's
 * backoff) is read again at once.
 */
export function useReadAgainOnReconnect(queryKey: QueryKey): void {
  const qc = useQueryClient();
  const socket = useSyncSocket();
  const key = useRef(queryKey);
  key.current = queryKey;
  useEffect(() => {
    if (!socket) return;
    let first = !socket.connected;
    const onConnect = () => {
      const read = qc.getQueryState(key.current);
      const covered = first && read !== undefined && (read.status === 'success' || (read.fetchStatus === 'fetching' && read.fetchFailureCount === 0));
      first = false;
      if (!covered) void qc.invalidateQueries({ queryKey: key.current });
    };
    socket.on('connect', onConnect);
    return () => {
      socket.off('connect', onConnect);
    };
  }, [socket, qc]);
}

/**
 * The agency list, when an admin changes agencies (`agencies:changed`). Inside the SyncProvider
 * of every signed-in page and wall screen.
 */
export function useFollowAgencies(): void {
  useReadAgainOn('agencies:changed');
}

/**
 * The installation's emergency plans, when an admin saves one (`plans:changed`, SPEC PLAN2): a
 * board open since before activates the plan as it is now. Inside every signed-in page's SyncProvider.
 */
export function useFollowPlans(): void {
  useReadAgainOn('plans:changed');
}
