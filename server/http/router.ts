import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Principal } from '../../lib/domain/actor';
import { domainError, ErrorCode, type DomainError } from '../../lib/domain/errors';
import { LIMITS } from '../../lib/domain/limits';
import { DISPLAY_AUTH_SCHEME } from '../../lib/protocol/http';
import { toDisplayPrincipal } from '../auth/displays';
import { sessionFromCookie, toActor, type ResolvedSession } from '../auth/sessions';
import type { Logger } from '../log';
import type { Services } from '../services';
import { StoreUnavailableError } from '../store/types';
import { httpOriginAllowed } from './origin';
import { HttpError, readJson, sendError, sendFile, sendJson, type RawJson } from './respond';

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  params: Record<string, string>;
  query: URLSearchParams;
  services: Services;
  /** The process's logger with this request's `reqId` (also sent back as X-Request-Id). */
  log: Logger;
  /** The signed-in account's session. Set on 'account' routes (and on 'reader' routes called by an account). */
  auth: ResolvedSession;
  /** Who is asking: the account as an Actor, or a display. Set on every route but 'public'. */
  principal: Principal;
  /** The session token this request came with (Bearer or cookie), if any. */
  token: string | undefined;
  body: () => Promise<unknown>;
}

/**
 * Who may call a route: 'public' (no credentials), 'account' (a session; the
 * default), 'reader' (a session or a display token), 'display' (a display token).
 */
export type Access = 'public' | 'account' | 'reader' | 'display';

export interface Route {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT';
  path: string;
  /** @default 'account' */
  access?: Access;
  /** Allowed while the account must still change its password. */
  beforePasswordChange?: boolean;
  /** Largest request body in bytes. @default LIMITS.payloadBytes */
  bodyLimit?: number;
  handle: (ctx: RouteContext) => Promise<RouteResult>;
}

/**
 * A route answers JSON (`body`, sent as `{ ok: true, ...body }`, and `raw`: more keys whose
 * values are JSON already encoded, such as stored events and states) or a download
 * (`file`: CSV, JSON Lines), sent as an attachment with its own content type.
 */
export type RouteResult =
  | { status?: number; body: Record<string, unknown>; raw?: RawJson | readonly RawJson[]; headers?: Record<string, string>; file?: undefined }
  | { file: FileAnswer; headers?: Record<string, string>; body?: undefined; status?: undefined };

export interface FileAnswer {
  /** e.g. 'text/csv; charset=utf-8', 'application/x-ndjson; charset=utf-8'. */
  contentType: string;
  /** Suggested file name (Content-Disposition: attachment). ASCII is safest; others are RFC 5987 encoded. */
  filename: string;
  /** The whole content, or chunks written as they come (large logs). */
  content: string | Buffer | AsyncIterable<string | Buffer>;
}

function compile(path: string): RegExp {
  return new RegExp('^' + path.replace(/:([a-zA-Z]+)/g, '(?<$1>[^/]+)') + '$');
}

type Credential = { kind: 'session'; token: string } | { kind: 'display'; token: string } | null;

/**
 * `Authorization: Bearer <session token>` (scripts), `Authorization: Display
 * <display token>` (wall screens), or the session cookie (browsers).
 */
function requestCredential(req: IncomingMessage, config: Services['config']): Credential {
  const h = req.headers.authorization;
  if (h?.startsWith('Bearer ')) return { kind: 'session', token: h.slice(7).trim() };
  if (h?.startsWith(`${DISPLAY_AUTH_SCHEME} `)) return { kind: 'display', token: h.slice(DISPLAY_AUTH_SCHEME.length + 1).trim() };
  const cookie = sessionFromCookie(req.headers, config);
  return cookie ? { kind: 'session', token: cookie } : null;
}

/**
 * CSRF (SPEC AUTH11): state-changing requests must be JSON (a cross-site form
 * cannot send that without a CORS preflight we never grant) and, when the
 * browser sends an Origin, come from our own origin.
 */
function csrfOk(req: IncomingMessage, services: Services): boolean {
  if (req.method === 'GET') return true;
  const type = req.headers['content-type'] ?? '';
  if (!type.toLowerCase().startsWith('application/json')) return false;
  return httpOriginAllowed(req.headers, services.config);
}

const DISPLAY_READS_ONLY = 'A wall screen only reads.';

async function authenticate(
  route: Route,
  req: IncomingMessage,
  services: Services,
): Promise<{ auth: ResolvedSession | null; principal: Principal | null; token: string | undefined }> {
  const access = route.access ?? 'account';
  const cred = requestCredential(req, services.config);
  const token = cred?.kind === 'session' ? cred.token : undefined;
  if (access === 'public') return { auth: null, principal: null, token };
  if (cred?.kind === 'display') {
    const display = await services.displays.resolve(cred.token);
    if (!display) throw HttpError.of(ErrorCode.UNAUTHENTICATED, 'This display token is not valid or was revoked.');
    if (access === 'account') throw HttpError.of(ErrorCode.FORBIDDEN, DISPLAY_READS_ONLY);
    return { auth: null, principal: toDisplayPrincipal(display), token: undefined };
  }
  const auth = await services.sessions.resolve(token);
  if (!auth) throw HttpError.of(ErrorCode.UNAUTHENTICATED, 'Sign in first.');
  if (access === 'display') throw HttpError.of(ErrorCode.FORBIDDEN, 'Only a display token reads this; accounts use /api/incidents.');
  if (auth.account.mustChangePassword && !route.beforePasswordChange)
    throw HttpError.of(ErrorCode.FORBIDDEN, 'Change your one-time password first.');
  return { auth, principal: toActor(auth.account), token };
}

/**
 * The request id in logs and the X-Request-Id response header: the one a proxy
 * sent (nginx's $request_id), if it looks like an id, else a new one.
 */
export function requestId(req: IncomingMessage): string {
  const sent = req.headers['x-request-id'];
  return typeof sent === 'string' && /^[\w.:-]{1,64}$/.test(sent) ? sent : randomUUID();
}

export function createApiHandler(routes: readonly Route[], services: Services) {
  const table = routes.map((r) => ({ ...r, re: compile(r.path) }));
  return async function handleApi(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const reqId = requestId(req);
    res.setHeader('x-request-id', reqId);
    const log = services.log.child({ reqId });
    const t0 = performance.now();
    res.once('finish', () => {
      const line = { method: req.method, path: url.pathname, status: res.statusCode, ms: Math.round(performance.now() - t0) };
      if (res.statusCode >= 500) log.warn(line, 'api request');
      else log.info(line, 'api request');
    });
    const fail = (error: DomainError, headers?: Record<string, string>): void => {
      services.metrics.error(error.code, 'http');
      sendError(res, error, headers);
    };
    try {
      let matchedPath = false;
      for (const r of table) {
        const m = r.re.exec(url.pathname);
        if (!m) continue;
        matchedPath = true;
        if (r.method !== req.method) continue;
        if (!csrfOk(req, services)) throw HttpError.of(ErrorCode.FORBIDDEN, 'Cross-site or non-JSON request refused.');
        const { auth, principal, token } = await authenticate(r, req, services);
        const params: Record<string, string> = {};
        for (const [k, v] of Object.entries(m.groups ?? {})) {
          try {
            params[k] = decodeURIComponent(v);
          } catch {
            throw HttpError.of(ErrorCode.BAD_REQUEST, 'The path is not valid.');
          }
        }
        const out = await r.handle({
          req,
          res,
          params,
          query: url.searchParams,
          services,
          log,
          auth: auth as ResolvedSession,
          principal: principal as Principal,
          token,
          body: () => readJson(req, r.bodyLimit ?? LIMITS.payloadBytes),
        });
        if (out.file) await sendFile(res, out.file, out.headers);
        else sendJson(res, out.status ?? 200, { ok: true, ...out.body }, out.headers, out.raw);
        return;
      }
      throw matchedPath
        ? HttpError.of(ErrorCode.BAD_REQUEST, `Method ${req.method} not allowed here.`)
        : HttpError.of(ErrorCode.NOT_FOUND, 'No such route.');
    } catch (err) {
      if (res.headersSent) {
        // A download failed mid-stream (source error or client gone): too late for a typed answer.
        log.warn({ err, url: url.pathname }, 'download cut short');
        res.destroy();
        return;
      }
      if (err instanceof HttpError) return fail(err.error, err.headers);
      if (err instanceof StoreUnavailableError) return fail(domainError(ErrorCode.STORE_UNAVAILABLE, 'The store is unavailable. Try again.'));
      log.error({ err, url: url.pathname }, 'api route failed');
      // Not "nothing was changed": a route may have written one thing of several (docs/protocol.md).
      fail(domainError(ErrorCode.INTERNAL, 'Internal error. Read back what you changed before trying again.'));
    }
  };
}
