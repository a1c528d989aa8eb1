/**
 * What every part of the Redis store shares: the client, the user's keys, and the guard
 * that makes every call answer in time or reject with `StoreUnavailableError`.
 */
import type { Cluster, Redis } from 'ioredis';
import { withinDeadline } from '../deadline.js';
import { userKeys, type UserKeys } from '../keys.js';
import { windowKey } from '../keys.js';
import type { AttemptResult, WindowSlot } from '../types.js';
import { toAttemptResult, toWindowResult } from './replies.js';
import { runScript, scripts, type RedisCommands, type Script, type ScriptArg } from './scripts.js';

export interface RedisStoreContext {
  redis: RedisCommands;
  keyPrefix: string;
  keysOf(userId: string): UserKeys;
  /** Runs one operation under the timeout; any failure becomes `StoreUnavailableError`. */
  call<T>(operation: () => Promise<T>): Promise<T>;
  /**
   * Runs one attempt script under the timeout and reads its outcome, with the client
   * address's window (`AttemptInput.window`) when given: on a single Redis inside the same
   * script (one round trip); on a Cluster, where the window lives on another shard, reserved
   * first and given back unless the attempt was a counted failure (reserve + release).
   */
  attempt(s: Script, keys: string[], args: ScriptArg[], window?: WindowSlot): Promise<AttemptResult>;
}

export function redisStoreContext(client: Redis | Cluster, keyPrefix: string, timeoutMs: number): RedisStoreContext {
  const redis = client as unknown as RedisCommands;
  const call = <T>(operation: () => Promise<T>) => withinDeadline('Redis', timeoutMs, operation);
  const cluster = (client as { isCluster?: boolean }).isCluster === true;
  const single = (s: Script, keys: string[], args: ScriptArg[], window?: WindowSlot) => call(async () => toAttemptResult(await runScript(redis, s,
    window ? [...keys, windowKey(window.key, keyPrefix)] : keys,
    window ? [...args, window.windowSeconds * 1000, window.max, window.member] : args)));
  const sharded = (s: Script, keys: string[], args: ScriptArg[], window: WindowSlot) => call(async () => {
    const key = windowKey(window.key, keyPrefix);
    const nowMs = args[0]!;
    const reserved = toWindowResult(await runScript(redis, scripts.takeWindowSlot, [key], [nowMs, window.windowSeconds * 1000, window.max, window.member]));
    if (reserved.outcome === 'full') return { outcome: 'limited', retryAt: reserved.retryAt } as const;
    let result: AttemptResult | undefined;
    try {
      result = toAttemptResult(await runScript(redis, s, keys, args));
      return result;
    } finally {
      // Only a counted failure keeps its place; an unanswered script gives it back too.
      if (result?.outcome !== 'rejected') await redis.zrem(key, window.member).catch(() => {});
    }
  });
  return {
    redis,
    keyPrefix,
    keysOf: (userId) => userKeys(userId, keyPrefix),
    call,
    attempt: (s, keys, args, window) => (window && cluster ? sharded(s, keys, args, window) : single(s, keys, args, window)),
  };
}
