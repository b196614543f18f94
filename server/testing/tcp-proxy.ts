import net from 'node:net';
import { freePort } from './free-port';

/**
 * A real TCP proxy for tests of dropped networks: it forwards bytes between
 * clients (a browser) and a target port unchanged, so Host and Origin name the
 * proxy's port. `cut()` drops every open connection and refuses new ones (the
 * listening socket closes: ECONNREFUSED), `resume()` listens again on the same port.
 */
export interface TcpProxy {
  port: number;
  /** http://127.0.0.1:<port> */
  url: string;
  cut(): Promise<void>;
  resume(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  const port = await freePort();
  const open = new Set<net.Socket>();
  let server: net.Server | null = null;

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = net.createServer((client) => {
        const upstream = net.connect(targetPort, targetHost);
        open.add(client);
        open.add(upstream);
        const drop = () => {
          client.destroy();
          upstream.destroy();
          open.delete(client);
          open.delete(upstream);
        };
        client.on('error', drop).on('close', drop);
        upstream.on('error', drop).on('close', drop);
        client.pipe(upstream);
        upstream.pipe(client);
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
    });

  await listen();
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    cut: stopListening,
    resume: listen,
    close: stopListening,
  };
}
