import { defineScript } from 'redis';
import { keysThenArgs, type RedisPartOptions } from './redis-parts';
import type { PlanStore, StoredPlan } from './types';

/**
 * The Redis emergency plans (SPEC PLAN2). One key:
 *   plans   hash scenario → the stored plan (JSON, its version inside)
 * A save is one Lua script that reads the scenario's version and writes only if it is the one
 * expected, so of two saves from the same version (any processes) exactly one lands.
 */

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

export function createRedisPlanStore(opts: RedisPartOptions): PlanStore {
  const { client, call, prefix: p } = opts;
  const key = { plans: `${p}plans` };
  return {
    async listPlans() {
      const all = await call(() => client.hGetAll(key.plans));
      return Object.keys(all)
        .sort()
        .map((scenario) => JSON.parse(all[scenario]) as StoredPlan);
    },
    async savePlan(plan) {
      if (!Number.isSafeInteger(plan.version) || plan.version < 1) return false;
      return call(() => client.portlinePlanSave([key.plans], [plan.scenario, String(plan.version - 1), JSON.stringify(plan)]));
    },
  };
}
