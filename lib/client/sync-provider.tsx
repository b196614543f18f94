'use client';

import { createContext, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { ErrorCode } from '../domain/errors';
import type { ConnectErrorData } from '../protocol/socket';
import { createSocket, type PortlineSocket } from './socket';

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'offline';

interface SyncContextValue {
  socket: PortlineSocket | null;
  state: ConnectionState;
  /** When the connection was last lost (ms), null while live. */
  since: number | null;
  /** Connect while at least one consumer is mounted; returns the release function. */
  acquire: () => () => void;
}

const SyncContext = createContext<SyncContextValue | null>(null);

/** After this long without a connection, "reconnecting" becomes "offline". */
const OFFLINE_AFTER_MS = 10_000;

/**
 * Owns the one Socket.IO connection of a browser tab. It connects only while a
 * page uses live data (not on the sign-in page), reconnects by itself, and
 * sends the person to sign in when the server says the session is gone.
 */
export function SyncProvider({ children }: { children: ReactNode }) {
  const [socket, setSocket] = useState<PortlineSocket | null>(null);
  const [state, setState] = useState<ConnectionState>('connecting');
  const [since, setSince] = useState<number | null>(null);
  const users = useRef(0);

  useEffect(() => {
    const s = createSocket({ autoConnect: false });
    let offlineTimer: ReturnType<typeof setTimeout> | undefined;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    // Started at the first failure and not restarted by later attempts, so a
    // server that stays down turns "reconnecting" into "offline" after 10 s.
    const lost = () => {
      setSince((v) => v ?? Date.now());
      setState((v) => (v === 'offline' ? v : v === 'connecting' ? 'connecting' : 'reconnecting'));
      offlineTimer ??= setTimeout(() => setState((v) => (v === 'live' ? v : 'offline')), OFFLINE_AFTER_MS);
    };
    s.on('connect', () => {
      clearTimeout(offlineTimer);
      offlineTimer = undefined;
      setState('live');
      setSince(null);
    });
    s.on('disconnect', (reason) => {
      if (reason === 'io client disconnect') return;
      lost();
      // A server-side disconnect is not retried by socket.io itself.
      if (reason === 'io server disconnect') retryTimer = setTimeout(() => s.connect(), 1000);
    });
    s.on('connect_error', (err: Error & { data?: ConnectErrorData }) => {
      lost();
      const code = err.data?.code;
      if (code === ErrorCode.UNAUTHENTICATED || code === ErrorCode.FORBIDDEN) {
        window.location.assign(code === ErrorCode.FORBIDDEN ? '/account/password' : '/login');
        return;
      }
      if (code === ErrorCode.CLIENT_TOO_OLD) {
        window.location.reload();
        return;
      }
      // Refusals from the server's middleware are not retried by socket.io itself.
      if (err.data) retryTimer = setTimeout(() => s.connect(), 2000);
    });
    s.on('session:ended', () => window.location.assign('/login'));
    setSocket(s);
    return () => {
      clearTimeout(offlineTimer);
      clearTimeout(retryTimer);
      s.removeAllListeners();
      s.disconnect();
    };
  }, []);

  const value = useMemo<SyncContextValue>(
    () => ({
      socket,
      state,
      since,
      acquire: () => {
        users.current++;
        if (socket && !socket.connected && !socket.active) socket.connect();
        return () => {
          users.current--;
        };
      },
    }),
    [socket, state, since],
  );
  return <SyncContext.Provider value={value}>{children}</SyncContext.Provider>;
}

function useSyncContext(): SyncContextValue {
  const ctx = useContext(SyncContext);
  if (!ctx) throw new Error('SyncProvider is missing');
  return ctx;
}

/** The connected socket (null until the provider has created it); keeps the connection open while mounted. */
export function useSyncSocket(): PortlineSocket | null {
  const { socket, acquire } = useSyncContext();
  useEffect(() => (socket ? acquire() : undefined), [socket, acquire]);
  return socket;
}

export function useConnectionState(): ConnectionState {
  return useSyncContext().state;
}

/** When the connection was lost (ms since epoch), or null while live. */
export function useDisconnectedSince(): number | null {
  return useSyncContext().since;
}
