/**
 * Sliding windows on Redis (limits per client address): one sorted set per window, with a
 * hash tag of its own; taking a hit is one Lua script, releasing one ZREM.
 */
import { windowKey } from '../keys.js';
import type { CountersStore } from '../types.js';
import type { RedisStoreContext } from './context.js';
import { toWindowResult } from './replies.js';
import { runScript, scripts } from './scripts.js';

type WindowMethods = Pick<CountersStore, 'takeWindowSlot' | 'releaseWindowSlot'>;

export function redisWindows({ redis, keyPrefix, call }: RedisStoreContext): WindowMethods {
  return {
    takeWindowSlot: (input) =>
      call(async () => toWindowResult(await runScript(redis, scripts.takeWindowSlot, [windowKey(input.key, keyPrefix)], [input.nowMs, input.windowSeconds * 1000, input.max, input.member]))),
    releaseWindowSlot: ({ key, member }) =>
      call(async () => {
        await redis.zrem(windowKey(key, keyPrefix), member);
      }),
  };
}
