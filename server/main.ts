import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { bootstrap } from './auth/bootstrap';
import { loadConfig } from './config';
import { adminRoutes } from './http/routes-admin';
import { authRoutes } from './http/routes-auth';
import { incidentRoutes } from './http/routes-incidents';
import { securityRoutes } from './http/routes-security';
import { securityHeaders } from './http/security-headers';
import { sendJson } from './http/respond';
import { createApiHandler } from './http/router';
import { createFanOut, createSocketServer, type PortlineServer } from './io/socket-server';
import { createLogger } from './log';
import { createServices } from './services';
import { createStore } from './store/create-store';
import { SOCKET_PATH } from '../lib/protocol/socket';

/**
 * One process, one port: the HTTP API, Socket.IO and the Next.js app.
 * Flags: --dev (Next in development mode), --no-next (event server only).
 */
async function main(): Promise<void> {
  const config = loadConfig(process.env, process.argv.slice(2));
  const log = createLogger(config.logLevel, config.serverId);

  const store = await createStore({ redisUrl: config.redisUrl, dataDir: config.dataDir, auditMaxEntries: config.auditMaxEntries });
  for (const warning of await store.startupWarnings()) {
    log.warn(warning);
    console.warn(`WARNING: ${warning}`);
  }
  await bootstrap(store, config.adminPassword, log);

  let io: PortlineServer | null = null;
  const services = createServices(config, log, store, createFanOut(() => io));
  const api = createApiHandler([...authRoutes, ...adminRoutes, ...securityRoutes, ...incidentRoutes], services);

  let nextHandle: ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | null = null;
  let nextUpgrade: ((req: IncomingMessage, socket: Duplex, head: Buffer) => Promise<void>) | null = null;
  if (config.next) {
    const { default: next } = await import('next');
    const app = next({ dev: config.next.dev, dir: process.cwd(), hostname: 'localhost', port: config.port });
    await app.prepare();
    nextHandle = app.getRequestHandler();
    nextUpgrade = app.getUpgradeHandler();
  }

  const server = createServer((req, res) => {
    // SPEC AUTH11: on every response, Next's pages included (set before Next writes its own).
    for (const [name, value] of Object.entries(securityHeaders(config, req.headers))) res.setHeader(name, value);
    const path = (req.url ?? '/').split('?')[0];
    if (path.startsWith('/api/')) return void api(req, res);
    if (path === '/healthz') return sendJson(res, 200, { ok: true, server: config.serverId });
    if (path === '/readyz') {
      return void store.health().then(
        (h) => sendJson(res, h.ok ? 200 : 503, { ok: h.ok, detail: h.detail, store: store.kind }),
        () => sendJson(res, 503, { ok: false, detail: 'health check failed', store: store.kind }),
      );
    }
    if (nextHandle) return void nextHandle(req, res);
    sendJson(res, 404, { ok: false, error: { code: 'NOT_FOUND', message: 'No such route.' } });
  });
  server.on('upgrade', (req, socket, head) => {
    if (req.url?.startsWith(SOCKET_PATH)) return; // Socket.IO's own listener takes it
    if (nextUpgrade) void nextUpgrade(req, socket, head);
    else socket.destroy();
  });
  io = createSocketServer(server, services);

  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  log.info({ port, store: store.kind, next: config.next }, 'listening');
  console.log(`Portline listening on http://localhost:${port} (store: ${store.kind}, server: ${config.serverId})`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    io?.close();
    server.close();
    services.registry.close();
    await store.close().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

// Bad input must never end the process (SPEC CMD2); log what escaped and keep serving.
process.on('unhandledRejection', (reason) => console.error('unhandled rejection', reason));
process.on('uncaughtException', (err) => console.error('uncaught exception', err));

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
