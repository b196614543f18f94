'use client';

import { useEffect, useRef } from 'react';
import type { ServerToClientEvents } from '../protocol/socket';
import { checkMessage } from '../protocol/socket-answers';
import { useSyncSocket } from './sync-provider';

/** Subscribes to a server push for as long as the component is mounted; a push not of its shape is not passed on (SPEC SYNC10). */
export function useSocketEvent<E extends keyof ServerToClientEvents>(event: E, handler: ServerToClientEvents[E]): void {
  const socket = useSyncSocket();
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    if (!socket) return;
    const fn = ((raw: Parameters<ServerToClientEvents[E]>[0]) => {
      const msg = checkMessage(event, raw);
      if (msg !== null) (ref.current as (m: Parameters<ServerToClientEvents[E]>[0]) => void)(msg);
    }) as ServerToClientEvents[E];
    // socket.io-client's typed on/off need the listener as the exact event type.
    (socket.on as (e: E, f: ServerToClientEvents[E]) => void)(event, fn);
    return () => {
      (socket.off as (e: E, f: ServerToClientEvents[E]) => void)(event, fn);
    };
  }, [socket, event]);
}
