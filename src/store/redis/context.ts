/**
 * What every part of the Redis store shares: the client, the user's keys, and the guard
 * that makes every call answer in time or reject with `StoreUnavailableError`.
 */
import type { Cluster, Redis } from 'ioredis';
import { withinDeadline } from '../deadline.js';
import { userKeys, type UserKeys } from '../keys.js';
import type { AttemptResult } from '../types.js';
import { toAttemptResult } from './replies.js';
import { runScript, type RedisCommands, type Script, type ScriptArg } from './scripts.js';

export interface RedisStoreContext {
  redis: RedisCommands;
  keyPrefix: string;
  keysOf(userId: string): UserKeys;
  /** Runs one operation under the timeout; any failure becomes `StoreUnavailableError`. */
  call<T>(operation: () => Promise<T>): Promise<T>;
  /** Runs one attempt script under the timeout and reads its outcome. */
  attempt(s: Script, keys: string[], args: ScriptArg[]): Promise<AttemptResult>;
}

export function redisStoreContext(client: Redis | Cluster, keyPrefix: string, timeoutMs: number): RedisStoreContext {
  const redis = client as unknown as RedisCommands;
  const call = <T>(operation: () => Promise<T>) => withinDeadline('Redis', timeoutMs, operation);
  return {
    redis,
    keyPrefix,
    keysOf: (userId) => userKeys(userId, keyPrefix),
    call,
    attempt: (s, keys, args) => call(async () => toAttemptResult(await runScript(redis, s, keys, args))),
  };
}
