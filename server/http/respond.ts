import { maxHeaderSize, type IncomingMessage, type ServerResponse } from 'node:http';
import { Readable, type Duplex } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertNever, domainError, ErrorCode, type DomainError } from '../../lib/domain/errors';
import { asciiJson } from '../ascii-json';
import { wellFormed } from '../../lib/domain/text';
import type { Config } from '../config';
import { securityHeaders } from './security-headers';

export function httpStatusOf(code: ErrorCode): number {
  switch (code) {
    case ErrorCode.BAD_REQUEST:
    case ErrorCode.UNKNOWN_COMMAND:
      return 400;
    case ErrorCode.UNAUTHENTICATED:
      return 401;
    case ErrorCode.FORBIDDEN:
      return 403;
    case ErrorCode.NOT_FOUND:
      return 404;
    case ErrorCode.ALREADY_EXISTS:
    case ErrorCode.CONFLICT:
    case ErrorCode.INVALID_TRANSITION:
    case ErrorCode.INCIDENT_CLOSED:
      return 409;
    case ErrorCode.PAYLOAD_TOO_LARGE:
      return 413;
    case ErrorCode.CLIENT_TOO_OLD:
      return 426;
    case ErrorCode.RATE_LIMITED:
      return 429;
    case ErrorCode.STORE_UNAVAILABLE:
      return 503;
    case ErrorCode.TIMEOUT:
      return 504;
    case ErrorCode.INTERNAL:
      return 500;
    case ErrorCode.BAD_RESPONSE: // the client's own: a server never answers with it
      return 502;
    default:
      return assertNever(code);
  }
}

/**
 * A member of a JSON answer sent as already encoded (see sendJson): an array of its items' JSON
 * texts, or a whole JSON value's bytes in ASCII (a kept page of the log, a checkpoint's state:
 * server/http/event-pages.ts).
 */
export type RawJson = { key: string; items: readonly string[] } | { key: string; bytes: Buffer };

/** A typed failure a route throws; turned into `{ ok: false, error }`. */
export class HttpError extends Error {
  constructor(
    readonly error: DomainError,
    readonly headers: Record<string, string> = {},
  ) {
    super(error.message);
  }
  static of(code: ErrorCode, message: string, details?: Record<string, unknown>): HttpError {
    return new HttpError(domainError(code, message, details));
  }
  /** RATE_LIMITED with `details.retryAfter` (seconds) and a Retry-After header. */
  static rateLimited(message: string, waitMs: number): HttpError {
    const retryAfter = Math.max(1, Math.ceil(waitMs / 1000));
    return new HttpError(domainError(ErrorCode.RATE_LIMITED, message, { retryAfter }), { 'retry-after': String(retryAfter) });
  }
}

/**
 * Sends `body` as JSON, in ASCII (asciiJson). With `raw`, body[m.key] is each member's value,
 * spliced in as it is (stored events, a stored state: no parse and no stringify); `body` must
 * then be an object without those keys.
 */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  raw?: RawJson | readonly RawJson[],
): void {
  const text = asciiJson(JSON.stringify(body));
  const members: readonly RawJson[] = raw === undefined ? [] : 'key' in raw ? [raw] : raw;
  // ASCII: a character is a byte.
  const head = (length: number) =>
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': length,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      ...headers,
    });
  if (members.length === 0) {
    head(text.length);
    res.end(text);
    return;
  }
  const parts: Buffer[] = [];
  let before = `${text.slice(0, -1)}${text === '{}' ? '' : ','}`;
  for (const m of members) {
    parts.push(Buffer.from(`${before}${asciiJson(JSON.stringify(m.key))}:`, 'latin1'));
    parts.push('bytes' in m ? m.bytes : Buffer.from(`[${m.items.map(asciiJson).join(',')}]`, 'latin1'));
    before = ',';
  }
  parts.push(CLOSE);
  // Each part written as it is, in one writev (corked until end), not joined into a new buffer
  // first: a kept page or state (up to 1.5 MB, sent again on every open and by every fill) was
  // copied per answer, and those copies brought on the server's garbage collections, which held
  // a person's moment request up to ~30 ms (docs/performance.md).
  head(parts.reduce((n, p) => n + p.length, 0));
  res.cork();
  for (const p of parts) res.write(p);
  res.end();
}

const CLOSE = Buffer.from('}');

/**
 * Sends a download (see FileAnswer in router.ts). Streamed content goes through
 * stream.pipeline: backpressure, and a client that goes away or a source that
 * fails mid-stream destroys both ends (the rejection reaches the router, which
 * then only logs: the headers are already sent).
 */
export async function sendFile(
  res: ServerResponse,
  file: { contentType: string; filename: string; content: string | Buffer | AsyncIterable<string | Buffer> },
  headers: Record<string, string> = {},
): Promise<void> {
  const ascii = file.filename.replace(/[^\w.-]+/g, '_');
  res.writeHead(200, {
    'content-type': file.contentType,
    'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(wellFormed(file.filename))}`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  const c = file.content;
  if (typeof c === 'string' || Buffer.isBuffer(c)) {
    res.end(c);
    return;
  }
  await pipeline(Readable.from(c), res);
}

/**
 * A request Node's HTTP parser refuses before any route sees it (request line and
 * headers over the 16 KiB limit, a malformed request): answered, like every other
 * error, with a typed JSON error instead of Node's bare status line, then closed.
 * It carries the security headers every answer carries (SPEC AUTH11), made from the
 * config alone: the request's headers were not parsed.
 */
export function answerClientError(err: Error & { code?: string }, socket: Duplex, config: Config): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
  answerOnSocket(
    socket,
    config,
    tooLarge ? 431 : 400,
    tooLarge ? 'Request Header Fields Too Large' : 'Bad Request',
    tooLarge
      ? domainError(ErrorCode.PAYLOAD_TOO_LARGE, `The request line and headers are over ${Math.round(maxHeaderSize / 1024)} KiB.`)
      : domainError(ErrorCode.BAD_REQUEST, 'The request is not valid HTTP.'),
  );
}

/**
 * An upgrade (a WebSocket) to a path nobody serves: answered 404 NOT_FOUND and closed. Left
 * alone, an upgraded socket has no timeout: anyone, signed in or not, could hold connections
 * (file descriptors) open until the process ran out of them.
 */
export function refuseUpgrade(socket: Duplex, config: Config): void {
  if (!socket.writable) return void socket.destroy();
  answerOnSocket(socket, config, 404, 'Not Found', domainError(ErrorCode.NOT_FOUND, 'No WebSocket is served at this path.'));
}

/** A typed JSON error written straight to a socket that has no ServerResponse (a parser's refusal, an upgrade), then closed. */
function answerOnSocket(socket: Duplex, config: Config, status: number, reason: string, error: DomainError): void {
  const body = JSON.stringify({ ok: false, error });
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    'cache-control': 'no-store',
    ...securityHeaders(config, {}),
    connection: 'close',
  };
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\n` +
      Object.entries(headers)
        .map(([name, value]) => `${name}: ${value}\r\n`)
        .join('') +
      '\r\n' +
      body,
  );
  // Ended, and destroyed if the other side does not close it (a client that keeps it open).
  setTimeout(() => socket.destroy(), 1000).unref();
}

export function sendError(res: ServerResponse, error: DomainError, headers: Record<string, string> = {}): void {
  sendJson(res, httpStatusOf(error.code), { ok: false, error }, headers);
}

/** How long the rest of a body over its limit is read and dropped, after the 413, before the connection is cut. */
const DRAIN_MS = 10_000;

/**
 * Reads a JSON body up to `limit` bytes. Past it (a body without Content-Length, chunked), the
 * rest is read and dropped, not stored, while the 413 is answered: the loop over the request that
 * threw destroyed it, and its socket with it, so the client got a reset (behind nginx a 502), not
 * the typed error; and a socket closed while the client still sends loses the answer too (the
 * client's next write meets a reset). The drain lasts DRAIN_MS at most.
 */
export async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw HttpError.of(ErrorCode.PAYLOAD_TOO_LARGE, `The body is over ${limit} bytes.`);
  const chunks: Buffer[] = [];
  let size = 0;
  await new Promise<void>((resolve, reject) => {
    if (req.readableEnded) return resolve(); // read before: nothing more comes
    // The client went away (before this read, or during it): no 'end' nor 'error' comes then.
    const gone = () => reject(new Error('the request was closed before its body was read'));
    if (req.destroyed) return gone();
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      chunks.length = 0;
      req.off('data', onData);
      req.resume(); // drained, dropped
      // Not for ever: a client that goes on sending loses the connection after a while.
      setTimeout(() => req.readableEnded || req.destroy(), DRAIN_MS).unref();
      reject(HttpError.of(ErrorCode.PAYLOAD_TOO_LARGE, `The body is over ${limit} bytes.`));
    };
    req.on('data', onData);
    req.once('end', resolve);
    req.once('error', reject);
    req.once('close', () => req.readableEnded || gone());
  });
  if (size === 0) return {};
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw HttpError.of(ErrorCode.BAD_REQUEST, 'The body is not valid JSON.', { issues: [{ path: '', message: 'not valid JSON' }] });
  }
}
