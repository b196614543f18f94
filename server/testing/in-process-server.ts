import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Role } from '../../lib/domain/actor';
import { newAccount } from '../auth/accounts';
import { bootstrap } from '../auth/bootstrap';
import { loadConfig } from '../config';
import { createFanOut, createSocketServer, type PortlineServer } from '../io/socket-server';
import { createLogger } from '../log';
import { createMetrics } from '../metrics';
import { createServices, type Services } from '../services';
import { TEST_ADMIN_PASSWORD } from './server-process';
import { tempStore } from './temp-store';

/**
 * The socket side of the event server (createSocketServer: the handshake and handlers, on real
 * services and the embedded store), run in the test's own process: no HTTP API, no Next. For
 * what a server process (server-process.ts) keeps to itself: its Socket.IO server, its rooms,
 * and its log lines, each parsed as pino wrote it.
 */
export interface InProcessServer {
  url: string;
  io: PortlineServer;
  services: Services;
  /** Every log line so far (level info and up). */
  lines: Array<Record<string, unknown>>;
  /** A new account of this role (and agency), and a token of a session of it. */
  account(role: Role, agency?: string | null): Promise<string>;
  close(): Promise<void>;
}

export async function startInProcessServer(): Promise<InProcessServer> {
  const temp = await tempStore('portline-in-process-');
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'info', SERVER_ID: 'in-process' }, ['--no-next']);
  const lines: Array<Record<string, unknown>> = [];
  const log = createLogger(config.logLevel, config.serverId, { write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>) });
  let io: PortlineServer | null = null;
  const services = createServices(config, log, createMetrics(config.serverId, { defaultMetrics: false }), temp.store, createFanOut(() => io));
  await bootstrap(temp.store, TEST_ADMIN_PASSWORD, log);
  const http = createServer();
  const server = createSocketServer(http, services);
  io = server;
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  let n = 0;
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    io: server,
    services,
    lines,
    async account(role, agency = null) {
      const account = await newAccount({ username: `${role}-${++n}`, displayName: `${role} ${n}`, role, agency, password: TEST_ADMIN_PASSWORD, mustChangePassword: false });
      if (!(await temp.store.accounts.createAccount(account))) throw new Error(`account ${account.username} not created`);
      return (await services.sessions.create(account.id, { address: null, userAgent: null })).token;
    },
    async close() {
      // Closes the HTTP server too, which stops the control bus (createSocketServer).
      await new Promise<void>((resolve) => void server.close(() => resolve()));
      services.registry.close();
      await temp.cleanup();
    },
  };
}
