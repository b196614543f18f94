import { defineScript, type CommandParser } from 'redis';
import type { RedisClient } from './redis';
import type { PlanStore, StoredPlan } from './types';

/**
 * The Redis emergency plans (SPEC PLAN2). One key:
 *   plans   hash scenario → the stored plan (JSON, its version inside)
 * A save is one Lua script that reads the scenario's version and writes only if it is the one
 * expected, so of two saves from the same version (any processes) exactly one lands.
 */

const keysThenArgs = (parser: CommandParser, keys: readonly string[], args: readonly string[]): void => {
  for (const key of keys) parser.pushKey(key);
  parser.push(...args);
};

/** KEYS: plans. ARGV: scenario, expectedVersion, the plan's JSON. 1: written; 0: another version is stored, nothing written. */
const PLAN_SAVE_LUA = `
local current = redis.call('HGET', KEYS[1], ARGV[1])
local version = 0
if current then version = tonumber(cjson.decode(current).version) end
if version ~= tonumber(ARGV[2]) then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
return 1`;

export const PLAN_SCRIPTS = {
  portlinePlanSave: defineScript({
    NUMBER_OF_KEYS: 1,
    SCRIPT: PLAN_SAVE_LUA,
    parseCommand: keysThenArgs,
    transformReply: (reply: unknown) => reply === 1,
  }),
};

export function createRedisPlanStore(opts: {
  client: RedisClient;
  call: <T>(fn: () => Promise<T>) => Promise<T>;
  prefix: string;
}): PlanStore {
  const { client, call, prefix: p } = opts;
  const key = { plans: `${p}plans` };
  return {
    async listPlans() {
      const all = await call(() => client.hGetAll(key.plans));
      return Object.keys(all)
        .sort()
        .map((scenario) => JSON.parse(all[scenario]) as StoredPlan);
    },
    async savePlan(plan, expectedVersion) {
      if (!Number.isSafeInteger(expectedVersion) || expectedVersion < 0 || plan.version !== expectedVersion + 1) return false;
      return call(() => client.portlinePlanSave([key.plans], [plan.scenario, String(expectedVersion), JSON.stringify(plan)]));
    },
  };
}
