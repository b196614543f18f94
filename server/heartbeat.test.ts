import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_ANSWER_MS } from '../lib/client/within';
import { createSocket, HEARD_WITHIN_MS, watchHeartbeat, type PortlineSocket } from '../lib/client/socket';
import { HEARTBEAT_INTERVAL_MS, HEARTBEAT_TIMEOUT_MS } from './io/socket-server';
import { signIn, until } from './testing/client';
import { startServerProcess, type ServerProcess } from './testing/server-process';
import { startTcpProxy, type TcpProxy } from './testing/tcp-proxy';

/**
 * SPEC SYNC3, the heartbeat: a real server process; clients through a TCP proxy that turns into a
 * black hole (nothing passes either way, and nothing says so: no reset, no end), and one connected
 * directly. Only the heartbeat can tell a client that the proxied connection is gone.
 */
let srv: ServerProcess;
let proxy: TcpProxy;
let admin: string;
const sockets: PortlineSocket[] = [];
const stops: Array<() => void> = [];

beforeAll(async () => {
  srv = await startServerProcess();
  proxy = await startTcpProxy(srv.port);
  admin = await signIn(srv.url);
});
afterAll(async () => {
  for (const stop of stops) stop();
  for (const s of sockets) s.close();
  await proxy?.stop();
  await srv?.stop();
});

function open(url: string, watched: boolean) {
  const socket = createSocket({ url, token: admin });
  sockets.push(socket);
  const silent: number[] = [];
  const heard: number[] = [];
  if (watched) stops.push(watchHeartbeat(socket, { onSilent: (at) => void silent.push(at), onHeard: (at) => void heard.push(at) }));
  const disconnects: { at: number; reason: string }[] = [];
  const pings: number[] = [];
  socket.on('disconnect', (reason) => void disconnects.push({ at: Date.now(), reason }));
  socket.io.on('ping', () => void pings.push(Date.now()));
  return { socket, disconnects, pings, silent, heard };
}

describe('a connection behind a network that drops packets without a word', () => {
  it('SYNC3: a watched client (a page) takes it as lost within HEARD_WITHIN_MS and, its try to reconnect swallowed too, is back within the 10 s connect timeout once the network passes; an unwatched one still believes it; a direct one stays', async () => {
    // socket.io-client's own bound, and the server's before it drops a socket, stay 45 s.
    expect([HEARTBEAT_INTERVAL_MS, HEARTBEAT_INTERVAL_MS + HEARTBEAT_TIMEOUT_MS, HEARD_WITHIN_MS]).toEqual([5_000, 45_000, 15_000]);
    const direct = open(srv.url, true);
    const watched = open(proxy.url, true);
    const unwatched = open(proxy.url, false);
    await until(() => [direct, watched, unwatched].every((c) => c.socket.connected), 10_000, 'all connected');
    // The server pings every 5 s: a quiet connection still hears from it.
    await until(() => watched.pings.length >= 2, 15_000, 'two pings');
    const gap = watched.pings[1] - watched.pings[0];
    expect(gap).toBeGreaterThan(HEARTBEAT_INTERVAL_MS - 1_000);
    expect(gap).toBeLessThan(HEARTBEAT_INTERVAL_MS + 1_000);

    const t0 = Date.now();
    proxy.blackHole(true);
    await until(() => watched.disconnects.length > 0, 25_000, 'the watched client gives its connection up');
    const after = watched.disconnects[0].at - t0;
    console.log(`SYNC3 heartbeat: a black-holed connection given up by a page's watch after ${after} ms (${watched.disconnects[0].reason}); pings ${gap} ms apart before`);
    // Its last word came at most one ping interval before the network went quiet.
    expect(after).toBeGreaterThanOrEqual(HEARD_WITHIN_MS - HEARTBEAT_INTERVAL_MS - 1_000);
    expect(after).toBeLessThan(HEARD_WITHIN_MS + 3_000);
    // The page is told when it last heard from the server: before the network went quiet.
    expect(watched.silent).toHaveLength(1);
    expect(watched.silent[0]).toBeLessThanOrEqual(t0);
    expect(watched.silent[0]).toBeGreaterThan(t0 - HEARTBEAT_INTERVAL_MS - 1_000);
    // Without the watch, socket.io's own bound (45 s) has not run out: it still says connected.
    expect(unwatched.disconnects).toEqual([]);
    expect(unwatched.socket.connected).toBe(true);
    expect(direct.disconnects).toEqual([]);
    // While live it was told, tick by tick, when it last heard from the server (a page keeps that
    // for a load on a dead link, SYNC12); never a time from the silence, nor the time it was found.
    expect(watched.heard.length).toBeGreaterThanOrEqual(2);
    expect(watched.heard).toEqual([...watched.heard].sort((a, b) => a - b));
    expect(Math.max(...watched.heard)).toBeLessThanOrEqual(t0);
    expect(Math.max(...watched.heard)).toBe(watched.silent[0]);
    const heardBefore = watched.heard.length;

    // Its first try to connect again goes into the black hole too (the request is swallowed).
    let tries = 0;
    watched.socket.io.on('reconnect_attempt', () => void tries++);
    await until(() => tries > 0, 10_000, 'a try to reconnect');
    await new Promise((r) => setTimeout(r, 1_000));
    // The network passes again: the watched client reconnects by itself. The try under way waits
    // out its connect timeout (10 s, NO_ANSWER_MS; socket.io's own is 20 s), then the next one opens.
    const t1 = Date.now();
    proxy.blackHole(false);
    await until(() => watched.socket.connected, 40_000, 'the watched client reconnects');
    const back = Date.now() - t1;
    console.log(`SYNC3 heartbeat: reconnected ${back} ms after the network passed again (its try under way began before, in the black hole)`);
    expect(back).toBeLessThan(NO_ANSWER_MS + 5_000);
    expect(direct.disconnects).toEqual([]);
    await until(() => watched.heard.length > heardBefore, 5_000, 'told it heard from the server again');
    expect(watched.heard[heardBefore]).toBeGreaterThanOrEqual(t1);
  }, 90_000);
});
