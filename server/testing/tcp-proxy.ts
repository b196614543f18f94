import net from 'node:net';

/**
 * A TCP proxy in front of a server process, for tests of a client that stops
 * reading: `stall()` stops reading what the server sends (every open
 * connection), so the server's writes back up exactly as they would behind a
 * client that no longer reads. `resume()` lets it flow again.
 */
export interface TcpProxy {
  url: string;
  port: number;
  stall(): void;
  resume(): void;
  /** Bytes read from the server so far, over all connections. */
  bytesFromServer(): number;
  stop(): Promise<void>;
}

export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  const upstreams = new Set<net.Socket>();
  const sockets = new Set<net.Socket>();
  let stalled = false;
  let fromServer = 0;

  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, targetHost);
    upstreams.add(upstream);
    sockets.add(client).add(upstream);
    if (stalled) upstream.pause();
    client.on('data', (d) => upstream.write(d));
    upstream.on('data', (d) => {
      fromServer += d.length;
      client.write(d);
    });
    const end = () => {
      upstreams.delete(upstream);
      sockets.delete(client);
      sockets.delete(upstream);
      client.destroy();
      upstream.destroy();
    };
    // The server's end reaches the client only after everything before it (half-close order).
    upstream.on('end', () => client.end());
    client.on('end', () => upstream.end());
    upstream.on('close', end);
    client.on('close', end);
    upstream.on('error', end);
    client.on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    stall() {
      stalled = true;
      for (const u of upstreams) u.pause();
    },
    resume() {
      stalled = false;
      for (const u of upstreams) u.resume();
    },
    bytesFromServer: () => fromServer,
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
