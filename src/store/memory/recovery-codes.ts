/**
 * Recovery codes in memory: a set of keyed hashes, replaced whole and consumed one at a
 * time under the lockout rules.
 */
import type { TwoStepStore } from '../types.js';
import { attempt, countFailure } from './attempts.js';
import type { UserTable } from './user-table.js';

type RecoveryCodeMethods = Pick<TwoStepStore, 'replaceRecoveryCodes' | 'countRecoveryCodes' | 'consumeRecoveryCode'>;

export function memoryRecoveryCodes(users: UserTable): RecoveryCodeMethods {
  return {
    replaceRecoveryCodes: async (userId, codeHashes) => {
      const user = users.writable(userId);
      user.recovery = new Set(codeHashes);
    },

    countRecoveryCodes: async (userId) => users.peek(userId)?.recovery.size ?? 0,

    consumeRecoveryCode: (input) =>
      attempt(users, input, (user) => {
        if (user.recovery.delete(input.codeHash)) {
          user.lock = undefined;
          return { outcome: 'accepted', remaining: user.recovery.size };
        }
        return countFailure(user, input);
      }),
  };
}
