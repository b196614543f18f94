import { io, type Socket } from 'socket.io-client';
import { isTransient } from '../domain/errors';
import { SOCKET_PATH, type ClientToServerEvents, type ConnectErrorData, type HandshakeAuth, type ServerToClientEvents } from '../protocol/socket';
import { PROTOCOL_VERSION } from '../protocol/version';
import { NO_ANSWER_MS } from './api/fetch-json';

export type PortlineSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface SocketOptions {
  /** Server origin; omitted in the browser (same origin). */
  url?: string;
  /** Bearer token for scripts; browsers use the session cookie. */
  token?: string;
  /** A wall screen's display token (SPEC AUTH7), instead of any session. */
  displayToken?: string;
  /** @default true */
  autoConnect?: boolean;
  /**
   * WebSocket transport only, no long-polling first. The default everywhere, the
   * browser included: behind nginx with several processes (deploy/nginx/portline.conf)
   * every connection may land on any process, and long-polling would need sticky
   * sessions (docs/protocol.md, "Transport"). false only for a single process. @default true
   */
  websocketOnly?: boolean;
}

/**
 * SPEC SYNC3: a page's own watch on its connection. The server pings every 5 s
 * (HEARTBEAT_INTERVAL_MS); a connection over which nothing (no ping, no packet) has come for
 * this long while the socket says it is connected is taken as lost.
 */
export const HEARD_WITHIN_MS = 15_000;
const WATCH_TICK_MS = 1_000;

/**
 * Drops the transport of `socket` once it has heard nothing for `heardWithinMs` while connected,
 * so that it reconnects (socket.io's own reconnection) and its feeds rejoin from their seq: a
 * network that drops packets without a word (no reset, no end) is found out in 15 s, not in
 * socket.io-client's 45, and so is a connection left half open while the laptop slept (the first
 * tick after it wakes finds nothing heard for as long as it slept). A page's (SyncProvider), not
 * every client's: a script or a benchmark's reader that is busy, not gone, keeps socket.io's
 * bound. `onSilent` is told, just before, when the connection was last heard from: what the
 * page showed was current until then, not until it gave the connection up. Returns what stops
 * the watch.
 */
export function watchHeartbeat(
  socket: PortlineSocket,
  { heardWithinMs = HEARD_WITHIN_MS, onSilent }: { heardWithinMs?: number; onSilent?: (lastHeardAt: number) => void } = {},
): () => void {
  let heard = Date.now();
  const hear = () => void (heard = Date.now());
  socket.io.on('open', hear);
  socket.io.on('ping', hear);
  socket.io.on('packet', hear);
  const timer = setInterval(() => {
    if (!socket.connected || Date.now() - heard <= heardWithinMs) return;
    onSilent?.(heard);
    heard = Date.now();
    socket.io.engine?.close();
  }, WATCH_TICK_MS);
  return () => {
    clearInterval(timer);
    socket.io.off('open', hear);
    socket.io.off('ping', hear);
    socket.io.off('packet', hear);
  };
}

/** The one way to open a typed Portline socket, in the browser or in Node. */
export function createSocket(opts: SocketOptions = {}): PortlineSocket {
  const auth: HandshakeAuth = { protocolVersion: PROTOCOL_VERSION };
  if (opts.displayToken) auth.displayToken = opts.displayToken;
  else if (opts.token) auth.token = opts.token;
  const options = {
    path: SOCKET_PATH,
    auth,
    autoConnect: opts.autoConnect ?? true,
    withCredentials: true,
    reconnectionDelay: 500,
    reconnectionDelayMax: 5000,
    // SPEC SYNC3, SYNC8: a connection attempt that has not opened in 10 s is given up and tried
    // again. socket.io's 20 s left a page whose attempt was made while the network dropped
    // packets waiting up to 20 s more after the network passed again.
    timeout: NO_ANSWER_MS,
    ...(opts.websocketOnly === false ? {} : { transports: ['websocket'] }),
  };
  const socket = (opts.url ? io(opts.url, options) : io(options)) as PortlineSocket;
  retryTransientRefusals(socket);
  return socket;
}

/**
 * socket.io gives up for good once the server's handshake refuses a connection
 * (connect_error with `data`). A refusal that passes by itself, the store away
 * while Redis restarts (STORE_UNAVAILABLE), is tried again here with socket.io's
 * own reconnect backoff, so every client reconnects by itself (SPEC SYNC3) and its
 * feeds rejoin; any other refusal (credentials, protocol) still ends the socket.
 * Closing the socket cancels a pending try.
 */
function retryTransientRefusals(socket: PortlineSocket): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let attempt = 0;
  socket.on('connect', () => {
    attempt = 0;
  });
  socket.on('connect_error', (err: Error & { data?: ConnectErrorData }) => {
    if (!isTransient(err.data?.code) || socket.active) return;
    const m = socket.io;
    const base = Math.min(m.reconnectionDelayMax(), m.reconnectionDelay() * 2 ** attempt++);
    clearTimeout(timer);
    timer = setTimeout(() => socket.connect(), base * (1 + m.randomizationFactor() * (2 * Math.random() - 1)));
  });
  const disconnect = socket.disconnect.bind(socket);
  socket.disconnect = () => {
    clearTimeout(timer);
    return disconnect();
  };
}
