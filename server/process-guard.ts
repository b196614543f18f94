import type { Logger } from './log';
import type { Metrics } from './metrics';
import { REDIS_UNAVAILABLE_REPLY, StoreUnavailableError } from './store/types';

/**
 * SPEC OPS2: a store that is slow or away must not end the process. Every
 * store call of ours is awaited or caught, but a library may still publish
 * without a catch (@socket.io/redis-adapter 8.3 does; node-redis then rejects
 * with a TimeoutError after its command timeout when the event loop is
 * starved), and Node's default is to exit on an unhandled rejection.
 */

/** Errors node-redis raises when Redis is slow, restarting or unreachable (by name: any copy of the library). */
const TRANSIENT_NAMES: ReadonlySet<string> = new Set([
  'StoreUnavailableError',
  'TimeoutError',
  'ConnectionTimeoutError',
  'SocketTimeoutError',
  'SocketTimeoutDuringMaintenanceError',
  'CommandTimeoutDuringMaintenanceError',
  'ClientClosedError',
  'ClientOfflineError',
  'DisconnectsClientError',
  'SocketClosedUnexpectedlyError',
  'ReconnectStrategyError',
  'AbortError',
]);
/** Socket errors on the way to the store. */
const TRANSIENT_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'SQLITE_BUSY',
]);
/** True for a store error that goes away by itself (retry later); false for anything that may be a bug. */
export function isTransientStoreError(err: unknown, depth = 0): boolean {
  if (!(err instanceof Error) || depth > 4) return false;
  if (err instanceof StoreUnavailableError || TRANSIENT_NAMES.has(err.name) || TRANSIENT_NAMES.has(err.constructor.name)) return true;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && TRANSIENT_CODES.has(code)) return true;
  if (err.constructor.name === 'ErrorReply' || err.constructor.name === 'SimpleError') return REDIS_UNAVAILABLE_REPLY.test(err.message);
  return isTransientStoreError(err.cause, depth + 1);
}

export interface GuardSink {
  log: Pick<Logger, 'warn' | 'error'>;
  metrics?: Pick<Metrics, 'unhandled'>;
}

/**
 * Process-wide handlers: an unhandled rejection or exception is logged and
 * counted (portline_unhandled_errors_total) and the process keeps serving.
 * A transient store error is a warning (the store reconnects by itself; the
 * command that needed it was answered STORE_UNAVAILABLE); anything else is an
 * error with its stack, a bug to fix. Returns a function that removes them.
 */
export function installProcessGuards(sink: GuardSink, proc: NodeJS.Process = process): () => void {
  const report = (event: 'rejection' | 'exception') => (err: unknown) => {
    const transient = isTransientStoreError(err);
    try {
      sink.metrics?.unhandled(event, transient);
      if (transient) sink.log.warn({ err, event }, 'transient store error nobody handled; still serving');
      else sink.log.error({ err, event }, `unhandled ${event}; still serving`);
    } catch {
      // Logging must never be what ends the process.
    }
  };
  const onRejection = report('rejection');
  const onException = report('exception');
  proc.on('unhandledRejection', onRejection);
  proc.on('uncaughtException', onException);
  return () => {
    proc.off('unhandledRejection', onRejection);
    proc.off('uncaughtException', onException);
  };
}
