import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../domain/errors';
import { SOCKET_PATH } from '../protocol/socket';
import { sendCommand } from './send-command';
import { createSocket } from './socket';

const INC = '00000000-0000-4000-8000-0000000000a1';
const MESSAGE = { type: 'PostMessage', messageId: 'm-1', text: 'on scene' } as const;

describe('sendCommand aborted (Outbox.dispose)', () => {
  // A real Socket.IO server that takes every command and never answers: a send waits for its ack.
  const http = createServer();
  const io = new Server(http, { path: SOCKET_PATH });
  let url = '';
  const heard: string[] = [];
  beforeAll(async () => {
    io.on('connection', (socket) => socket.on('command:submit', (p: { commandId: string }) => heard.push(p.commandId)));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await io.close();
  });

  it('SYNC4: a send waiting for its ack ends at once as TIMEOUT when aborted, not at its deadline', async () => {
    const socket = createSocket({ url });
    const stop = new AbortController();
    const started = Date.now();
    const sent = sendCommand(socket, INC, MESSAGE, { commandId: 'c-ack', ackTimeoutMs: 20_000, deadlineMs: 20_000, signal: stop.signal });
    await expect.poll(() => heard, { timeout: 5_000 }).toContain('c-ack');
    stop.abort();
    const ack = await sent;
    const took = Date.now() - started;
    console.log(`aborted send waiting for an ack resolved ${took} ms after it began (deadline 20,000)`);
    expect(ack).toMatchObject({ ok: false, error: { code: ErrorCode.TIMEOUT } });
    expect(took).toBeLessThan(10_000);
    socket.close();
  });

  it('SYNC4: a send waiting for a connection ends at once when aborted, and one aborted before it began sends nothing', async () => {
    const socket = createSocket({ url: 'http://127.0.0.1:9', autoConnect: false });
    const stop = new AbortController();
    const started = Date.now();
    const sent = sendCommand(socket, INC, MESSAGE, { commandId: 'c-wait', deadlineMs: 20_000, signal: stop.signal });
    setTimeout(() => stop.abort(), 50);
    expect(await sent).toMatchObject({ ok: false, error: { code: ErrorCode.TIMEOUT } });
    expect(Date.now() - started).toBeLessThan(10_000);

    const live = createSocket({ url });
    await expect.poll(() => live.connected, { timeout: 5_000 }).toBe(true);
    const ack = await sendCommand(live, INC, MESSAGE, { commandId: 'c-never', deadlineMs: 20_000, signal: AbortSignal.abort() });
    expect(ack).toMatchObject({ ok: false, error: { code: ErrorCode.TIMEOUT } });
    await new Promise((r) => setTimeout(r, 200));
    expect(heard).not.toContain('c-never');
    live.close();
  });
});
