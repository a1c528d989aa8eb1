/**
 * Lockout in memory: the lock state, lifting it, counting a failure compared elsewhere, and
 * settling a TOTP attempt (whose code the caller compared, holding the secret).
 */
import type { CountersStore, LockState } from '../types.js';
import { attempt, countFailure, lockedUntil } from './attempts.js';
import type { UserTable } from './user-table.js';
import type { WindowTable } from './windows.js';

type LockoutMethods = Pick<CountersStore, 'getLockState' | 'clearLock' | 'clearFailures' | 'recordFailure' | 'consumeTotpStep'>;

export function memoryLockout(users: UserTable, windows: WindowTable): LockoutMethods {
  return {
    getLockState: async (userId, nowMs): Promise<LockState> => {
      const user = users.live(userId, nowMs);
      if (!user) return { failures: 0, lockedUntil: null };
      const failures = user.lock && nowMs < user.lock.failuresExpireAt ? user.lock.failures : 0;
      return { failures, lockedUntil: lockedUntil(user, nowMs) };
    },

    clearLock: async (userId) => {
      const user = users.peek(userId);
      if (user) user.lock = undefined;
    },

    clearFailures: async (userId, nowMs) => {
      const user = users.peek(userId);
      if (!user?.lock) return;
      const stillLocked = user.lock.lockedUntil !== null && nowMs < user.lock.lockedUntil;
      user.lock = stillLocked ? { ...user.lock, failures: 0 } : undefined;
    },

    recordFailure: (input) => attempt(users, windows, input, (user) => countFailure(user, input)),

    consumeTotpStep: (input) =>
      attempt(users, windows, input, (user) => {
        if (user.enrolmentVersion > input.version) return { outcome: 'stale' };
        const last = user.lastSteps.get(input.methodId)?.value ?? null;
        if (input.matchedStep !== null && (last === null || input.matchedStep > last)) {
          user.lastSteps.set(input.methodId, { value: input.matchedStep, expiresAt: input.nowMs + input.stepRetentionSeconds * 1000 });
          user.lock = undefined;
          return { outcome: 'accepted' };
        }
        return countFailure(user, input);
      }),
  };
}
