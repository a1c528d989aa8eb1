/**
 * Email and SMS codes on Redis: issuing under a cooldown and an hourly cap, withdrawing
 * after a failed delivery, and consuming (each one Lua script).
 */
import { codeField, codePurposePrefix } from '../keys.js';
import type { CountersStore } from '../types.js';
import type { RedisStoreContext } from './context.js';
import { toIssueResult } from './replies.js';
import { runScript, scripts } from './scripts.js';

type CodeMethods = Pick<CountersStore, 'issueCode' | 'withdrawCode' | 'consumeCode'>;

export function redisCodes({ redis, keysOf, call, attempt }: RedisStoreContext): CodeMethods {
  return {
    issueCode: (input) =>
      call(async () => {
        const k = keysOf(input.userId);
        const field = codeField(input.purpose, input.codeHash);
        const reply = await runScript(
          redis,
          scripts.issueCode,
          [k.codes, k.cooldowns, k.sends],
          [
            input.nowMs,
            field,
            input.purpose,
            input.ttlSeconds * 1000,
            input.cooldownSeconds * 1000,
            input.maxSendsPerHour,
            field,
          ],
        );
        return toIssueResult(reply);
      }),

    withdrawCode: ({ userId, purpose, codeHash }) =>
      call(async () => {
        const k = keysOf(userId);
        const field = codeField(purpose, codeHash);
        await runScript(redis, scripts.withdrawCode, [k.codes, k.cooldowns, k.sends], [field, purpose, field]);
      }),

    consumeCode: (input) => {
      const k = keysOf(input.userId);
      return attempt(
        scripts.consumeCode,
        [k.lock, k.codes],
        [
          input.nowMs,
          input.lockout.maxAttempts,
          input.lockout.lockSeconds * 1000,
          codeField(input.purpose, input.codeHash),
          codePurposePrefix(input.purpose),
        ],
        input.window,
      );
    },
  };
}
