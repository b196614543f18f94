'use client';

import { useEffect, useRef } from 'react';
import type { ServerToClientEvents } from '../protocol/socket';
import { useSyncSocket } from './sync-provider';

/** Subscribes to a server push for as long as the component is mounted. */
export function useSocketEvent<E extends keyof ServerToClientEvents>(event: E, handler: ServerToClientEvents[E]): void {
  const socket = useSyncSocket();
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    if (!socket) return;
    const fn = ((...args: Parameters<ServerToClientEvents[E]>) =>
      (ref.current as (...a: Parameters<ServerToClientEvents[E]>) => void)(...args)) as ServerToClientEvents[E];
    // socket.io-client's typed on/off need the listener as the exact event type.
    (socket.on as (e: E, f: ServerToClientEvents[E]) => void)(event, fn);
    return () => {
      (socket.off as (e: E, f: ServerToClientEvents[E]) => void)(event, fn);
    };
  }, [socket, event]);
}
