import type { ExtendedError, Socket } from 'socket.io';
import type { Actor, DisplayPrincipal } from '../../lib/domain/actor';
import { ErrorCode } from '../../lib/domain/errors';
import { HandshakeAuth, type ConnectErrorData } from '../../lib/protocol/socket';
import { PROTOCOL_VERSION } from '../../lib/protocol/version';
import { toDisplayPrincipal } from '../auth/displays';
import { sessionFromCookie, toActor } from '../auth/sessions';
import { socketOriginAllowed } from '../http/origin';
import type { Services } from '../services';

/** What a connected socket is, set once by the handshake. */
export type SocketData =
  | { kind: 'account'; principal: Actor; token: string; sessionId: string; accountId: string }
  | { kind: 'display'; principal: DisplayPrincipal; token: string; displayId: string };

export const accountRoom = (id: string) => `account:${id}`;
export const sessionRoom = (id: string) => `session:${id}`;
export const displayRoom = (id: string) => `display:${id}`;

function refuse(code: ErrorCode, message: string): ExtendedError {
  const err = new Error(message) as Error & { data: ConnectErrorData };
  err.data = { code, message };
  return err;
}

/**
 * The handshake (SPEC AUTH1, AUTH7, AUTH11): protocol version, then the
 * browser's Origin, then a session (auth.token or the cookie) or a display token
 * (auth.displayToken). Refusals reach the client as connect_error with a typed
 * `data.code`.
 */
export function handshake(services: Services) {
  return (socket: Socket, proceed: (err?: ExtendedError) => void): void => {
    const next = (err?: ExtendedError): void => {
      const code = (err as { data?: ConnectErrorData } | undefined)?.data?.code;
      if (code) services.metrics.error(code, 'handshake');
      proceed(err);
    };
    const auth = HandshakeAuth.safeParse(socket.handshake.auth);
    if (!auth.success) return next(refuse(ErrorCode.BAD_REQUEST, 'Send { protocolVersion } in the handshake auth.'));
    if (auth.data.protocolVersion !== PROTOCOL_VERSION)
      return next(refuse(ErrorCode.CLIENT_TOO_OLD, `This server speaks protocol ${PROTOCOL_VERSION}; reload the page.`));
    if (!socketOriginAllowed(socket.handshake.headers, services.config))
      return next(refuse(ErrorCode.FORBIDDEN, 'This origin may not connect.'));
    if (auth.data.displayToken !== undefined && auth.data.token !== undefined)
      return next(refuse(ErrorCode.BAD_REQUEST, 'Send either a session token or a display token, not both.'));

    const failed = () => next(refuse(ErrorCode.STORE_UNAVAILABLE, 'The store is unavailable. Try again.'));
    if (auth.data.displayToken !== undefined) {
      const token = auth.data.displayToken;
      services.displays.check(token).then((r) => {
        if (!r.ok)
          return next(refuse(ErrorCode.UNAUTHENTICATED, r.revoked ? 'This screen was revoked.' : 'This display token is not valid.'));
        socket.data = { kind: 'display', principal: toDisplayPrincipal(r.display), token, displayId: r.display.id };
        next();
      }, failed);
      return;
    }

    const token = auth.data.token ?? sessionFromCookie(socket.handshake.headers, services.config);
    services.sessions.resolve(token).then((resolved) => {
      if (!resolved || !token) return next(refuse(ErrorCode.UNAUTHENTICATED, 'Sign in first.'));
      if (resolved.account.mustChangePassword) return next(refuse(ErrorCode.FORBIDDEN, 'Change your one-time password first.'));
      socket.data = {
        kind: 'account',
        principal: toActor(resolved.account),
        token,
        sessionId: resolved.session.id,
        accountId: resolved.account.id,
      };
      next();
    }, failed);
  };
}
