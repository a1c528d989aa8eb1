/**
 * Recovery codes on Redis: a set of keyed hashes, replaced whole and consumed one at a
 * time by a script that also settles the lockout.
 */
import type { TwoStepStore } from '../types.js';
import type { RedisStoreContext } from './context.js';
import { runScript, scripts } from './scripts.js';

type RecoveryCodeMethods = Pick<TwoStepStore, 'replaceRecoveryCodes' | 'countRecoveryCodes' | 'consumeRecoveryCode'>;

export function redisRecoveryCodes({ redis, keysOf, call, attempt }: RedisStoreContext): RecoveryCodeMethods {
  return {
    replaceRecoveryCodes: (userId, codeHashes) =>
      call(async () => {
        await runScript(redis, scripts.replaceRecoveryCodes, [keysOf(userId).recovery], [...codeHashes]);
      }),

    countRecoveryCodes: (userId) => call(() => redis.scard(keysOf(userId).recovery)),

    consumeRecoveryCode: (input) => {
      const k = keysOf(input.userId);
      return attempt(
        scripts.consumeRecoveryCode,
        [k.lock, k.recovery],
        [input.nowMs, input.lockout.maxAttempts, input.lockout.lockSeconds * 1000, input.codeHash],
      );
    },
  };
}
