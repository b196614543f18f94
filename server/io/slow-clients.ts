import type { Socket } from 'socket.io';

/**
 * SPEC BUS2: a client that stops reading must not hold memory without bound or
 * hold anyone else up. Socket.IO has no outbound limit (maxHttpBufferSize is for
 * what clients send), so the fan-out asks, after each emit to a room, how much
 * each of its sockets still has queued, and cuts the ones past the limit.
 */

/** The parts of engine.io's socket this reads (not in its public types). */
interface EngineConn {
  writeBuffer?: ReadonlyArray<{ data?: unknown }>;
  transport?: { name?: string; socket?: { bufferedAmount?: number; terminate?: () => void } };
  close(discard?: boolean): void;
}

/**
 * Bytes (string length for text frames) queued for the socket and not yet taken
 * by the kernel: engine.io's write buffer, which fills while the transport is
 * busy, plus, over WebSocket, what the ws library and Node's net socket hold.
 * Stops counting once past `stopAt`.
 */
export function pendingBytes(socket: Socket, stopAt = Infinity): number {
  const conn = socket.conn as unknown as EngineConn;
  const t = conn.transport;
  let n = t?.name === 'websocket' ? (t.socket?.bufferedAmount ?? 0) : 0;
  for (const packet of conn.writeBuffer ?? []) {
    if (n > stopAt) break;
    const d = packet.data;
    n += typeof d === 'string' ? d.length : d instanceof ArrayBuffer || ArrayBuffer.isView(d) ? d.byteLength : 0;
  }
  return n;
}

/**
 * Closes the connection at once, dropping what is queued: a WebSocket is
 * terminated (a close handshake would wait behind the data the client is not
 * reading), any other transport closed with its buffer discarded. The client
 * sees `transport close` (or, if it reads nothing at all, a ping timeout) and
 * reconnects; it rejoins with its last seq (SPEC SYNC1). False when it was
 * already cut.
 */
export function cutSlowSocket(socket: Socket): boolean {
  // Its close event comes a moment later; meanwhile it is still in its rooms.
  if (cut.has(socket)) return false;
  cut.add(socket);
  const conn = socket.conn as unknown as EngineConn;
  const ws = conn.transport?.name === 'websocket' ? conn.transport.socket : undefined;
  if (ws?.terminate) ws.terminate();
  else conn.close(true);
  return true;
}

const cut = new WeakSet<Socket>();
