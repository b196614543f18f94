import { z } from 'zod';
import { LIMITS } from '../lib/domain/limits';

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
  };
}
