import { defineScript } from 'redis';
import { keysThenArgs, type RedisPartOptions } from './redis-parts';
import type { AuditEntry } from '../../lib/protocol/http';
import type { AuditStore, DisplayRecord, DisplayStore, ThrottleReservation, ThrottleStore } from './types';

/**
 * The Redis side of displays, the audit log and sign-in throttling. Keys:
 *   display:{id}            hash: json (the record as created), lastSeenAt, revokedAt
 *   display:bytoken:{hash}  the display id
 *   displays                sorted set of ids by creation time
 *   audit                   stream, trimmed to about the newest N entries (MAXLEN ~)
 *   signin:{key}            hash: failures, lockedUntil; expires on its own
 */

/**
 * KEYS: signin key. ARGV: now, forgetMs, free, baseDelayMs, maxDelayMs. One attempt (SPEC AUTH9):
 * refused while locked (nothing counted); else one more failure, counted before the password is
 * checked, locking from the free-th on; forgotten forgetMs after the later of now and the lock.
 * Returns {granted 0|1, failures, lockedUntil (refused: the lock; granted: the one started, or 0),
 * previousLockedUntil}.
 */
const RESERVE_LUA = `
local now = tonumber(ARGV[1])
local locked = tonumber(redis.call('HGET', KEYS[1], 'lockedUntil') or '0')
if locked > now then return {0, 0, locked, locked} end
local failures = redis.call('HINCRBY', KEYS[1], 'failures', 1)
local free = tonumber(ARGV[3])
local untilMs = 0
if failures >= free then
  local n = failures - free
  if n > 30 then n = 30 end
  local delay = tonumber(ARGV[4]) * (2 ^ n)
  local cap = tonumber(ARGV[5])
  if delay > cap then delay = cap end
  untilMs = now + math.floor(delay)
  redis.call('HSET', KEYS[1], 'lockedUntil', string.format('%d', untilMs))
end
local base = now
if untilMs > base then base = untilMs end
redis.call('PEXPIRE', KEYS[1], base - now + tonumber(ARGV[2]))
return {1, failures, untilMs, locked}`;

/**
 * KEYS: signin key. ARGV: the lock the reservation started (0: none), the lock before it, now.
 * One failure less; that lock lifted unless a later one replaced it; gone when nothing is left.
 */
const RELEASE_LUA = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local failures = redis.call('HINCRBY', KEYS[1], 'failures', -1)
if failures < 0 then
  failures = 0
  redis.call('HSET', KEYS[1], 'failures', '0')
end
local cur = tonumber(redis.call('HGET', KEYS[1], 'lockedUntil') or '0')
local started = tonumber(ARGV[1])
if started > 0 and cur == started then
  cur = tonumber(ARGV[2])
  redis.call('HSET', KEYS[1], 'lockedUntil', ARGV[2])
end
if failures == 0 and cur <= tonumber(ARGV[3]) then redis.call('DEL', KEYS[1]) end
return 1`;

export const SECURITY_SCRIPTS = {
  portlineSignInReserve: defineScript({
    NUMBER_OF_KEYS: 1,
    SCRIPT: RESERVE_LUA,
    parseCommand: keysThenArgs,
    transformReply: (reply: unknown) => (reply as unknown[]).map(Number),
  }),
  portlineSignInRelease: defineScript({
    NUMBER_OF_KEYS: 1,
    SCRIPT: RELEASE_LUA,
    parseCommand: keysThenArgs,
    transformReply: (reply: unknown) => reply === 1,
  }),
};

export function createRedisSecurityStores(opts: RedisPartOptions & { auditMaxEntries: number }) {
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
    async reserve(k, now, rule): Promise<ThrottleReservation> {
      const args = [now, rule.forgetMs, rule.free, rule.baseDelayMs, rule.maxDelayMs].map(String);
      const [granted, failures, lockedUntil, previousLockedUntil] = await call(() => client.portlineSignInReserve([key.signIn(k)], args));
      return granted === 1 ? { granted: true, failures, lockedUntil, previousLockedUntil } : { granted: false, lockedUntil };
    },
    async release(k, r, now) {
      await call(() => client.portlineSignInRelease([key.signIn(k)], [String(r.lockedUntil), String(r.previousLockedUntil), String(now)]));
    },
    async reset(k) {
      await call(() => client.del(key.signIn(k)));
    },
  };

  return { displays, audit, throttle };
}
