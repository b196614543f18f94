import { defineScript } from 'redis';
import { keysThenArgs, type RedisPartOptions } from './redis-parts';
import type { ReviewEntry } from '../../lib/protocol/review';
import type { ReviewAppendResult, ReviewStore } from './types';

/**
 * The Redis review logs (SPEC REV3). Keys per incident:
 *   incident:{id}:review      list of entries (JSON), index = seq - 1; never trimmed, so its
 *                             length is the review log's counter (head seq)
 *   incident:{id}:review:ids  hash entry id → seq (idempotent appends)
 * One Lua script checks and appends, so two processes never take the same seq and a
 * repeated entry id is never written twice. The incident's `log` and `cmds` keys are
 * not among its keys: a review append cannot touch the incident log.
 */

/** KEYS: list, ids. ARGV: entryId, entry JSON, expectedSeq ('' = any), maxEntries. */
const REVIEW_APPEND_LUA = `
local dup = redis.call('HGET', KEYS[2], ARGV[1])
if dup then return {'duplicate', redis.call('LINDEX', KEYS[1], tonumber(dup) - 1)} end
local len = redis.call('LLEN', KEYS[1])
if ARGV[3] ~= '' and tonumber(ARGV[3]) ~= len then return {'stale', len} end
if len >= tonumber(ARGV[4]) then return {'full', len} end
local now = redis.call('TIME')
local ts = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
if len > 0 then
  local lastTs = tonumber(string.match(redis.call('LINDEX', KEYS[1], -1), '^{"seq":%d+,"ts":(%d+),'))
  if lastTs and lastTs > ts then ts = lastTs end
end
local seq = string.format('%d', len + 1)
-- Spliced, not cjson: cjson would reorder keys and turn [] into {}.
local json = '{"seq":' .. seq .. ',"ts":' .. string.format('%d', ts) .. ',' .. string.sub(ARGV[2], 2)
redis.call('RPUSH', KEYS[1], json)
redis.call('HSET', KEYS[2], ARGV[1], seq)
return {'appended', json}`;

export const REVIEW_SCRIPTS = {
  portlineReviewAppend: defineScript({
    NUMBER_OF_KEYS: 2,
    SCRIPT: REVIEW_APPEND_LUA,
    parseCommand: keysThenArgs,
    transformReply: (reply: unknown) => reply as Array<string | number>,
  }),
};

/** The review log's two keys of an incident (also written by an import, redis.ts importLog). */
export function reviewKeys(p: string) {
  return {
    list: (id: string) => `${p}incident:${id}:review`,
    ids: (id: string) => `${p}incident:${id}:review:ids`,
  };
}

export function createRedisReviewStore(opts: RedisPartOptions): ReviewStore {
  const { client, call, prefix: p } = opts;
  const key = reviewKeys(p);
  const parse = (json: string) => JSON.parse(json) as ReviewEntry;
  return {
    async append(incidentId, entry, { expectedSeq, maxEntries }): Promise<ReviewAppendResult> {
      if (entry.incidentId !== incidentId) throw new TypeError('review append: entry of another incident');
      const args = [entry.id, JSON.stringify(entry), expectedSeq === undefined ? '' : String(expectedSeq), String(maxEntries)];
      const [status, rest] = await call(() => client.portlineReviewAppend([key.list(incidentId), key.ids(incidentId)], args));
      if (status === 'appended' || status === 'duplicate') return { status, entry: parse(String(rest)) };
      if (status === 'stale' || status === 'full') return { status, headSeq: Number(rest) };
      throw new Error(`review append: unexpected reply ${String(status)}`);
    },
    async read(incidentId, fromSeq, limit) {
      if (limit <= 0) return [];
      const start = Math.max(1, fromSeq) - 1;
      const rows = await call(() => client.lRange(key.list(incidentId), start, start + limit - 1));
      return rows.map(parse);
    },
    head: (incidentId) => call(() => client.lLen(key.list(incidentId))),
  };
}
