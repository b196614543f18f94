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
  stop(): Promise<void>;
}

export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  const port = await freePort();
  const upstreams = new Set<net.Socket>();
  const open = new Set<net.Socket>();
  let server: net.Server | null = null;
  let stalled = false;
  let fromServer = 0;

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = net.createServer((client) => {
        const upstream = net.connect(targetPort, targetHost);
        upstreams.add(upstream);
        open.add(client).add(upstream);
        if (stalled) upstream.pause();
        client.on('data', (d) => upstream.write(d));
        upstream.on('data', (d) => {
          fromServer += d.length;
          client.write(d);
        });
        const drop = () => {
          upstreams.delete(upstream);
          open.delete(client);
          open.delete(upstream);
          client.destroy();
          upstream.destroy();
        };
        // The server's end reaches the client only after everything before it (half-close order).
        upstream.on('end', () => client.end());
        client.on('end', () => upstream.end());
        for (const socket of [client, upstream]) socket.on('close', drop).on('error', drop);
      });
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        server = s;
        resolve();
      });
    });

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
    restore: listen,
    stop: stopListening,
  };
}
