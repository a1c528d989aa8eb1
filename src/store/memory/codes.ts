/**
 * Email and SMS codes in memory: issuing under a cooldown and an hourly cap, withdrawing
 * after a failed delivery, and consuming. No `await` between read and write, so each call
 * is atomic on one event loop.
 */
import type { CountersStore } from '../types.js';
import { attempt, countFailure } from './attempts.js';
import { HOUR_MS } from './user-state.js';
import type { UserTable } from './user-table.js';
import type { WindowTable } from './windows.js';

type CodeMethods = Pick<CountersStore, 'issueCode' | 'withdrawCode' | 'consumeCode'>;

export function memoryCodes(users: UserTable, windows: WindowTable): CodeMethods {
  return {
    issueCode: async (input) => {
      const { nowMs, purpose } = input;
      const user = users.writable(input.userId, nowMs);
      const resendAt = user.cooldowns.get(purpose);
      if (resendAt !== undefined && nowMs < resendAt) return { outcome: 'too_soon', retryAt: resendAt };
      // `writable` already dropped sends older than an hour: what is left is the sliding window.
      if (user.sends.length >= input.maxSendsPerHour) {
        const oldest = user.sends.reduce((min, send) => Math.min(min, send.at), Number.POSITIVE_INFINITY);
        return { outcome: 'limit_reached', retryAt: (Number.isFinite(oldest) ? oldest : nowMs) + HOUR_MS };
      }
      const expiresAt = nowMs + input.ttlSeconds * 1000;
      const nextResendAt = nowMs + input.cooldownSeconds * 1000;
      const codes = user.codes.get(purpose) ?? new Map<string, number>();
      user.codes.set(purpose, codes.set(input.codeHash, expiresAt));
      user.cooldowns.set(purpose, nextResendAt);
      user.sends.push({ at: nowMs, purpose, codeHash: input.codeHash });
      return { outcome: 'issued', expiresAt, resendAt: nextResendAt };
    },

    withdrawCode: async ({ userId, purpose, codeHash, nowMs }) => {
      const user = users.live(userId, nowMs);
      if (!user) return;
      user.codes.get(purpose)?.delete(codeHash);
      user.cooldowns.delete(purpose);
      const index = user.sends.findIndex((send) => send.purpose === purpose && send.codeHash === codeHash);
      if (index >= 0) user.sends.splice(index, 1);
    },

    consumeCode: (input) =>
      attempt(users, windows, input, (user) => {
        const expiresAt = user.codes.get(input.purpose)?.get(input.codeHash);
        if (expiresAt !== undefined && input.nowMs < expiresAt) {
          user.codes.delete(input.purpose);
          user.lock = undefined;
          return { outcome: 'accepted' };
        }
        return countFailure(user, input);
      }),
  };
}
