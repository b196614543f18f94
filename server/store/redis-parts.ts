import type { CommandParser } from 'redis';
import type { RedisClient } from './redis';

/** What each part of the Redis store (plans, review, security) is built from (server/store/redis.ts). */
export interface RedisPartOptions {
  client: RedisClient;
  /** Runs a command with the store's typed errors (STORE_UNAVAILABLE). */
  call: <T>(fn: () => Promise<T>) => Promise<T>;
  prefix: string;
}

/** A Lua script's command: its keys, then its arguments (defineScript's parseCommand). */
export const keysThenArgs = (parser: CommandParser, keys: readonly string[], args: readonly string[]): void => {
  for (const key of keys) parser.pushKey(key);
  parser.push(...args);
};
