'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { queryKeys } from './query-keys';
import { useSocketEvent } from './use-socket-event';
import { useSyncSocket } from './sync-provider';

/**
 * Keeps the page's agency list current while it is connected: read again when an admin changes
 * agencies (`agencies:changed`) and after a reconnect (a push may have been missed meanwhile).
 * Inside the SyncProvider of every signed-in page and wall screen.
 */
export function useFollowAgencies(): void {
  const qc = useQueryClient();
  const socket = useSyncSocket();
  useSocketEvent('agencies:changed', () => void qc.invalidateQueries({ queryKey: queryKeys.agencies() }));
  useEffect(() => {
    if (!socket) return;
    let first = true;
    const onConnect = () => {
      if (!first) void qc.invalidateQueries({ queryKey: queryKeys.agencies() });
      first = false;
    };
    if (socket.connected) first = false;
    socket.on('connect', onConnect);
    return () => {
      socket.off('connect', onConnect);
    };
  }, [socket, qc]);
}
