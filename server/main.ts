import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { bootstrap } from './auth/bootstrap';
import { HTTP_KEEP_ALIVE_MS, loadConfig } from './config';
import { adminRoutes } from './http/routes-admin';
import { authRoutes } from './http/routes-auth';
import { planRoutes } from './http/routes-plans';
import { exportRoutes } from './http/routes-exports';
import { incidentRoutes } from './http/routes-incidents';
import { reviewRoutes } from './http/routes-review';
import { metricsRoutes } from './http/routes-metrics';
import { replayRoutes } from './http/routes-replay';
import { securityRoutes } from './http/routes-security';
import { createReadyz, WriteHealth } from './http/readiness';
import { scriptNonce, securityHeaders } from './http/security-headers';
import { createServiceWorkerHandler, SERVICE_WORKER_PATH } from './http/service-worker';
import { answerClientError, refuseUpgrade, sendError, sendJson } from './http/respond';
import { createApiHandler } from './http/router';
import { createFanOut, createSocketServer, incidentRoom, type PortlineServer } from './io/socket-server';
import { createLogger } from './log';
import { createMetrics, instrumentStore, serveMetrics } from './metrics';
import { installProcessGuards } from './process-guard';
import { createServices } from './services';
import { createStore } from './store/create-store';
import { domainError, ErrorCode } from '../lib/domain/errors';
import { SOCKET_PATH } from '../lib/protocol/socket';

/**
 * One process, one port: the HTTP API, Socket.IO and the Next.js app.
 * Flags: --dev (Next in development mode), --no-next (event server only).
 */
async function main(): Promise<void> {
  const config = loadConfig(process.env, process.argv.slice(2));
  const log = createLogger(config.logLevel, config.serverId);
  const metrics = createMetrics(config.serverId);
  // SPEC OPS2, CMD2: nothing unhandled ends the process; it is logged and counted.
  installProcessGuards({ log, metrics });

  // SPEC OPS1: /readyz also says when the store answers but refuses appends (Redis full, a full disk).
  const writes = new WriteHealth();
  const store = instrumentStore(
    await createStore({ redisUrl: config.redisUrl, dataDir: config.dataDir, auditMaxEntries: config.auditMaxEntries }),
    metrics,
    writes,
  );
  for (const warning of await store.startupWarnings()) {
    log.warn(warning);
    console.warn(`WARNING: ${warning}`);
  }
  await bootstrap(store, config.adminPassword, log);

  let io: PortlineServer | null = null;
  const services = createServices(
    config,
    log,
    metrics,
    store,
    // List hints go to the agencies of the incident (the registry is made with the services, before any hint is sent).
    createFanOut(() => io, metrics, { maxBufferedBytes: config.socketLimits.maxBufferedBytes, log, metrics }, (id, lookUp) => services.registry.hintAgencies(id, lookUp)),
  );
  const api = createApiHandler(
    [...authRoutes, ...adminRoutes, ...planRoutes, ...securityRoutes, ...exportRoutes, ...incidentRoutes, ...reviewRoutes, ...metricsRoutes, ...replayRoutes],
    services,
  );

  let nextHandle: ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | null = null;
  let nextUpgrade: ((req: IncomingMessage, socket: Duplex, head: Buffer) => Promise<void>) | null = null;
  if (config.next) {
    const { default: next } = await import('next');
    const app = next({ dev: config.next.dev, dir: process.cwd(), hostname: 'localhost', port: config.port });
    await app.prepare();
    nextHandle = app.getRequestHandler();
    nextUpgrade = app.getUpgradeHandler();
  }

  // SPEC OPS1: the store's own detail only to METRICS_TOKEN (and in the log).
  const readyz = createReadyz({ store, server: config.serverId, metricsToken: config.metricsToken, log, writes });
  // SPEC SYNC12: the production build's service worker (the dev server answers 404).
  const serviceWorker = createServiceWorkerHandler(config.next && !config.next.dev ? undefined : null);
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const page =
      nextHandle !== null &&
      !path.startsWith('/api/') &&
      !path.startsWith('/_next/static/') &&
      !['/healthz', '/readyz', '/metrics', SERVICE_WORKER_PATH].includes(path);
    // SPEC AUTH11: on every response, Next's pages included (set before Next writes its own). A page
    // gets a nonce of its own; Next finds it in the request's CSP header (whatever the browser sent
    // there is replaced) and puts it on the inline scripts it writes.
    const nonce = page ? scriptNonce() : undefined;
    const headers = securityHeaders(config, req.headers, nonce);
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    if (page) {
      req.headers['content-security-policy'] = headers['content-security-policy'];
      delete req.headers['content-security-policy-report-only'];
    }
    if (path.startsWith('/api/')) return void api(req, res);
    if (path === '/healthz') return sendJson(res, 200, { ok: true, server: config.serverId });
    if (path === SERVICE_WORKER_PATH) return serviceWorker(req, res);
    if (path === '/readyz') return void readyz(req.headers).then((r) => sendJson(res, r.status, r.body));
    if (path === '/metrics')
      // A collector that throws rejects the scrape: answered 500 with a typed error and logged,
      // not left unanswered (the rejection was unhandled and the request hung).
      return void serveMetrics(req, res, metrics, config.metricsToken).catch((err: unknown) => {
        log.error({ err }, 'metrics scrape failed');
        metrics.error(ErrorCode.INTERNAL, 'http');
        if (res.headersSent) res.destroy();
        else sendError(res, domainError(ErrorCode.INTERNAL, 'The metrics could not be collected.'));
      });
    if (nextHandle) return void nextHandle(req, res);
    sendJson(res, 404, { ok: false, error: { code: 'NOT_FOUND', message: 'No such route.' } });
  });
  server.keepAliveTimeout = HTTP_KEEP_ALIVE_MS;
  // SPEC AUTH11: the parser's own refusals carry the security headers too.
  server.on('clientError', (err, socket) => answerClientError(err, socket, config));
  server.on('upgrade', (req, socket, head) => {
    // Socket.IO's own listener takes what its engine serves: its path with the slash.
    if (req.url?.startsWith(`${SOCKET_PATH}/`)) return;
    // Next needs upgrades only for its development server's hot reload.
    if (nextUpgrade && config.next && config.next.dev) return void nextUpgrade(req, socket, head);
    refuseUpgrade(socket, config);
  });
  io = createSocketServer(server, services);
  const sockets = io.of('/').sockets;
  const rooms = io.of('/').adapter.rooms;
  // SPEC OPS5: an incident a socket here follows keeps its hub; the others go when idle.
  services.registry.followedBy((incidentId) => (rooms.get(incidentRoom(incidentId))?.size ?? 0) > 0);
  metrics.countIncidentsWith(() => ({ live: services.registry.size, replay: services.checkpoints.size }));
  metrics.countReplayPagesWith(() => services.eventPages.size);
  metrics.countClientsWith(() => {
    const counts = { account: 0, display: 0 };
    for (const s of sockets.values()) counts[s.data.kind === 'display' ? 'display' : 'account']++;
    return counts;
  });

  // A port already taken (or not ours to bind) ends the start with the reason, exit code 1: without
  // the error listener it was an unhandled error, so the process guard kept a process on Redis
  // alive serving nothing, and one on SQLite exited with code 0 (SPEC OPS2).
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
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
    // SPEC OPS5: the next start's incident list reads these rows instead of the logs.
    await services.registry.storeRows();
    // SPEC REV6: the replay checkpoints folded here are read, not folded again, after the next start.
    // They are derived: a store that does not answer within 5 s does not hold the stop.
    await Promise.race([services.checkpoints.flushWrites(), new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
    services.registry.close();
    await store.close().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
