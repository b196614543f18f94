import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import type { Principal } from '../../lib/domain/actor';
import { domainError, ErrorCode, type DomainError } from '../../lib/domain/errors';
import type { IncidentEvent } from '../../lib/domain/incident/events';
import { LIMITS } from '../../lib/domain/limits';
import type { Ack } from '../../lib/protocol/ack';
import type { ClientToServerEvents, ServerToClientEvents } from '../../lib/protocol/socket';
import { LeaveRequest, SOCKET_PATH } from '../../lib/protocol/socket';
import { PROTOCOL_VERSION } from '../../lib/protocol/version';
import { toDisplayPrincipal } from '../auth/displays';
import { toActor } from '../auth/sessions';
import { securityHeaders } from '../http/security-headers';
import { handleCommand } from '../incidents/command-handler';
import type { Services } from '../services';
import { StoreUnavailableError } from '../store/types';
import { endSession, revokeDisplay, startControl } from './control';
import { accountRoom, displayRoom, handshake, sessionRoom, type SocketData } from './handshake';
import { fetchPage, joinIncident } from './incident-reads';
import { TokenBucket } from './rate-limit';
import { schemaError } from '../validation';

export type { SocketData } from './handshake';
export type PortlineServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type PortlineSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export const incidentRoom = (id: string) => `incident:${id}`;
/** Sockets that may watch the incident list: accounts, and displays of all active incidents. */
const LOBBY = 'lobby';
const LIST_HINT_MS = 1000;

/** Wraps a handler so that a missing ack, a thrown error or a down store never escapes. */
function guarded<T extends object>(services: Services, work: (payload: unknown) => Promise<Ack<T>>) {
  return (payload: unknown, ack: unknown) => {
    if (typeof ack !== 'function') return; // every request of ours wants an ack
    work(payload).then(
      (res) => ack(res),
      (err: unknown) => {
        if (err instanceof StoreUnavailableError)
          return ack({ ok: false, error: domainError(ErrorCode.STORE_UNAVAILABLE, 'The store is unavailable. Try again.') });
        services.log.error({ err }, 'socket handler failed');
        ack({ ok: false, error: domainError(ErrorCode.INTERNAL, 'Internal error; nothing was changed.') });
      },
    );
  };
}

const refused = (error: DomainError): { ok: false; error: DomainError } => ({ ok: false, error });
/** SPEC AUTH10: RATE_LIMITED with `details.retryAfterMs`. */
const rateLimited = (message: string, retryAfterMs: number) =>
  refused(domainError(ErrorCode.RATE_LIMITED, message, { retryAfterMs }));

export function createSocketServer(httpServer: HttpServer, services: Services): PortlineServer {
  const io: PortlineServer = new Server(httpServer, {
    path: SOCKET_PATH,
    maxHttpBufferSize: LIMITS.socketBufferBytes,
    // Let Next's dev HMR upgrade requests through.
    destroyUpgrade: false,
    serveClient: false,
  });
  // Socket.IO answers its own HTTP requests (polling, handshake): same headers as every other response.
  io.engine.on('initial_headers', (headers: Record<string, string>, req: { headers: Record<string, string> }) => {
    Object.assign(headers, securityHeaders(services.config, req.headers));
  });

  io.use(handshake(services));
  const stopControl = startControl(io, services);
  httpServer.on('close', stopControl);

  io.on('connection', (socket: PortlineSocket) => onConnection(socket, services));
  return io;
}

function onConnection(socket: PortlineSocket, services: Services): void {
  const data = socket.data;
  const own = data.kind === 'account' ? [accountRoom(data.accountId), sessionRoom(data.sessionId)] : [displayRoom(data.displayId)];
  // A display for one incident must not learn other incidents' ids from list hints.
  const lobby = data.kind === 'account' || data.principal.scope.kind === 'active' ? [LOBBY] : [];
  void socket.join([...lobby, ...own]);
  socket.emit('server:hello', { protocolVersion: PROTOCOL_VERSION, serverId: services.config.serverId });

  const limits = services.config.socketLimits;
  const commands = new TokenBucket(limits.commandsPerSecond, limits.commandBurst);
  const reads = new TokenBucket(limits.readsPerSecond, limits.readBurst);
  const joined = new Set<string>();

  /**
   * The session or display token may have ended since the handshake (another
   * process, a lost bus message): check it before every command and read.
   */
  const current = async (): Promise<Principal | null> => {
    if (data.kind === 'account') {
      const r = await services.sessions.check(data.token);
      if (r.ok) return toActor(r.account);
      // After this request's UNAUTHENTICATED ack has gone out.
      setTimeout(() => endSession(socket, r.reason), 0);
      return null;
    }
    const r = await services.displays.check(data.token);
    if (r.ok) return toDisplayPrincipal(r.display);
    setTimeout(() => revokeDisplay(socket), 0);
    return null;
  };
  const gone = () => refused(domainError(ErrorCode.UNAUTHENTICATED, 'The session or screen token has ended.'));

  socket.on(
    'command:submit',
    guarded(services, async (payload) => {
      const wait = commands.take();
      if (wait > 0) return rateLimited('Too many commands from this connection; slow down.', wait);
      const principal = await current();
      if (!principal) return gone();
      const res = await handleCommand(
        { registry: services.registry, events: services.store.events, knownAgencies: () => services.agencies.codes() },
        principal,
        payload,
      );
      if (!res.ok) services.log.debug({ code: res.error.code, role: principal.role }, 'command rejected');
      return res;
    }),
  );

  socket.on(
    'incident:join',
    guarded(services, async (payload) => {
      const wait = reads.take();
      if (wait > 0) return rateLimited('Too many reads from this connection; slow down.', wait);
      const id = (payload as { incidentId?: unknown } | null)?.incidentId;
      if (typeof id === 'string' && !joined.has(id) && joined.size >= limits.maxJoined)
        return rateLimited(`At most ${limits.maxJoined} incidents at once per connection; leave one first.`, 1000);
      const principal = await current();
      if (!principal) return gone();
      return joinIncident(services, principal, payload, async (incidentId) => {
        joined.add(incidentId);
        await socket.join(incidentRoom(incidentId));
      });
    }),
  );
  socket.on(
    'incident:fetch',
    guarded(services, async (payload) => {
      const wait = reads.take();
      if (wait > 0) return rateLimited('Too many reads from this connection; slow down.', wait);
      const principal = await current();
      if (!principal) return gone();
      return fetchPage(services, principal, payload);
    }),
  );
  socket.on(
    'incident:leave',
    guarded(services, async (payload) => {
      const req = LeaveRequest.safeParse(payload);
      if (!req.success) return refused(schemaError(req.error));
      joined.delete(req.data.incidentId);
      await socket.leave(incidentRoom(req.data.incidentId));
      return { ok: true };
    }),
  );
}

/** Pushes applied events to this process's sockets in the incident's room, and a hint to lists. */
export function createFanOut(getIo: () => PortlineServer | null) {
  // incidentId → newest seq seen while its list hint is pending.
  const pendingHints = new Map<string, number>();
  return (incidentId: string, events: IncidentEvent[], seq: number): void => {
    const io = getIo();
    if (!io) return;
    if (events.length > 0) io.to(incidentRoom(incidentId)).emit('incident:events', { incidentId, events });
    // Lists refresh at most once a second per incident, with the newest seq.
    const waiting = pendingHints.has(incidentId);
    pendingHints.set(incidentId, Math.max(seq, pendingHints.get(incidentId) ?? 0));
    if (waiting) return;
    setTimeout(() => {
      const latest = pendingHints.get(incidentId) ?? seq;
      pendingHints.delete(incidentId);
      io.to(LOBBY).emit('incidents:changed', { incidentId, seq: latest });
    }, LIST_HINT_MS);
  };
}
