/**
 * Lockout on Redis: the lock state, lifting it, counting a failure compared elsewhere, and
 * settling a TOTP attempt (whose code the caller compared, holding the secret).
 */
import type { CountersStore, LockState } from '../types.js';
import type { RedisStoreContext } from './context.js';
import { runScript, scripts } from './scripts.js';

type LockoutMethods = Pick<CountersStore, 'getLockState' | 'clearLock' | 'clearFailures' | 'recordFailure' | 'consumeTotpStep'>;

export function redisLockout({ redis, keysOf, call, attempt }: RedisStoreContext): LockoutMethods {
  return {
    getLockState: (userId, nowMs) =>
      call(async (): Promise<LockState> => {
        const [f, fx, lu] = await redis.hmget(keysOf(userId).lock, 'f', 'fx', 'lu');
        const lockedUntil = lu != null && nowMs < Number(lu) ? Number(lu) : null;
        const failures = f != null && fx != null && nowMs < Number(fx) ? Number(f) : 0;
        return { failures, lockedUntil };
      }),

    clearLock: (userId) =>
      call(async () => {
        await redis.hdel(keysOf(userId).lock, 'f', 'fx', 'lu');
      }),

    clearFailures: (userId, nowMs) =>
      call(async () => {
        await runScript(redis, scripts.clearFailures, [keysOf(userId).lock], [nowMs]);
      }),

    recordFailure: ({ userId, nowMs, lockout, window }) =>
      attempt(scripts.recordFailure, [keysOf(userId).lock], [nowMs, lockout.maxAttempts, lockout.lockSeconds * 1000], window),

    consumeTotpStep: (input) => {
      const k = keysOf(input.userId);
      return attempt(
        scripts.consumeTotpStep,
        [k.lock, k.enrolmentVersion, k.totp],
        [
          input.nowMs,
          input.lockout.maxAttempts,
          input.lockout.lockSeconds * 1000,
          input.version,
          input.matchedStep ?? '',
          input.stepRetentionSeconds * 1000,
          input.methodId,
        ],
        input.window,
      );
    },
  };
}
