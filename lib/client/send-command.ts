import { domainError, ErrorCode, rateLimitWait } from '../domain/errors';
import type { IncidentCommandInput } from '../domain/incident/commands';
import type { Ack } from '../protocol/ack';
import type { CommandResult } from '../protocol/socket';
import { checkAck, CommandResultAnswer } from '../protocol/socket-answers';
import { newId } from './new-id';
import type { PortlineSocket } from './socket';

export interface SendOptions {
  /** Reuse to retry the same command (SPEC IDEM1). @default a new uuid */
  commandId?: string;
  /** Per-attempt ack timeout. @default 8000 */
  ackTimeoutMs?: number;
  /** Give up after this long (waiting for a connection included). @default 30000 */
  deadlineMs?: number;
  /**
   * Resolves true once the connection may carry the command, false after `ms`. A page's:
   * connected and this connection's `server:hello` named the page's account (checkHello,
   * SPEC SYNC11), so a reconnect with someone else's cookie sends nothing. @default connected
   */
  whenReady?: (ms: number) => Promise<boolean>;
  /**
   * Stops the send where it is waiting (a connection, an ack, a pause before retrying): it resolves
   * at once as TIMEOUT. The command may or may not have been applied; a retry with the same command
   * id is safe (SPEC IDEM1). An outbox that is disposed of aborts its send (Outbox.dispose).
   */
  signal?: AbortSignal;
}

function waitForConnect(socket: PortlineSocket, ms: number): Promise<boolean> {
  if (socket.connected) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.off('connect', onConnect);
      resolve(ok);
    };
    const onConnect = () => done(true);
    const timer = setTimeout(() => done(false), Math.max(0, ms));
    socket.on('connect', onConnect);
  });
}

/**
 * Sends a command and resolves with its ack. A lost ack (timeout, reconnect) or
 * an unavailable store is retried with the same command id until the deadline,
 * so it is applied at most once (SPEC IDEM1). Domain errors resolve, never throw.
 */
export async function sendCommand(
  socket: PortlineSocket,
  incidentId: string,
  command: IncidentCommandInput,
  opts: SendOptions = {},
): Promise<Ack<CommandResult>> {
  const commandId = opts.commandId ?? newId();
  const deadline = Date.now() + (opts.deadlineMs ?? 30_000);
  const timedOut: Ack<CommandResult> = { ok: false, error: domainError(ErrorCode.TIMEOUT, 'No answer from the server; retrying is safe.') };
  const { signal } = opts;
  // Every wait below ends early, as ABORTED, once the signal is aborted.
  const aborted = new Promise<typeof ABORTED>((resolve) => {
    if (signal?.aborted) resolve(ABORTED);
    else signal?.addEventListener('abort', () => resolve(ABORTED), { once: true });
  });
  const until = <T>(p: Promise<T>): Promise<T | typeof ABORTED> => (signal ? Promise.race([p, aborted]) : p);
  const pause = (ms: number) => until(new Promise<void>((r) => setTimeout(r, ms)));
  let delay = 250;
  for (;;) {
    const left = deadline - Date.now();
    if (signal?.aborted || left <= 0) return timedOut;
    const ready = await until(opts.whenReady ? opts.whenReady(left) : waitForConnect(socket, left));
    if (ready !== true) return timedOut;
    let res: Ack<CommandResult> | null = null;
    try {
      const raw: unknown = await until(
        socket
          .timeout(Math.min(opts.ackTimeoutMs ?? 8000, Math.max(1, deadline - Date.now())))
          .emitWithAck('command:submit', { commandId, incidentId, command: command as { type: string } }),
      );
      if (raw === ABORTED) return timedOut;
      res = checkAck(CommandResultAnswer, raw); // SPEC SYNC10
    } catch {
      res = null; // timed out: the command may or may not have been applied; retry is safe
    }
    const wait = res && !res.ok ? rateLimitWait(res.error) : null;
    if (res && wait !== null) {
      // The server said when to come back; the same command id keeps it at-most-once.
      if (Date.now() + wait >= deadline) return res;
      if ((await pause(wait)) === ABORTED) return timedOut;
      continue;
    }
    if (res && (res.ok || res.error.code !== ErrorCode.STORE_UNAVAILABLE)) return res;
    if ((await pause(delay)) === ABORTED) return timedOut;
    delay = Math.min(delay * 2, 4000);
  }
}

const ABORTED = Symbol('aborted');
