import { defineScript, type CommandParser } from 'redis';
import type { AuditEntry } from '../../lib/protocol/http';
import type { RedisClient } from './redis';
import type { AuditStore, DisplayRecord, DisplayStore, ThrottleStore } from './types';

/**
 * The Redis side of displays, the audit log and sign-in throttling. Keys:
 *   display:{id}            hash: json (the record as created), lastSeenAt, revokedAt
 *   display:bytoken:{hash}  the display id
 *   displays                sorted set of ids by creation time
 *   audit                   stream, trimmed to about the newest N entries (MAXLEN ~)
 *   signin:{key}            hash: failures, lockedUntil; expires on its own
 */

const keysThenArgs = (parser: CommandParser, keys: readonly string[], args: readonly string[]): void => {
  for (const key of keys) parser.pushKey(key);
  parser.push(...args);
};

/** KEYS: signin key. ARGV: now, forgetMs. One more failure; forgotten forgetMs after the later of now and the lock. */
const RECORD_FAILURE_LUA = `
local failures = redis.call('HINCRBY', KEYS[1], 'failures', 1)
local now = tonumber(ARGV[1])
local locked = tonumber(redis.call('HGET', KEYS[1], 'lockedUntil') or '0')
local base = now
if locked > base then base = locked end
redis.call('PEXPIRE', KEYS[1], base - now + tonumber(ARGV[2]))
return failures`;

/** KEYS: signin key. ARGV: until, forgetMs, now. Keeps the later lock. */
const LOCK_LUA = `
local cur = tonumber(redis.call('HGET', KEYS[1], 'lockedUntil') or '0')
local untilMs = tonumber(ARGV[1])
if untilMs > cur then redis.call('HSET', KEYS[1], 'lockedUntil', ARGV[1]) else untilMs = cur end
redis.call('HSETNX', KEYS[1], 'failures', '0')
local ttl = untilMs - tonumber(ARGV[3]) + tonumber(ARGV[2])
local left = redis.call('PTTL', KEYS[1])
if left < ttl then redis.call('PEXPIRE', KEYS[1], ttl) end
return 1`;

export const SECURITY_SCRIPTS = {
  portlineSignInFailure: defineScript({
    NUMBER_OF_KEYS: 1,
    SCRIPT: RECORD_FAILURE_LUA,
    parseCommand: keysThenArgs,
    transformReply: (reply: unknown) => Number(reply),
  }),
  portlineSignInLock: defineScript({
    NUMBER_OF_KEYS: 1,
    SCRIPT: LOCK_LUA,
    parseCommand: keysThenArgs,
    transformReply: (reply: unknown) => reply === 1,
  }),
};

export function createRedisSecurityStores(opts: {
  client: RedisClient;
  call: <T>(fn: () => Promise<T>) => Promise<T>;
  prefix: string;
  auditMaxEntries: number;
}) {
  const { client, call, prefix: p } = opts;
  const key = {
    display: (id: string) => `${p}display:${id}`,
    displayByToken: (hash: string) => `${p}display:bytoken:${hash}`,
    displays: `${p}displays`,
    audit: `${p}audit`,
    signIn: (k: string) => `${p}signin:${k}`,
  };

  const readDisplay = async (id: string): Promise<DisplayRecord | null> => {
    const h = await call(() => client.hGetAll(key.display(id)));
    if (!h.json) return null;
    const base = JSON.parse(h.json) as DisplayRecord;
    return {
      ...base,
      lastSeenAt: h.lastSeenAt ? Number(h.lastSeenAt) : base.lastSeenAt,
      revokedAt: h.revokedAt ? Number(h.revokedAt) : base.revokedAt,
    };
  };

  const displays: DisplayStore = {
    async createDisplay(d) {
      await call(() =>
        client
          .multi()
          .hSet(key.display(d.id), { json: JSON.stringify(d) })
          .set(key.displayByToken(d.tokenHash), d.id)
          .zAdd(key.displays, { score: d.createdAt, value: d.id })
          .exec(),
      );
    },
    getDisplay: readDisplay,
    async getDisplayByTokenHash(hash) {
      const id = await call(() => client.get(key.displayByToken(hash)));
      return id === null ? null : readDisplay(id);
    },
    async listDisplays() {
      const ids = await call(() => client.zRange(key.displays, 0, -1, { REV: true }));
      const all = await Promise.all(ids.map(readDisplay));
      return all.filter((d): d is DisplayRecord => d !== null);
    },
    async touchDisplay(id, at) {
      // Never creates a hash for an unknown id.
      if ((await readDisplay(id)) === null) return;
      await call(() => client.hSet(key.display(id), 'lastSeenAt', String(at)));
    },
    async revokeDisplay(id, at) {
      if ((await readDisplay(id)) === null) return null;
      // HSETNX: the first revocation's time stays.
      await call(() => client.hSetNX(key.display(id), 'revokedAt', String(at)));
      return readDisplay(id);
    },
  };

  const audit: AuditStore = {
    async append(entry) {
      const id = await call(() =>
        client.xAdd(key.audit, '*', { json: JSON.stringify(entry) }, {
          TRIM: { strategy: 'MAXLEN', strategyModifier: '~', threshold: opts.auditMaxEntries },
        }),
      );
      return { id, ...entry };
    },
    async page(before, limit) {
      const rows = (await call(() => client.xRevRange(key.audit, before ? `(${before}` : '+', '-', { COUNT: limit + 1 }))) ?? [];
      const entries: AuditEntry[] = rows
        .slice(0, limit)
        .map((r) => ({ id: r.id, ...(JSON.parse(r.message.json) as Omit<AuditEntry, 'id'>) }));
      return { entries, next: rows.length > limit ? entries[entries.length - 1].id : null };
    },
  };

  const throttle: ThrottleStore = {
    async get(k) {
      const h = await call(() => client.hGetAll(key.signIn(k)));
      if (h.failures === undefined && h.lockedUntil === undefined) return null;
      return { failures: Number(h.failures ?? 0), lockedUntil: Number(h.lockedUntil ?? 0) };
    },
    recordFailure: (k, now, forgetMs) =>
      call(() => client.portlineSignInFailure([key.signIn(k)], [String(now), String(forgetMs)])),
    async lock(k, until, forgetMs) {
      await call(() => client.portlineSignInLock([key.signIn(k)], [String(until), String(forgetMs), String(Date.now())]));
    },
    async reset(k) {
      await call(() => client.del(key.signIn(k)));
    },
  };

  return { displays, audit, throttle };
}
