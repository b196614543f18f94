import { afterEach, describe, expect, it, vi } from 'vitest';
import { ErrorCode } from '../domain/errors';
import { createSocket, type PortlineSocket } from './socket';

/** What socket.io does on a handshake refusal: the socket is destroyed (no reconnect of its own), then connect_error. */
function refuse(socket: PortlineSocket, code: string): void {
  const err = Object.assign(new Error('refused'), { data: { code, message: 'refused' } });
  for (const listener of socket.listeners('connect_error')) listener(err);
}

describe('createSocket', () => {
  afterEach(() => vi.useRealTimers());

  it('SYNC3: a handshake refused with STORE_UNAVAILABLE is tried again by itself, with backoff; a refused credential is not', () => {
    vi.useFakeTimers();
    const socket = createSocket({ url: 'http://127.0.0.1:9', autoConnect: false });
    const connect = vi.spyOn(socket, 'connect').mockImplementation(() => socket);

    refuse(socket, ErrorCode.STORE_UNAVAILABLE);
    vi.advanceTimersByTime(250 - 1); // 500 ms ± 50 %
    expect(connect).not.toHaveBeenCalled();
    vi.advanceTimersByTime(750);
    expect(connect).toHaveBeenCalledTimes(1);

    refuse(socket, ErrorCode.STORE_UNAVAILABLE); // the second try waits longer
    vi.advanceTimersByTime(499);
    expect(connect).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1000);
    expect(connect).toHaveBeenCalledTimes(2);

    refuse(socket, ErrorCode.UNAUTHENTICATED);
    refuse(socket, ErrorCode.CLIENT_TOO_OLD);
    vi.advanceTimersByTime(60_000);
    expect(connect).toHaveBeenCalledTimes(2);
    socket.close();
  });

  it('SYNC11: a command buffered by socket.io (sent while its ping had expired) is dropped when the connection ends, not sent on the next one before its hello; other packets stay', () => {
    const socket = createSocket({ url: 'http://127.0.0.1:9', autoConnect: false });
    const command = { type: 2, nsp: '/', id: 7, data: ['command:submit', { commandId: 'c1' }] };
    const join = { type: 2, nsp: '/', id: 8, data: ['incident:join', { incidentId: 'i1', sinceSeq: 0 }] };
    socket.sendBuffer.push(command, join);
    for (const listener of socket.listeners('disconnect')) listener('ping timeout', undefined);
    expect(socket.sendBuffer).toEqual([join]);
    socket.close();
  });

  it('SYNC3: closing the socket cancels a pending try', () => {
    vi.useFakeTimers();
    const socket = createSocket({ url: 'http://127.0.0.1:9', autoConnect: false });
    const connect = vi.spyOn(socket, 'connect').mockImplementation(() => socket);
    refuse(socket, ErrorCode.STORE_UNAVAILABLE);
    socket.close();
    vi.advanceTimersByTime(60_000);
    expect(connect).not.toHaveBeenCalled();
  });
});
