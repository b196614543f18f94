import type { IncomingMessage, ServerResponse } from 'node:http';
import { domainError, ErrorCode } from '../../lib/domain/errors';
import { LIMITS } from '../../lib/domain/limits';
import { SESSION_COOKIE } from '../../lib/protocol/http';
import { readCookie, type ResolvedSession } from '../auth/sessions';
import type { Services } from '../services';
import { StoreUnavailableError } from '../store/types';
import { HttpError, readJson, sendError, sendJson } from './respond';

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  params: Record<string, string>;
  query: URLSearchParams;
  services: Services;
  /** The signed-in session (required unless the route is public). */
  auth: ResolvedSession;
  /** The bearer token this request authenticated with. */
  token: string | undefined;
  body: () => Promise<unknown>;
}

export interface Route {
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
  /** No session needed. */
  public?: boolean;
  /** Allowed while the account must still change its password. */
  beforePasswordChange?: boolean;
  handle: (ctx: RouteContext) => Promise<{ status?: number; body: Record<string, unknown>; headers?: Record<string, string> }>;
}

function compile(path: string): RegExp {
  return new RegExp('^' + path.replace(/:([a-zA-Z]+)/g, '(?<$1>[^/]+)') + '$');
}

/** The bearer token: `Authorization: Bearer …` (scripts) or the session cookie (browsers). */
export function requestToken(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  if (h?.startsWith('Bearer ')) return h.slice(7).trim();
  return readCookie(req.headers.cookie, SESSION_COOKIE);
}

/**
 * State-changing requests must be JSON (a cross-site form cannot send that
 * without a CORS preflight we never grant) and, when the browser sends an
 * Origin, come from our own origin.
 */
function csrfOk(req: IncomingMessage, services: Services): boolean {
  if (req.method === 'GET') return true;
  const type = req.headers['content-type'] ?? '';
  if (!type.toLowerCase().startsWith('application/json')) return false;
  const origin = req.headers.origin;
  if (!origin) return true;
  const allowed = services.config.publicUrl ? new URL(services.config.publicUrl).origin : null;
  const host = req.headers['x-forwarded-host'] && services.config.trustProxy ? req.headers['x-forwarded-host'] : req.headers.host;
  try {
    const o = new URL(origin);
    return o.origin === allowed || o.host === host;
  } catch {
    return false;
  }
}

export function createApiHandler(routes: readonly Route[], services: Services) {
  const table = routes.map((r) => ({ ...r, re: compile(r.path) }));
  return async function handleApi(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    try {
      let matchedPath = false;
      for (const r of table) {
        const m = r.re.exec(url.pathname);
        if (!m) continue;
        matchedPath = true;
        if (r.method !== req.method) continue;
        if (!csrfOk(req, services))
          throw HttpError.of(ErrorCode.FORBIDDEN, 'Cross-site or non-JSON request refused.');
        const token = requestToken(req);
        const auth = r.public ? null : await services.sessions.resolve(token);
        if (!r.public && !auth) throw HttpError.of(ErrorCode.UNAUTHENTICATED, 'Sign in first.');
        if (auth?.account.mustChangePassword && !r.beforePasswordChange)
          throw HttpError.of(ErrorCode.FORBIDDEN, 'Change your one-time password first.');
        const out = await r.handle({
          req,
          res,
          params: Object.fromEntries(Object.entries(m.groups ?? {}).map(([k, v]) => [k, decodeURIComponent(v)])),
          query: url.searchParams,
          services,
          auth: auth as ResolvedSession,
          token,
          body: () => readJson(req, LIMITS.payloadBytes),
        });
        sendJson(res, out.status ?? 200, { ok: true, ...out.body }, out.headers);
        return;
      }
      throw matchedPath
        ? HttpError.of(ErrorCode.BAD_REQUEST, `Method ${req.method} not allowed here.`)
        : HttpError.of(ErrorCode.NOT_FOUND, 'No such route.');
    } catch (err) {
      if (err instanceof HttpError) return sendError(res, err.error);
      if (err instanceof StoreUnavailableError)
        return sendError(res, domainError(ErrorCode.STORE_UNAVAILABLE, 'The store is unavailable. Try again.'));
      services.log.error({ err, url: url.pathname }, 'api route failed');
      sendError(res, domainError(ErrorCode.INTERNAL, 'Internal error; nothing was changed.'));
    }
  };
}
