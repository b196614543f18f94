import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import type { Actor } from '../../lib/domain/actor';
import { domainError, ErrorCode, type DomainError } from '../../lib/domain/errors';
import type { IncidentEvent } from '../../lib/domain/incident/events';
import { LIMITS } from '../../lib/domain/limits';
import { SESSION_COOKIE } from '../../lib/protocol/http';
import type { ClientToServerEvents, ConnectErrorData, ServerToClientEvents } from '../../lib/protocol/socket';
import { HandshakeAuth, SOCKET_PATH } from '../../lib/protocol/socket';
import { PROTOCOL_VERSION } from '../../lib/protocol/version';
import { readCookie, toActor } from '../auth/sessions';
import { handleCommand } from '../incidents/command-handler';
import type { Services } from '../services';
import { StoreUnavailableError } from '../store/types';
import { fetchPage, joinIncident } from './incident-reads';

export interface SocketData {
  actor: Actor;
  token: string;
  accountId: string;
}

export type PortlineServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type PortlineSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export const incidentRoom = (id: string) => `incident:${id}`;
const LOBBY = 'lobby';

function refuse(code: ErrorCode, message: string): Error {
  const err = new Error(message) as Error & { data: ConnectErrorData };
  err.data = { code, message };
  return err;
}

/** Wraps a handler so that a missing ack, a thrown error or a down store never escapes. */
function guarded<T extends object>(
  services: Services,
  work: (payload: unknown) => Promise<({ ok: true } & T) | { ok: false; error: DomainError }>,
) {
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

export function createSocketServer(httpServer: HttpServer, services: Services): PortlineServer {
  const io: PortlineServer = new Server(httpServer, {
    path: SOCKET_PATH,
    maxHttpBufferSize: LIMITS.socketBufferBytes,
    // Let Next's dev HMR upgrade requests through.
    destroyUpgrade: false,
    serveClient: false,
  });

  io.use((socket, next) => {
    const auth = HandshakeAuth.safeParse(socket.handshake.auth);
    if (!auth.success) return next(refuse(ErrorCode.BAD_REQUEST, 'Send { protocolVersion } in the handshake auth.'));
    if (auth.data.protocolVersion !== PROTOCOL_VERSION)
      return next(refuse(ErrorCode.CLIENT_TOO_OLD, `This server speaks protocol ${PROTOCOL_VERSION}; reload the page.`));
    const token = auth.data.token ?? readCookie(socket.handshake.headers.cookie, SESSION_COOKIE);
    services.sessions.resolve(token).then(
      (resolved) => {
        if (!resolved || !token) return next(refuse(ErrorCode.UNAUTHENTICATED, 'Sign in first.'));
        if (resolved.account.mustChangePassword)
          return next(refuse(ErrorCode.FORBIDDEN, 'Change your one-time password first.'));
        socket.data = { actor: toActor(resolved.account), token, accountId: resolved.account.id };
        next();
      },
      () => next(refuse(ErrorCode.STORE_UNAVAILABLE, 'The store is unavailable. Try again.')),
    );
  });

  io.on('connection', (socket: PortlineSocket) => {
    void socket.join([LOBBY, `account:${socket.data.accountId}`]);
    socket.emit('server:hello', { protocolVersion: PROTOCOL_VERSION, serverId: services.config.serverId });

    /** The session may have been revoked since the handshake: check before every write. */
    const currentActor = async (): Promise<Actor | null> => {
      const resolved = await services.sessions.resolve(socket.data.token);
      if (resolved) return toActor(resolved.account);
      socket.emit('session:ended', { reason: 'The session ended. Sign in again.' });
      socket.disconnect(true);
      return null;
    };

    socket.on(
      'command:submit',
      guarded(services, async (payload) => {
        const actor = await currentActor();
        if (!actor) return { ok: false, error: domainError(ErrorCode.UNAUTHENTICATED, 'Sign in first.') };
        const res = await handleCommand(
          { registry: services.registry, events: services.store.events, knownAgencies: () => services.agencies.codes() },
          actor,
          payload,
        );
        if (!res.ok) services.log.debug({ code: res.error.code, actor: actor.userId }, 'command rejected');
        return res;
      }),
    );

    socket.on(
      'incident:join',
      guarded(services, (payload) => joinIncident(services, socket.data.actor, payload, (id) => socket.join(incidentRoom(id)))),
    );
    socket.on(
      'incident:fetch',
      guarded(services, (payload) => fetchPage(services, socket.data.actor, payload)),
    );
    socket.on(
      'incident:leave',
      guarded(services, async (payload) => {
        const id = (payload as { incidentId?: unknown } | null)?.incidentId;
        if (typeof id === 'string') await socket.leave(incidentRoom(id));
        return { ok: true };
      }),
    );
  });

  return io;
}

/** Pushes applied events to this process's sockets in the incident's room, and a hint to lists. */
export function createFanOut(getIo: () => PortlineServer | null) {
  const listTimers = new Map<string, NodeJS.Timeout>();
  return (incidentId: string, events: IncidentEvent[]): void => {
    const io = getIo();
    if (!io) return;
    if (events.length > 0) io.to(incidentRoom(incidentId)).emit('incident:events', { incidentId, events });
    // Lists refresh at most once a second per incident.
    if (!listTimers.has(incidentId)) {
      const seq = events.length ? events[events.length - 1].seq : 0;
      listTimers.set(
        incidentId,
        setTimeout(() => {
          listTimers.delete(incidentId);
          io.to(LOBBY).emit('incidents:changed', { incidentId, seq });
        }, 250),
      );
    }
  };
}

