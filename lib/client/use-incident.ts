'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { readEventsPage } from './api/incident-log';
import { useDisplayToken } from './display-token';
import { emptySnapshot, IncidentFeed, type FeedSnapshot } from './incident-feed';
import { incidentKeys } from './incident-keys';
import { useSyncSocket } from './sync-provider';

/**
 * Live state of one incident. The React Query cache holds the snapshot; the
 * feed keeps it current from socket events. Remounting resumes from the cached
 * seq instead of starting over (SPEC SYNC1). While the socket is down, the feed
 * reads the log over HTTP (with the wall screen's token on a wall; SPEC SYNC7).
 */
export function useIncident(incidentId: string): FeedSnapshot {
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
    const http = (id: string, fromSeq: number) => readEventsPage(id, fromSeq, displayToken);
    const feed = new IncidentFeed(socket, incidentId, (snap) => qc.setQueryData(k, snap), qc.getQueryData<FeedSnapshot>(k), http);
    feed.start();
    return () => feed.stop();
  }, [socket, incidentId, qc, displayToken]);

  return data;
}
