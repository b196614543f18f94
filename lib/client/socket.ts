import { io, type Socket } from 'socket.io-client';
import { isTransient } from '../domain/errors';
import { SOCKET_PATH, type ClientToServerEvents, type ConnectErrorData, type HandshakeAuth, type ServerHello, type ServerToClientEvents } from '../protocol/socket';
import { checkMessage } from '../protocol/socket-answers';
import { PROTOCOL_VERSION } from '../protocol/version';
import { NO_ANSWER_MS } from './within';

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
 * page showed was current until then, not until it gave the connection up. `onHeard` is told,
 * at most once a tick (1 s) while the connection is live, when it last heard from the server (the
 * page keeps it for the next load on a dead link: SPEC SYNC12). Returns what stops the watch.
 */
export function watchHeartbeat(
  socket: PortlineSocket,
  {
    heardWithinMs = HEARD_WITHIN_MS,
    onSilent,
    onHeard,
  }: { heardWithinMs?: number; onSilent?: (lastHeardAt: number) => void; onHeard?: (lastHeardAt: number) => void } = {},
): () => void {
  let heard = Date.now();
  let reported = 0;
  // From the silence found out to the next transport's open: `heard` is then the time it was found out.
  let silent = false;
  const hear = () => void (heard = Date.now());
  const open = () => {
    silent = false;
    hear();
  };
  socket.io.on('open', open);
  socket.io.on('ping', hear);
  socket.io.on('packet', hear);
  const timer = setInterval(() => {
    if (!socket.connected || silent) return;
    if (Date.now() - heard > heardWithinMs) {
      onSilent?.(heard);
      silent = true;
      heard = Date.now();
      socket.io.engine?.close();
      return;
    }
    if (heard !== reported) onHeard?.((reported = heard));
  }, WATCH_TICK_MS);
  return () => {
    clearInterval(timer);
    socket.io.off('open', open);
    socket.io.off('ping', hear);
    socket.io.off('packet', hear);
  };
}

/** Who a page expects its connection to be: its signed-in account, or (a wall screen) a display. */
export type ExpectedPrincipal = { kind: 'account'; accountId: string } | { kind: 'display' };

/**
 * Whether the socket's current connection is the one a page may act on: connected, and its
 * `server:hello` named the expected principal (SPEC SYNC11). A browser's socket authenticates
 * with the session cookie the browser holds at each (re)connection; after the person signed out
 * in another tab and someone else signed in there, the next reconnect is that other person, and
 * only the hello says so. Reset at every connect and disconnect; true again only after this
 * connection's hello.
 */
export interface HelloCheck {
  /** Connected, and this connection's hello named the expected principal. */
  ready(): boolean;
  /** Resolves true once ready (at once if it is), false after `ms`. */
  whenReady(ms: number): Promise<boolean>;
  /** Calls `fn` each time a connection's hello names the expected principal; returns what stops it. */
  onReady(fn: () => void): () => void;
  /** Stops listening to the socket. */
  stop(): void;
}

function sameAs(expected: ExpectedPrincipal, hello: ServerHello): boolean {
  if (expected.kind === 'display') return hello.kind === 'display';
  return hello.kind === 'account' && hello.accountId === expected.accountId;
}

/**
 * Watches `socket`'s hellos (SPEC SYNC11). A hello that names someone else calls `onOther` (the
 * page then closes the socket and reads again who is signed in) and leaves the check not ready;
 * a hello of another shape is ignored (SPEC SYNC10): not ready either, so nothing is sent on
 * that connection.
 */
export function checkHello(socket: PortlineSocket, expected: ExpectedPrincipal, onOther?: (hello: ServerHello) => void): HelloCheck {
  let ok = false;
  const listeners = new Set<() => void>();
  const reset = () => void (ok = false);
  const onHello = (raw: unknown) => {
    ok = false;
    const hello = checkMessage('server:hello', raw);
    if (!hello) return;
    if (!sameAs(expected, hello)) return onOther?.(hello);
    ok = socket.connected;
    if (ok) for (const fn of [...listeners]) fn();
  };
  socket.on('connect', reset);
  socket.on('disconnect', reset);
  socket.on('server:hello', onHello);
  const ready = () => ok && socket.connected;
  return {
    ready,
    whenReady: (ms) =>
      ready()
        ? Promise.resolve(true)
        : new Promise((resolve) => {
            const done = (v: boolean) => {
              clearTimeout(timer);
              listeners.delete(onReady);
              resolve(v);
            };
            const onReady = () => done(true);
            const timer = setTimeout(() => done(false), Math.max(0, ms));
            listeners.add(onReady);
          }),
    onReady: (fn) => {
      listeners.add(fn);
      return () => void listeners.delete(fn);
    },
    stop: () => {
      socket.off('connect', reset);
      socket.off('disconnect', reset);
      socket.off('server:hello', onHello);
      listeners.clear();
    },
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
  dropBufferedCommands(socket);
  return socket;
}

/**
 * socket.io-client (4.8) does not send an emit made while its connection's ping has expired (it
 * still says connected): it buffers it, and sends it on the next connection as soon as that opens,
 * before the `connect` event and so before that connection's `server:hello` (SPEC SYNC11). A
 * command so carried could go out on a connection of whoever signed in meanwhile (a laptop woken
 * from sleep, an admin's change in another tab). Its ack is not failed either, as it is buffered.
 * So once a connection ends, the commands left in the buffer are dropped: their acks then fail as
 * disconnected, and the sender (sendCommand, the outbox) sends them again, same command id, once a
 * connection's hello has named the person.
 */
function dropBufferedCommands(socket: PortlineSocket): void {
  socket.on('disconnect', () => {
    socket.sendBuffer = socket.sendBuffer.filter((packet) => !(Array.isArray(packet.data) && packet.data[0] === 'command:submit'));
  });
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
