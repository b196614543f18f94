import type { Socket } from 'socket.io';
import { assertNever } from '../../lib/domain/errors';
import type { ClientToServerEvents, ServerToClientEvents, SessionEndReason } from '../../lib/protocol/socket';
import type { Services } from '../services';
import type { ControlMessage } from '../store/control-message';
import type { SocketData } from './handshake';

type AnySocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
interface SocketSource {
  sockets: { sockets: Map<string, AnySocket> };
}

const ENDED: Record<SessionEndReason, string> = {
  'signed-out': 'You signed out.',
  revoked: 'An administrator ended this session.',
  'account-disabled': 'This account was disabled.',
  'account-changed': "This account's role or agency changed; sign in again.",
  'password-reset': 'An administrator set a new password; sign in again.',
  'password-changed': 'The password was changed in another session; sign in again.',
  expired: 'The session expired; sign in again.',
};

/** A client that ignores the disconnect packet loses its transport as well. */
const FORCE_CLOSE_AFTER_MS = 1_000;

function cut(socket: AnySocket): void {
  const conn = socket.conn;
  // A server-side disconnect: socket.io-client does not reconnect by itself.
  socket.disconnect();
  setTimeout(() => conn.close(), FORCE_CLOSE_AFTER_MS).unref();
}

/** Tells the client why, then disconnects it (SPEC AUTH8). */
export function endSession(socket: AnySocket, reason: SessionEndReason): void {
  if (socket.disconnected) return;
  socket.emit('session:ended', { reason, message: ENDED[reason] });
  cut(socket);
}

export function revokeDisplay(socket: AnySocket): void {
  if (socket.disconnected || socket.data.kind !== 'display') return;
  socket.emit('display:revoked', { displayId: socket.data.displayId, message: 'This screen was revoked by an administrator.' });
  cut(socket);
}

function apply(source: SocketSource, services: Services, m: ControlMessage): void {
  const sockets = [...source.sockets.sockets.values()];
  switch (m.type) {
    case 'session-ended':
      for (const s of sockets) if (s.data.kind === 'account' && s.data.sessionId === m.sessionId) endSession(s, m.reason);
      return;
    case 'account-sessions-ended':
      for (const s of sockets) {
        if (s.data.kind !== 'account' || s.data.accountId !== m.accountId || s.data.sessionId === m.exceptSessionId) continue;
        // The session that changed its password was renewed, not ended for its holder: cut without
        // session:ended, the page reconnects with its new cookie (a copy of the old one is refused).
        if (s.data.sessionId === m.renewedSessionId) {
          if (!s.disconnected) cut(s);
        } else endSession(s, m.reason);
      }
      return;
    case 'display-revoked':
      for (const s of sockets) if (s.data.kind === 'display' && s.data.displayId === m.displayId) revokeDisplay(s);
      return;
    case 'agencies-changed':
      services.agencies.invalidate();
      // Every page and wall reads the list again (a wall left alone would show a new agency's code for good).
      for (const s of sockets) s.emit('agencies:changed', {});
      return;
    case 'plans-changed':
      // A board left open all shift activates the plan as it is now, not as it was at its load.
      for (const s of sockets) if (s.data.kind === 'account') s.emit('plans:changed', {});
      return;
    default:
      assertNever(m);
  }
}

/** The re-check lets other work in (timers, I/O, other sockets' requests) after this many sockets. */
export const RECHECK_YIELD_EVERY = 50;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Re-checks every open socket's session or display token against the store.
 * The bus is at most once: this catches a message lost while Redis was away, and
 * sessions that expired while their socket stayed open. It does not count as
 * activity: neither a session's nor a display's lastSeenAt moves (`touch: false`).
 * A synchronous store (SQLite) answers each check in the same turn, so the pass
 * yields to the event loop every RECHECK_YIELD_EVERY sockets.
 */
export async function recheckAll(source: SocketSource, services: Services): Promise<void> {
  let n = 0;
  for (const s of [...source.sockets.sockets.values()]) {
    if (s.disconnected) continue;
    if (n > 0 && n % RECHECK_YIELD_EVERY === 0) {
      await nextTurn();
      if (s.disconnected) continue;
    }
    n++;
    try {
      if (s.data.kind === 'account') {
        const r = await services.sessions.check(s.data.token, { touch: false });
        if (!r.ok) endSession(s, r.reason);
      } else {
        const r = await services.displays.check(s.data.token, { touch: false });
        if (!r.ok) revokeDisplay(s);
      }
    } catch {
      return; // the store is down: try again next time
    }
  }
}

/**
 * One re-check pass at a time. `tick` (the timer) is skipped while a pass runs: a pass that
 * takes longer than the interval (a slow store, many sockets) does not pile up behind itself.
 * `resync` (the bus came back) during a pass runs one more pass after it: the running one may
 * have checked some sockets before the messages it lost took effect.
 */
export function createRechecker(source: SocketSource, services: Services): { tick(): Promise<void>; resync(): Promise<void> } {
  let running: Promise<void> | null = null;
  let again = false;
  const run = (): Promise<void> => {
    running = recheckAll(source, services)
      .catch(() => undefined)
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          void run();
        }
      });
    return running;
  };
  return {
    tick: () => running ?? run(),
    resync: () => {
      if (!running) return run();
      again = true;
      return running;
    },
  };
}

/** Wires the control bus to this process's sockets; returns the stop function. */
export function startControl(source: SocketSource, services: Services): () => void {
  const recheck = createRechecker(source, services);
  const offMessage = services.store.control.subscribe((m) => apply(source, services, m));
  const offResync = services.store.control.onResync(() => void recheck.resync());
  const timer = setInterval(() => void recheck.tick(), services.config.authRecheckMs);
  timer.unref();
  return () => {
    offMessage();
    offResync();
    clearInterval(timer);
  };
}
