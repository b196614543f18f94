import type { Server as HttpServer, IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { Server, type Socket } from 'socket.io';
import type { Principal } from '../../lib/domain/actor';
import { domainError, ErrorCode, rateLimited, type DomainError } from '../../lib/domain/errors';
import type { IncidentEvent } from '../../lib/domain/incident/events';
import { LIMITS } from '../../lib/domain/limits';
import { canReadIncident } from '../../lib/domain/permissions';
import type { Ack } from '../../lib/protocol/ack';
import type { ClientToServerEvents, CommandResult, ServerToClientEvents } from '../../lib/protocol/socket';
import { LeaveRequest, SOCKET_PATH } from '../../lib/protocol/socket';
import { PROTOCOL_VERSION } from '../../lib/protocol/version';
import { toDisplayPrincipal } from '../auth/displays';
import { hashToken, toActor } from '../auth/sessions';
import { securityHeaders } from '../http/security-headers';
import { handleCommand } from '../incidents/command-handler';
import { SESSION_ENDED } from '../incidents/committer';
import type { Metrics } from '../metrics';
import { commandTypeLabel } from '../metrics';
import type { Logger } from '../log';
import type { Services } from '../services';
import { StoreUnavailableError } from '../store/types';
import { endSession, revokeDisplay, startControl } from './control';
import { accountRoom, displayRoom, handshake, sessionRoom, type SocketData } from './handshake';
import { fetchPage, joinIncident } from './incident-reads';
import { TokenBucket } from './rate-limit';
import { cutSlowSocket, pendingBytes } from './slow-clients';
import { schemaError } from '../validation';

export type { SocketData } from './handshake';
export type PortlineServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type PortlineSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export const incidentRoom = (id: string) => `incident:${id}`;
const INCIDENT_ROOM_PREFIX = incidentRoom('');
/**
 * Sockets that hear list hints (`incidents:changed`) of every incident: accounts that read every
 * incident (admins, commanders, observers) and displays of all active incidents. A liaison's or
 * responder's socket is in its agency's lobby and hears the hints of that agency's incidents
 * only (SPEC AUTH5: not even an incident's id and pace to an agency that does not take part); a
 * display of one incident hears none.
 */
const LOBBY = 'lobby';
const agencyLobby = (code: string) => `lobby:agency:${code}`;
const AGENCY_LOBBY_PREFIX = agencyLobby('');

function lobbyOf(p: Principal): string[] {
  switch (p.role) {
    case 'admin':
    case 'commander':
    case 'observer':
      return [LOBBY];
    case 'liaison':
    case 'responder':
      return p.agency ? [agencyLobby(p.agency)] : [];
    case 'display':
      return p.scope.kind === 'active' ? [LOBBY] : [];
  }
}
const LIST_HINT_MS = 1000;

/**
 * Wraps a handler so that a missing ack, a thrown error or a down store never
 * escapes. `answered` sees every ack (metrics and logs) with the seconds it took.
 */
function guarded<T extends object>(
  services: Services,
  work: (payload: unknown) => Promise<Ack<T>>,
  answered: (payload: unknown, res: Ack<T>, seconds: number) => void,
) {
  return (payload: unknown, ack: unknown) => {
    if (typeof ack !== 'function') return; // every request of ours wants an ack
    const t0 = performance.now();
    work(payload)
      .catch((err: unknown): Ack<T> => {
        if (err instanceof StoreUnavailableError)
          return { ok: false, error: domainError(ErrorCode.STORE_UNAVAILABLE, 'The store is unavailable. Try again.') };
        services.log.error({ err, ...commandIds(payload) }, 'socket handler failed');
        return { ok: false, error: domainError(ErrorCode.INTERNAL, 'Internal error; nothing was changed.') };
      })
      .then((res) => {
        try {
          answered(payload, res, (performance.now() - t0) / 1000);
        } finally {
          ack(res);
        }
      })
      .catch((err: unknown) => services.log.error({ err }, 'socket ack failed'));
  };
}

/** The ids a log line of a command carries (only well-formed ones: logs take no arbitrary input). */
function commandIds(payload: unknown): { commandId?: string; incidentId?: string } {
  const p = payload as { commandId?: unknown; incidentId?: unknown } | null;
  const id = (v: unknown) => (typeof v === 'string' && /^[\w-]{1,64}$/.test(v) ? v : undefined);
  return { commandId: id(p?.commandId), incidentId: id(p?.incidentId) };
}

/** Commands: counted by type and outcome, logged with their command id (warn/error when the server failed or the incident was too busy). */
function commandAnswered(services: Services, principal: () => string | undefined) {
  return (payload: unknown, res: Ack<CommandResult>, seconds: number): void => {
    services.metrics.command(payload, res, seconds);
    const code = res.ok ? null : res.error.code;
    // The incident too busy (a full queue, a long wait, or lost races between processes, SPEC
    // CONC2/CONC3): at warn, so that contention shows (its metric outcome, RATE_LIMITED, is also a
    // connection's own limits').
    const busy = !res.ok && code === ErrorCode.RATE_LIMITED && res.error.details?.limit === 'incident';
    const [level, msg] =
      code === null ? (['debug', 'command applied'] as const)
      : code === ErrorCode.INTERNAL ? (['error', 'command failed'] as const)
      : code === ErrorCode.STORE_UNAVAILABLE ? (['warn', 'command refused: store unavailable'] as const)
      : busy ? (['warn', 'command refused: incident busy'] as const)
      : (['debug', 'command rejected'] as const);
    // Most lines are debug, which production leaves off: then none is built (building one for
    // every command was ~1.4 % of a busy process's time, docs/performance.md).
    if (!services.log.isLevelEnabled(level)) return;
    const line = { ...commandIds(payload), type: commandTypeLabel(payload), user: principal(), ms: Math.round(seconds * 1000) };
    services.log[level](res.ok ? { ...line, seqs: res.seqs, duplicate: res.duplicate } : { ...line, code }, msg);
  };
}

/** Reads and leaves: errors counted by code. */
function readAnswered(services: Services) {
  return (_payload: unknown, res: Ack<object>): void => {
    if (!res.ok) services.metrics.error(res.error.code, 'read');
  };
}

const refused = (error: DomainError): { ok: false; error: DomainError } => ({ ok: false, error });

/**
 * SPEC SYNC3: the heartbeat. The server pings every HEARTBEAT_INTERVAL_MS, so that a page can tell
 * a connection that carries nothing from one that has nothing to say: a page that has heard
 * nothing for HEARD_WITHIN_MS (15 s, lib/client/socket.ts `watchHeartbeat`) drops it and
 * reconnects. Socket.IO's default (a ping every 25 s) left a page on a network that drops
 * packets without a word showing itself live, and a wall screen its old state, for up to 45 s.
 * The server still waits HEARTBEAT_TIMEOUT_MS for a pong before it drops a socket (45 s in all,
 * as before, and the bound socket.io-client itself keeps): a reader that is busy, not gone (a
 * process starved under overload), is not cut for it: a 10 s wait cut 349 and 500 of the overload
 * benchmark's 1,000 clients (`ping timeout`), a 40 s wait none (docs/performance.md, Analysis,
 * 2026-12-05).
 */
export const HEARTBEAT_INTERVAL_MS = 5_000;
export const HEARTBEAT_TIMEOUT_MS = 40_000;

export function createSocketServer(httpServer: HttpServer, services: Services): PortlineServer {
  const io: PortlineServer = new Server(httpServer, {
    path: SOCKET_PATH,
    pingInterval: HEARTBEAT_INTERVAL_MS,
    pingTimeout: HEARTBEAT_TIMEOUT_MS,
    maxHttpBufferSize: LIMITS.socketBufferBytes,
    // Let Next's dev HMR upgrade requests through.
    destroyUpgrade: false,
    serveClient: false,
  });
  countAgencyLobbies(io);
  // Socket.IO answers its own HTTP requests (polling, handshake): same headers as every other
  // response. Engine.IO's middleware runs before every one of them, a polling session's later GETs
  // and POSTs and its refusals (an unknown sid: 400 JSON) included, and its headers are kept by
  // the answer's writeHead. (A websocket's 101 carries none: a page is never made of it.)
  io.engine.use((req: IncomingMessage, res: ServerResponse, next: () => void) => {
    for (const [name, value] of Object.entries(securityHeaders(services.config, req.headers))) res.setHeader(name, value);
    next();
  });

  io.use(handshake(services));
  const stopControl = startControl(io, services);
  httpServer.on('close', stopControl);

  io.on('connection', (socket: PortlineSocket) => onConnection(socket, services));
  return io;
}

/**
 * How long a command may reuse its socket's last session check (SPEC AUTH8): the
 * append itself is refused once the session has ended, so this saves a store round
 * trip per command (docs/performance.md, N=100, R=100) without letting a command in
 * after a sign-out, revoke or disable.
 */
export const PRINCIPAL_REUSE_MS = 1000;
/** How long a socket whose outbound queue is past its limit is asked to wait before its next read. */
export const READS_BACKED_UP_RETRY_MS = 1000;

function onConnection(socket: PortlineSocket, services: Services): void {
  const data = socket.data;
  const own = data.kind === 'account' ? [accountRoom(data.accountId), sessionRoom(data.sessionId)] : [displayRoom(data.displayId)];
  // List hints only of incidents the principal may read (a display for one incident: none).
  void socket.join([...lobbyOf(data.principal), ...own]);
  // Who this connection is (SPEC SYNC11): a browser's socket is whoever's cookie it carried this time.
  const hello = { protocolVersion: PROTOCOL_VERSION, serverId: services.config.serverId };
  socket.emit(
    'server:hello',
    data.kind === 'account' ? { ...hello, kind: 'account', accountId: data.accountId } : { ...hello, kind: 'display', displayId: data.displayId },
  );

  const limits = services.config.socketLimits;
  const commands = new TokenBucket(limits.commandsPerSecond, limits.commandBurst);
  const reads = new TokenBucket(limits.readsPerSecond, limits.readBurst);
  /**
   * Joins under way per incident (kept only while there are some). SPEC AUTH10, the cap on
   * incidents joined at once, counts the socket's incident rooms (the fan-out takes a socket out of
   * one when its agency is taken out: that one no longer counts) and these (a slot is taken before
   * the first await and given back when the join ends: a burst of joins cannot all pass the check
   * before any has joined).
   */
  const joinsUnderWay = new Map<string, number>();
  /**
   * The last join or leave asked of each incident with a join under way, in order (`step`): a join
   * that ends after a leave asked since it began (a page that moved on from a long incident's load)
   * leaves the room again, unless a later join asked for it; a leave's own answer does not wait.
   */
  let step = 0;
  const lastAsked = new Map<string, { kind: 'join' | 'leave'; step: number }>();
  const inRoom = (id: string) => socket.rooms.has(incidentRoom(id));
  /**
   * SPEC BUS2 for reads: a socket whose outbound queue is past its limit gets no more pages until
   * it has read what it was sent (RATE_LIMITED `reads`, which a page paces on, SYNC6). The limit was
   * checked only after a room's pushes: a client asking for page after page and reading none held
   * up to 20 pages a second (about 10 MB) in this process's memory until its ping timed out.
   */
  const backedUp = () =>
    pendingBytes(socket, limits.maxBufferedBytes) > limits.maxBufferedBytes
      ? refused(rateLimited('This connection has not read what it was sent; wait.', READS_BACKED_UP_RETRY_MS, 'reads'))
      : null;
  const joinedCount = () => {
    let n = joinsUnderWay.size;
    for (const room of socket.rooms) if (room.startsWith(INCIDENT_ROOM_PREFIX) && !joinsUnderWay.has(room.slice(INCIDENT_ROOM_PREFIX.length))) n++;
    return n;
  };

  /** What a command's append is guarded by: the store writes it only while this session lives (SPEC AUTH8). */
  const session = data.kind === 'account' ? hashToken(data.token) : undefined;
  let checked: { principal: Principal; at: number } | null = null;
  /**
   * The session or display token may have ended since the handshake (another
   * process, a lost bus message): it is checked before every read. A command
   * (`forCommand`) reuses a check begun less than PRINCIPAL_REUSE_MS ago: the store
   * refuses its append if the session has ended meanwhile, in the same atomic step
   * as the write, so only the idle expiry can be up to that late (SPEC AUTH8).
   */
  const current = async (forCommand = false): Promise<Principal | null> => {
    const at = performance.now();
    if (forCommand && checked && at - checked.at < PRINCIPAL_REUSE_MS) return checked.principal;
    checked = null;
    if (data.kind === 'account') {
      const r = await services.sessions.check(data.token, { touch: true, accountId: data.accountId });
      if (r.ok) {
        checked = { principal: toActor(r.account), at };
        return checked.principal;
      }
      // After this request's UNAUTHENTICATED ack has gone out.
      setTimeout(() => endSession(socket, r.reason), 0);
      return null;
    }
    const r = await services.displays.check(data.token);
    if (r.ok) {
      checked = { principal: toDisplayPrincipal(r.display), at };
      return checked.principal;
    }
    setTimeout(() => revokeDisplay(socket), 0);
    return null;
  };
  const gone = () => refused(domainError(ErrorCode.UNAUTHENTICATED, SESSION_ENDED));

  socket.on(
    'command:submit',
    guarded(services, async (payload) => {
      const wait = commands.take();
      if (wait > 0) return refused(rateLimited('Too many commands from this connection; slow down.', wait, 'commands'));
      const principal = await current(true);
      if (!principal) return gone();
      const ack = await handleCommand(
        { registry: services.registry, events: services.store.events, agencies: services.agencies, log: services.log },
        principal,
        payload,
        session,
      );
      // The store found the session ended: a full check learns why and cuts the socket.
      if (!ack.ok && ack.error.code === ErrorCode.UNAUTHENTICATED) void current();
      return ack;
    }, commandAnswered(services, () => (data.kind === 'account' ? data.accountId : data.displayId))),
  );

  socket.on(
    'incident:join',
    guarded(services, async (payload) => {
      const wait = reads.take();
      if (wait > 0) return refused(rateLimited('Too many reads from this connection; slow down.', wait, 'reads'));
      const full = backedUp();
      if (full) return full;
      const id = (payload as { incidentId?: unknown } | null)?.incidentId;
      const takes = typeof id === 'string' && !inRoom(id) && !joinsUnderWay.has(id);
      if (takes && joinedCount() >= limits.maxJoined)
        return refused(rateLimited(`At most ${limits.maxJoined} incidents at once per connection; leave one first.`, 1000, 'joined'));
      const asked = ++step;
      if (typeof id === 'string') {
        lastAsked.set(id, { kind: 'join', step: asked });
        joinsUnderWay.set(id, (joinsUnderWay.get(id) ?? 0) + 1);
      }
      try {
        const principal = await current();
        if (!principal) return gone();
        return await joinIncident(
          services,
          principal,
          payload,
          (incidentId) => socket.join(incidentRoom(incidentId)),
          (incidentId) => socket.leave(incidentRoom(incidentId)),
          inRoom,
        );
      } finally {
        // Left while this join was answered (a page moved on from a long incident's load): it must
        // not stay in the room, getting every live event of an incident nobody shows.
        if (typeof id === 'string') {
          const last = lastAsked.get(id);
          const left = last?.kind === 'leave' && last.step > asked;
          const under = (joinsUnderWay.get(id) ?? 1) - 1;
          if (under > 0) joinsUnderWay.set(id, under);
          else {
            joinsUnderWay.delete(id);
            lastAsked.delete(id);
          }
          if (left) await socket.leave(incidentRoom(id));
        }
      }
    }, readAnswered(services)),
  );
  socket.on(
    'incident:fetch',
    guarded(services, async (payload) => {
      const wait = reads.take();
      if (wait > 0) return refused(rateLimited('Too many reads from this connection; slow down.', wait, 'reads'));
      const full = backedUp();
      if (full) return full;
      const principal = await current();
      if (!principal) return gone();
      return fetchPage(services, principal, payload);
    }, readAnswered(services)),
  );
  socket.on(
    'incident:leave',
    guarded(services, async (payload) => {
      const req = LeaveRequest.safeParse(payload);
      if (!req.success) return refused(schemaError(req.error));
      const id = req.data.incidentId;
      // Noted only while a join of it is under way, for that join to see when it ends.
      if (joinsUnderWay.has(id)) lastAsked.set(id, { kind: 'leave', step: ++step });
      await socket.leave(incidentRoom(id));
      return { ok: true };
    }, readAnswered(services)),
  );
}

export interface SlowClientPolicy {
  /** SOCKET_MAX_BUFFERED_BYTES (SPEC BUS2). */
  maxBufferedBytes: number;
  log: Pick<Logger, 'warn'>;
  metrics?: Pick<Metrics, 'slowClient'>;
}

/**
 * SPEC BUS2: after an emit to a room, every socket of it on this process whose
 * outbound queue is past the limit is disconnected. Its share of this emit and
 * of everything after is dropped, and nobody else waits for it.
 */
function cutSlowSockets(io: PortlineServer, room: string, policy: SlowClientPolicy): void {
  const ids = io.of('/').adapter.rooms.get(room);
  if (!ids) return;
  const sockets = io.of('/').sockets;
  for (const sid of ids) {
    const socket = sockets.get(sid);
    if (!socket) continue;
    const pending = pendingBytes(socket, policy.maxBufferedBytes);
    if (pending <= policy.maxBufferedBytes || !cutSlowSocket(socket)) continue;
    policy.log.warn(
      { socket: sid, pendingBytes: pending, limit: policy.maxBufferedBytes, room, user: socket.data.kind === 'account' ? socket.data.accountId : socket.data.displayId },
      'slow client disconnected',
    );
    policy.metrics?.slowClient();
  }
}

/** Per server: how many agency lobbies have a socket on this process (`countAgencyLobbies`), and the adapter counted. */
const agencyLobbies = new WeakMap<PortlineServer, { rooms: number; adapter: unknown }>();

/**
 * Keeps count of the agency lobbies that have a socket on this process (a liaison's or
 * responder's), so that a list hint need not walk every room (each socket's own rooms included)
 * to ask. Counted from the adapter's own room events: it creates a room with its first socket
 * and deletes it with its last, however the socket leaves (a leave, or the leave of all its rooms
 * on disconnect), so the count cannot drift from the rooms whichever code joins or leaves them.
 * Called by createSocketServer before any socket connects. An adapter set later (`io.adapter(…)`)
 * would replace the one counted: the rooms are then walked instead (`agencyLobbiesWithSockets`).
 */
export function countAgencyLobbies(io: PortlineServer): void {
  const adapter = io.of('/').adapter;
  const count = { rooms: 0, adapter };
  adapter.on('create-room', (room: string) => {
    if (room.startsWith(AGENCY_LOBBY_PREFIX)) count.rooms++;
  });
  adapter.on('delete-room', (room: string) => {
    if (room.startsWith(AGENCY_LOBBY_PREFIX)) count.rooms--;
  });
  agencyLobbies.set(io, count);
}

/**
 * How many agency lobbies have a socket on this process: the kept count, or, for a server not
 * counted or whose adapter was replaced since, the rooms walked (each socket's own included).
 */
export function agencyLobbiesWithSockets(io: PortlineServer): number {
  const adapter = io.of('/').adapter;
  const count = agencyLobbies.get(io);
  if (count && count.adapter === adapter) return count.rooms;
  let rooms = 0;
  for (const [room, ids] of adapter.rooms) if (ids.size > 0 && room.startsWith(AGENCY_LOBBY_PREFIX)) rooms++;
  return rooms;
}

/**
 * Pushes applied events to this process's sockets in the incident's room, and a hint to lists.
 * `hintAgencies`: whose lists hear the incident's hint (IncidentRegistry.hintAgencies, which looks
 * them up when this process has not seen them, if `lookUp`); null if they could not be found: the
 * hint then goes only to the lobby of those who read every incident, never to every agency's
 * (SPEC AUTH5). When no agency's lobby has a socket here, nothing is looked up (a look-up may load
 * and fold the whole incident, SPEC OPS5) and the hint goes to that lobby only.
 */
export function createFanOut(
  getIo: () => PortlineServer | null,
  metrics?: Pick<Metrics, 'fanOut'>,
  slow?: SlowClientPolicy,
  hintAgencies: (incidentId: string, lookUp: boolean) => readonly string[] | null | Promise<readonly string[] | null> = () => null,
) {
  // incidentId → newest seq seen while its list hint is pending.
  const pendingHints = new Map<string, number>();
  return (incidentId: string, events: IncidentEvent[], seq: number): void => {
    const io = getIo();
    if (!io) return;
    const room = incidentRoom(incidentId);
    // Nobody here follows the incident (a hub loading it for a list or a replay reads its whole
    // log in pages): nothing to encode. Socket.IO serialises a packet before it looks at the room.
    if (events.length > 0 && io.sockets.adapter.rooms.get(room)?.size) {
      metrics?.fanOut(events);
      // SPEC AUTH5: an event that takes agencies out is the last their sockets get; they leave
      // the room before the rest of the batch goes out (a feed rejoins if they are added back).
      let from = 0;
      events.forEach((ev, i) => {
        if (ev.type !== 'IncidentUpdated' || !ev.payload.agencies) return;
        io.to(room).emit('incident:events', { incidentId, events: events.slice(from, i + 1) });
        from = i + 1;
        // An incident whose agencies change is not closed (INC2), so the phase does not decide here.
        const after = { id: incidentId, agencies: ev.payload.agencies.to, phase: 'response' as const };
        for (const sid of io.sockets.adapter.rooms.get(room) ?? []) {
          const socket = io.sockets.sockets.get(sid);
          if (socket && !canReadIncident(socket.data.principal, after)) void socket.leave(room);
        }
      });
      if (from < events.length) io.to(room).emit('incident:events', { incidentId, events: from === 0 ? events : events.slice(from) });
      if (slow) cutSlowSockets(io, room, slow);
    }
    // Lists refresh at most once a second per incident, with the newest seq.
    const waiting = pendingHints.has(incidentId);
    pendingHints.set(incidentId, Math.max(seq, pendingHints.get(incidentId) ?? 0));
    if (waiting) return;
    setTimeout(() => {
      const latest = pendingHints.get(incidentId) ?? seq;
      pendingHints.delete(incidentId);
      const agencyEars = agencyLobbiesWithSockets(io) > 0;
      void Promise.resolve()
        .then(() => hintAgencies(incidentId, agencyEars))
        .catch(() => null)
        .then((agencies) =>
          io.to(agencyEars ? [LOBBY, ...(agencies ?? []).map(agencyLobby)] : [LOBBY]).emit('incidents:changed', { incidentId, seq: latest }),
        );
    }, LIST_HINT_MS);
  };
}
