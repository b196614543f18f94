import { z } from 'zod';
import { LIMITS } from '../lib/domain/limits';

/**
 * How long the server keeps an idle HTTP connection (Node's keepAliveTimeout, its default made
 * explicit): a proxy in front must give its idle upstream connections up sooner
 * (deploy/nginx/portline.conf, keepalive_timeout), or it may send a request on one the server is
 * closing, and a POST is not sent again (a 502).
 */
export const HTTP_KEEP_ALIVE_MS = 5_000;
import { HUB_IDLE_MS } from './incidents/registry';

/** Start-up configuration from the environment. Every option has a default. */
const Env = z.object({
  /** @default 3000 */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** @default '0.0.0.0' */
  HOST: z.string().default('0.0.0.0'),
  /** Embedded store directory. @default './data' */
  DATA_DIR: z.string().default('./data'),
  /** When set, Redis is the store and the bus. */
  REDIS_URL: z.string().url().optional(),
  /** First-run admin password; otherwise a one-time password is printed. */
  ADMIN_PASSWORD: z.string().min(LIMITS.passwordMin, `ADMIN_PASSWORD needs at least ${LIMITS.passwordMin} characters`).optional(),
  /** The URL people open, e.g. https://portline.example; used for Origin checks and Secure cookies. */
  PUBLIC_URL: z.string().url().optional(),
  /** Trust X-Forwarded-* from a reverse proxy. @default false */
  TRUST_PROXY: z.enum(['0', '1', 'true', 'false']).default('false').transform((v) => v === '1' || v === 'true'),
  /** Absolute session lifetime. @default 12 */
  SESSION_MAX_HOURS: z.coerce.number().positive().default(12),
  /** Idle session lifetime. @default 120 */
  SESSION_IDLE_MINUTES: z.coerce.number().positive().default(120),
  /** Identifies this process in logs and `server:hello`. @default random */
  SERVER_ID: z.string().max(64).optional(),
  /** pino level. @default 'info' */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** '1' to run the event server without Next (server tests, benchmarks). */
  PORTLINE_NO_NEXT: z.enum(['0', '1']).default('0'),
  /** Failed sign-ins of one username before each further failure locks it (SPEC AUTH9). @default 5 */
  SIGNIN_FREE_FAILURES: z.coerce.number().int().min(1).default(5),
  /** Failed sign-ins from one address before locking it; higher because a command centre shares one. @default 20 */
  SIGNIN_FREE_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).default(20),
  /** First lock; it doubles with each further failure. @default 1 */
  SIGNIN_BASE_DELAY_SECONDS: z.coerce.number().positive().default(1),
  /** Longest lock. @default 300 */
  SIGNIN_MAX_DELAY_SECONDS: z.coerce.number().positive().default(300),
  /** Failures are forgotten this long after the last one (or the end of the lock). @default 15 */
  SIGNIN_FORGET_MINUTES: z.coerce.number().positive().default(15),
  /** Commands per second one socket may send, refilled continuously (SPEC AUTH10). @default 20 */
  SOCKET_COMMANDS_PER_SECOND: z.coerce.number().positive().default(20),
  /** Commands one socket may send at once after being quiet. @default 40 */
  SOCKET_COMMAND_BURST: z.coerce.number().int().min(1).default(40),
  /** incident:join and incident:fetch per second per socket. @default 20 */
  SOCKET_READS_PER_SECOND: z.coerce.number().positive().default(20),
  /** Joins and fetches one socket may send at once. @default 60 */
  SOCKET_READ_BURST: z.coerce.number().int().min(1).default(60),
  /** Incidents one socket may have joined at the same time. @default 100 */
  SOCKET_MAX_JOINED: z.coerce.number().int().min(1).default(100),
  /**
   * Bytes queued for one socket and not yet taken by the network (SPEC BUS2). A socket
   * past it at a fan-out is disconnected; it rejoins from its last seq. Above the
   * largest page (1000 events). @default 4194304 (4 MiB)
   */
  SOCKET_MAX_BUFFERED_BYTES: z.coerce.number().int().min(16_384).default(4 * 1024 * 1024),
  /**
   * An incident that no socket of a process follows and that nothing asked for this long is
   * dropped from that process's memory, keeping its list row (SPEC OPS5). @default 600
   */
  HUB_IDLE_SECONDS: z.coerce.number().positive().default(HUB_IDLE_MS / 1000),
  /** How often every process re-checks the sessions and display tokens of its open sockets. @default 30 */
  AUTH_RECHECK_SECONDS: z.coerce.number().positive().default(30),
  /** When set, GET /metrics requires `Authorization: Bearer <METRICS_TOKEN>` (SPEC OPS1). @default unset: open */
  METRICS_TOKEN: z.string().min(16, 'METRICS_TOKEN needs at least 16 characters').optional(),
  /** Newest audit entries kept. @default 100000 */
  AUDIT_MAX_ENTRIES: z.coerce.number().int().min(100).default(100_000),
  /** MiB of full log pages each process keeps ready to send, for replays (server/http/event-pages.ts); 0 keeps none. @default 64 */
  REPLAY_CACHE_MB: z.coerce.number().min(0).max(4096).default(64),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  redisUrl?: string;
  adminPassword?: string;
  publicUrl?: string;
  trustProxy: boolean;
  sessionMaxMs: number;
  sessionIdleMs: number;
  serverId: string;
  logLevel: z.infer<typeof Env>['LOG_LEVEL'];
  next: false | { dev: boolean };
  signIn: SignInPolicy;
  socketLimits: SocketLimits;
  authRecheckMs: number;
  hubIdleMs: number;
  auditMaxEntries: number;
  /** Bytes of full log pages and of checkpoint states (chunks with no base) kept ready to send (REPLAY_CACHE_MB). */
  replayCacheBytes: number;
  metricsToken?: string;
}

export interface SignInPolicy {
  freeFailuresPerAccount: number;
  freeFailuresPerAddress: number;
  baseDelayMs: number;
  maxDelayMs: number;
  forgetMs: number;
}

export interface SocketLimits {
  commandsPerSecond: number;
  commandBurst: number;
  readsPerSecond: number;
  readBurst: number;
  maxJoined: number;
  /** SPEC BUS2: outbound bytes a socket may have queued before it is disconnected. */
  maxBufferedBytes: number;
}

export function loadConfig(env: NodeJS.ProcessEnv, argv: readonly string[]): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const msg = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${msg}`);
  }
  const e = parsed.data;
  const noNext = e.PORTLINE_NO_NEXT === '1' || argv.includes('--no-next');
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: e.DATA_DIR,
    redisUrl: e.REDIS_URL,
    adminPassword: e.ADMIN_PASSWORD,
    publicUrl: e.PUBLIC_URL,
    trustProxy: e.TRUST_PROXY,
    sessionMaxMs: e.SESSION_MAX_HOURS * 3_600_000,
    sessionIdleMs: e.SESSION_IDLE_MINUTES * 60_000,
    serverId: e.SERVER_ID ?? Math.random().toString(36).slice(2, 8),
    logLevel: e.LOG_LEVEL,
    next: noNext ? false : { dev: argv.includes('--dev') },
    signIn: {
      freeFailuresPerAccount: e.SIGNIN_FREE_FAILURES,
      freeFailuresPerAddress: e.SIGNIN_FREE_FAILURES_PER_ADDRESS,
      baseDelayMs: e.SIGNIN_BASE_DELAY_SECONDS * 1000,
      maxDelayMs: e.SIGNIN_MAX_DELAY_SECONDS * 1000,
      forgetMs: e.SIGNIN_FORGET_MINUTES * 60_000,
    },
    socketLimits: {
      commandsPerSecond: e.SOCKET_COMMANDS_PER_SECOND,
      commandBurst: e.SOCKET_COMMAND_BURST,
      readsPerSecond: e.SOCKET_READS_PER_SECOND,
      readBurst: e.SOCKET_READ_BURST,
      maxJoined: e.SOCKET_MAX_JOINED,
      maxBufferedBytes: e.SOCKET_MAX_BUFFERED_BYTES,
    },
    authRecheckMs: e.AUTH_RECHECK_SECONDS * 1000,
    hubIdleMs: e.HUB_IDLE_SECONDS * 1000,
    auditMaxEntries: e.AUDIT_MAX_ENTRIES,
    replayCacheBytes: Math.round(e.REPLAY_CACHE_MB * 1024 * 1024),
    metricsToken: e.METRICS_TOKEN,
  };
}
