import net from 'node:net';
import { freePort } from './free-port';

/**
 * A real TCP proxy between clients (a browser, a socket.io-client) and a server
 * process, for tests of what a network does to them. Bytes pass unchanged, so
 * Host and Origin name the proxy's port.
 * - `stall()` stops reading what the server sends on every connection, so the
 *   server's writes back up exactly as behind a client that no longer reads;
 *   `resume()` lets them flow again.
 * - `cut()` drops every open connection and refuses new ones (the listening
 *   socket closes: ECONNREFUSED); `restore()` listens again on the same port.
 * - `blackHole(true)` passes nothing either way on any connection, open or new, and says
 *   nothing (no reset, no end): a network that drops packets without a word, where only a
 *   timeout tells a peer the other side is gone; `blackHole(false)` passes bytes again, and
 *   a connection one side closed meanwhile is closed on the other side too then (as a FIN or
 *   RST sent again gets through once the network passes packets again).
 * - `throttle(bytesPerSecond)` passes what the server sends to each client at most that fast
 *   (a slow link; `null` ends it): the rest waits in order, and past 256 KiB waiting the server's
 *   side is paused, so its own buffers fill as behind a real slow link.
 * - `refuseWebSockets(true)` drops open WebSocket connections and refuses new
 *   upgrades while plain HTTP still passes (as behind a proxy that drops
 *   upgrades): a page loads, its socket cannot connect.
 */
export interface TcpProxy {
  port: number;
  /** http://127.0.0.1:<port> */
  url: string;
  stall(): void;
  resume(): void;
  /** Bytes read from the server so far, over all connections. */
  bytesFromServer(): number;
  cut(): Promise<void>;
  restore(): Promise<void>;
  refuseWebSockets(on: boolean): void;
  blackHole(on: boolean): void;
  throttle(bytesPerSecond: number | null): void;
  stop(): Promise<void>;
}

/** A throttle passes its share of bytes this many times a second. */
const TICKS_PER_S = 20;
/** Held back by a throttle past this, the server's side of the connection is paused. */
const THROTTLE_HIGH_WATER = 256 * 1024;

export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  const port = await freePort();
  const upstreams = new Set<net.Socket>();
  const open = new Set<net.Socket>();
  let server: net.Server | null = null;
  let stalled = false;
  let fromServer = 0;
  let refuseUpgrades = false;
  let blackHoled = false;
  /**
   * What a black hole kept from the other side: a connection whose one end closed while the hole
   * was open. A real network's peer learns of it once packets pass again (the FIN or RST is sent
   * again and gets through), so these are closed when the hole closes. Left open, a browser would
   * send its next request on a kept-alive connection the server has long closed, and wait for ever.
   */
  const closedInHole = new Set<() => void>();
  /** Bytes per second from the server to each client; null = as fast as they come. */
  let downRate: number | null = null;
  /** Client connections that asked for a WebSocket upgrade. */
  const websockets = new Set<net.Socket>();
  const isUpgrade = (d: Buffer) => /^upgrade:\s*websocket/im.test(d.toString('latin1'));

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = net.createServer((client) => {
        if (!refuseUpgrades) return pipe(client);
        // Look at the first request before connecting upstream: an upgrade is refused.
        client.once('data', (first) => (isUpgrade(first) ? client.destroy() : pipe(client, first)));
        client.on('error', () => client.destroy());
      });
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        server = s;
        resolve();
      });
    });

  function pipe(client: net.Socket, first?: Buffer): void {
    const upstream = net.connect(targetPort, targetHost);
    upstreams.add(upstream);
    open.add(client).add(upstream);
    if (stalled) upstream.pause();
    const toServer = (d: Buffer) => {
      if (blackHoled) return;
      if (upstream.destroyed) return void drop();
      if (isUpgrade(d)) websockets.add(client);
      upstream.write(d);
    };
    if (first) toServer(first);
    client.on('data', toServer);
    // What the server sent that a throttle holds back, oldest first.
    const waiting: Buffer[] = [];
    let waitingBytes = 0;
    let pump: ReturnType<typeof setInterval> | null = null;
    let endWhenSent = false;
    const send = () => {
      if (blackHoled) return;
      let budget = downRate === null ? Infinity : Math.max(1, Math.round(downRate / TICKS_PER_S));
      while (budget > 0 && waiting.length > 0) {
        const d = waiting[0];
        const part = d.length <= budget ? d : d.subarray(0, budget);
        if (part === d) waiting.shift();
        else waiting[0] = d.subarray(budget);
        budget -= part.length;
        waitingBytes -= part.length;
        client.write(part);
      }
      if (waitingBytes < THROTTLE_HIGH_WATER / 2 && !stalled) upstream.resume();
      if (waiting.length === 0) {
        if (pump) clearInterval(pump);
        pump = null;
        if (endWhenSent) client.end();
      }
    };
    upstream.on('data', (d) => {
      if (blackHoled) return;
      fromServer += d.length;
      if (downRate === null && waiting.length === 0) return void client.write(d);
      waiting.push(d);
      waitingBytes += d.length;
      if (waitingBytes > THROTTLE_HIGH_WATER) upstream.pause();
      pump ??= setInterval(send, 1000 / TICKS_PER_S);
    });
    const drop = () => {
      closedInHole.delete(drop);
      if (pump) clearInterval(pump);
      websockets.delete(client);
      upstreams.delete(upstream);
      open.delete(client);
      open.delete(upstream);
      client.destroy();
      upstream.destroy();
    };
    // The server's end reaches the client only after everything before it (half-close order).
    // Through a black hole, neither an end nor a close gets to the other side.
    upstream.on('end', () => {
      if (blackHoled) return void closedInHole.add(drop);
      if (waiting.length > 0) endWhenSent = true;
      else client.end();
    });
    client.on('end', () => void (blackHoled ? closedInHole.add(drop) : upstream.end()));
    const closed = (socket: net.Socket) => {
      // What a throttle still holds reaches the client first, then the end (as on a slow link).
      if (!blackHoled && socket === upstream && waiting.length > 0) return void (endWhenSent = true);
      if (!blackHoled) return drop();
      closedInHole.add(drop);
    };
    for (const socket of [client, upstream]) socket.on('close', () => closed(socket)).on('error', () => closed(socket));
  }

  const stopListening = () =>
    new Promise<void>((resolve) => {
      const s = server;
      server = null;
      if (!s) return resolve();
      s.close(() => resolve());
      for (const c of open) c.destroy();
      open.clear();
      upstreams.clear();
    });

  await listen();
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    stall() {
      stalled = true;
      for (const u of upstreams) u.pause();
    },
    resume() {
      stalled = false;
      for (const u of upstreams) u.resume();
    },
    bytesFromServer: () => fromServer,
    cut: stopListening,
    refuseWebSockets(on) {
      refuseUpgrades = on;
      if (on) for (const c of websockets) c.destroy();
    },
    blackHole(on) {
      blackHoled = on;
      if (on) return;
      for (const close of [...closedInHole]) close();
    },
    throttle(bytesPerSecond) {
      downRate = bytesPerSecond;
    },
    restore: listen,
    stop: stopListening,
  };
}
