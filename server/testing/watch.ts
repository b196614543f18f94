import type { PortlineSocket } from '../../lib/client/socket';

/** What a socket saw when the server cut it: the event it was told, and when it was disconnected. */
export interface Cut {
  event: 'session:ended' | 'display:revoked';
  payload: { reason?: string; message: string };
  /** ms from `since` to the event. */
  eventMs: number;
  /** ms from `since` to the disconnect. */
  disconnectMs: number;
  disconnectReason: string;
}

/**
 * Resolves once the server has told the socket its session or screen ended and
 * then disconnected it; rejects after `timeoutMs`.
 */
export function watchCut(socket: PortlineSocket, timeoutMs = 5_000): { since: (t0: number) => void; done: Promise<Cut> } {
  let t0 = Date.now();
  const done = new Promise<Cut>((resolve, reject) => {
    let event: Pick<Cut, 'event' | 'payload'> | null = null;
    let eventAt = 0;
    const timer = setTimeout(() => reject(new Error(`not cut within ${timeoutMs} ms (event: ${event?.event ?? 'none'})`)), timeoutMs);
    socket.once('session:ended', (payload) => {
      event = { event: 'session:ended', payload };
      eventAt = Date.now();
    });
    socket.once('display:revoked', (payload) => {
      event = { event: 'display:revoked', payload };
      eventAt = Date.now();
    });
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      if (!event) return reject(new Error(`disconnected (${reason}) without being told why`));
      resolve({ ...event, eventMs: eventAt - t0, disconnectMs: Date.now() - t0, disconnectReason: reason });
    });
  });
  return { since: (t) => (t0 = t), done };
}

/** connect_error's typed code for a new connection attempt. */
export function refusedCode(socket: PortlineSocket, timeoutMs = 5_000): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('neither connected nor refused')), timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(undefined);
    });
    socket.once('connect_error', (err: Error & { data?: { code?: string } }) => {
      clearTimeout(timer);
      resolve(err.data?.code);
    });
  });
}
