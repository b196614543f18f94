import { io, type Socket } from 'socket.io-client';
import { SOCKET_PATH, type ClientToServerEvents, type HandshakeAuth, type ServerToClientEvents } from '../protocol/socket';
import { PROTOCOL_VERSION } from '../protocol/version';

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
    ...(opts.websocketOnly === false ? {} : { transports: ['websocket'] }),
  };
  return (opts.url ? io(opts.url, options) : io(options)) as PortlineSocket;
}
