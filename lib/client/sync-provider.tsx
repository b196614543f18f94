'use client';

import { createContext, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { ErrorCode } from '../domain/errors';
import type { ConnectErrorData, SessionEndReason } from '../protocol/socket';
import { checkMessage } from '../protocol/socket-answers';
import { noteHeard, readLastHeard } from './last-heard';
import { loginPath, PASSWORD_PATH } from './login-path';
import { checkHello, createSocket, watchHeartbeat, type HelloCheck, type PortlineSocket } from './socket';

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'offline';

interface SyncContextValue {
  socket: PortlineSocket | null;
  /** Whether the socket's current connection is the page's own (its hello named it: SPEC SYNC11); null with the socket. */
  hello: HelloCheck | null;
  state: ConnectionState;
  /** When the connection was last lost (ms), null while live; before the load's first connection, when the browser last heard from the server. */
  since: number | null;
  /**
   * When the current connection came (ms), stamped in the socket's own connect handler, before
   * any feed sends its join on it: a read answered after this one is of this connection.
   */
  liveSince: number | null;
  /** Connect while at least one consumer is mounted; returns the release function. */
  acquire: () => () => void;
}

const SyncContext = createContext<SyncContextValue | null>(null);

/** After this long without a connection, "reconnecting" becomes "offline". */
const OFFLINE_AFTER_MS = 10_000;
/** A wall's socket refused by the origin check is tried again after this long. */
const DISPLAY_REFUSED_RETRY_MS = 30_000;

type SyncProviderProps = {
  children: ReactNode;
  /** With a display token: the token was revoked or refused; the socket stays closed. */
  onDisplayRevoked?: () => void;
} & (
  | {
      /**
       * The page's signed-in account: the socket authenticates with whatever session cookie
       * the browser holds when it (re)connects, and the page acts on a connection only once
       * its `server:hello` names this account (SPEC SYNC11).
       */
      accountId: string;
      displayToken?: undefined;
    }
  | {
      /**
       * A wall screen's display token: the socket authenticates with it instead of
       * the session cookie (SPEC AUTH7).
       */
      displayToken: string;
      accountId?: undefined;
    }
);

/** Where the browser goes when its session ends: the sign-in page, saying why, then back here. */
function toSignIn(reason?: SessionEndReason): void {
  window.location.assign(loginPath({ reason, next: window.location.pathname + window.location.search }));
}

/**
 * Owns the one Socket.IO connection of a browser tab. It connects only while a
 * page uses live data (not on the sign-in page), reconnects by itself (also
 * after the laptop slept), and
 * sends the person to sign in when the server says the session is gone (a wall
 * screen instead reports that its display token was revoked). A reconnect that
 * turns out to be another account (the person signed out in another tab and
 * someone else signed in there: the cookie is theirs now) is treated the same way,
 * before anything of this page's account is sent on it (SPEC SYNC11).
 */
export function SyncProvider({ children, accountId, displayToken, onDisplayRevoked }: SyncProviderProps) {
  const [socket, setSocket] = useState<PortlineSocket | null>(null);
  const [hello, setHello] = useState<HelloCheck | null>(null);
  const [state, setState] = useState<ConnectionState>('connecting');
  const [since, setSince] = useState<number | null>(null);
  const [liveSince, setLiveSince] = useState<number | null>(null);
  const users = useRef(0);
  const revokedRef = useRef(onDisplayRevoked);
  revokedRef.current = onDisplayRevoked;

  useEffect(() => {
    const s = createSocket({ autoConnect: false, displayToken });
    let offlineTimer: ReturnType<typeof setTimeout> | undefined;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    // Once the credentials have ended, nothing reconnects: a later refusal of a
    // reconnect must not replace the first, more precise, reaction.
    let ended = false;
    const end = (then: () => void) => {
      if (ended) return;
      ended = true;
      clearTimeout(retryTimer);
      s.disconnect();
      then();
    };
    // Whether this load has been live: before that, the page shows what the device kept (SPEC
    // SYNC12), current when the browser last heard from the server, in this tab or another.
    let beenLive = false;
    // Started at the first failure and not restarted by later attempts, so a
    // server that stays down turns "reconnecting" into "offline" after 10 s.
    const lost = () => {
      setSince((v) => v ?? (beenLive ? Date.now() : (readLastHeard() ?? Date.now())));
      setState((v) => (v === 'offline' ? v : v === 'connecting' ? 'connecting' : 'reconnecting'));
      offlineTimer ??= setTimeout(() => setState((v) => (v === 'live' ? v : 'offline')), OFFLINE_AFTER_MS);
    };
    s.on('connect', () => {
      beenLive = true;
      clearTimeout(offlineTimer);
      offlineTimer = undefined;
      setState('live');
      setSince(null);
      setLiveSince(Date.now());
    });
    s.on('disconnect', (reason) => {
      if (reason === 'io client disconnect') return;
      lost();
      // A server-side disconnect is not retried by socket.io itself.
      if (reason === 'io server disconnect' && !ended) retryTimer = setTimeout(() => s.connect(), 1000);
    });
    s.on('connect_error', (err: Error & { data?: ConnectErrorData }) => {
      if (ended) return;
      lost();
      const code = err.data?.code;
      if (displayToken && code === ErrorCode.FORBIDDEN) {
        // A display token is refused as UNAUTHENTICATED; FORBIDDEN is the origin check (SPEC
        // AUTH11: a wall on an address PUBLIC_URL does not name). Not the link's fault: it is kept,
        // the wall goes on with its reads (SPEC SYNC7) and says it is not live, and the socket is
        // tried again now and then, so a corrected address or setting brings it back by itself.
        retryTimer = setTimeout(() => s.connect(), DISPLAY_REFUSED_RETRY_MS);
        return;
      }
      if (code === ErrorCode.UNAUTHENTICATED || code === ErrorCode.FORBIDDEN) {
        if (displayToken) end(() => revokedRef.current?.());
        else if (code === ErrorCode.UNAUTHENTICATED) end(toSignIn);
        // FORBIDDEN: a one-time password not yet changed (never loop on the page that changes it).
        else end(() => window.location.pathname !== PASSWORD_PATH && window.location.assign(PASSWORD_PATH));
        return;
      }
      if (code === ErrorCode.CLIENT_TOO_OLD) {
        window.location.reload();
        return;
      }
      // A transient refusal (the store away) is tried again by createSocket.
    });
    // A connection that carried nothing for 15 s (SPEC SYNC3), on a network that drops packets
    // without a word or after the laptop slept (its socket, half open, would still believe it is
    // connected): the page has been out of date since it last heard from the server, not since it
    // gave the connection up.
    const stopWatch = watchHeartbeat(s, { onSilent: (at) => setSince((v) => v ?? at), onHeard: noteHeard });
    // Ended either way (the server drops the socket next); the reason shown only if it is one (SPEC SYNC10).
    s.on('session:ended', (msg) => end(() => toSignIn(checkMessage('session:ended', msg)?.reason)));
    s.on('display:revoked', () => end(() => revokedRef.current?.()));
    // SPEC SYNC11: a connection that is someone else's carries nothing of this page's. The page
    // reads again who is signed in, as after session:ended: the sign-in page, which goes on at
    // once as whoever the browser's cookie now is; this account's outbox stays its own.
    const check = checkHello(
      s,
      accountId !== undefined ? { kind: 'account', accountId } : { kind: 'display' },
      accountId !== undefined ? () => end(() => toSignIn()) : undefined,
    );
    setSocket(s);
    setHello(check);
    return () => {
      clearTimeout(offlineTimer);
      clearTimeout(retryTimer);
      stopWatch();
      check.stop();
      s.removeAllListeners();
      s.disconnect();
    };
  }, [displayToken, accountId]);

  const value = useMemo<SyncContextValue>(
    () => ({
      socket,
      hello,
      state,
      since,
      liveSince,
      acquire: () => {
        users.current++;
        if (socket && !socket.connected && !socket.active) socket.connect();
        return () => {
          users.current--;
        };
      },
    }),
    [socket, hello, state, since, liveSince],
  );
  return <SyncContext.Provider value={value}>{children}</SyncContext.Provider>;
}

/** Whether a live connection exists here (a signed-in page, but not one whose password must change first). */
export function useHasSync(): boolean {
  return useContext(SyncContext) !== null;
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

/**
 * The check of the socket's current connection (SPEC SYNC11): what sends anything on the
 * page's behalf waits for it to be ready, not only connected. Null until the socket exists.
 */
export function useHelloCheck(): HelloCheck | null {
  return useSyncContext().hello;
}

export function useConnectionState(): ConnectionState {
  return useSyncContext().state;
}

/** The connection state where the page has one (signed in), else null (the sign-in page). */
export function useConnectionStateIfAny(): ConnectionState | null {
  return useContext(SyncContext)?.state ?? null;
}

/** When the current connection came (ms since epoch), or null before the first. */
export function useLiveSince(): number | null {
  return useSyncContext().liveSince;
}

/** When the connection was lost (ms since epoch), or null while live. */
export function useDisconnectedSince(): number | null {
  return useSyncContext().since;
}
