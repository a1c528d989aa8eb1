/**
 * Enrolment records on Redis: the record, the generation that moves with every write, and
 * the reset that forgets a user (and moves the generation too).
 */
import type { Enrolment, TwoStepStore } from '../types.js';
import type { RedisStoreContext } from './context.js';
import { runScript, scripts } from './scripts.js';

type EnrolmentMethods = Pick<TwoStepStore, 'getEnrolment' | 'putEnrolment' | 'getGeneration' | 'resetUser'>;

export function redisEnrolment({ redis, keysOf, call }: RedisStoreContext): EnrolmentMethods {
  return {
    getEnrolment: (userId) =>
      call(async () => {
        const json = await redis.get(keysOf(userId).enrolment);
        return json === null ? null : (JSON.parse(json) as Enrolment);
      }),

    putEnrolment: (userId, enrolment) =>
      call(async () => {
        const k = keysOf(userId);
        await runScript(redis, scripts.putEnrolment, [k.enrolment, k.generation], [JSON.stringify(enrolment)]);
      }),

    getGeneration: (userId) => call(async () => Number((await redis.get(keysOf(userId).generation)) ?? 0)),

    resetUser: (userId) =>
      call(async () => {
        const k = keysOf(userId);
        const keys = [k.enrolment, k.lock, k.totp, k.codes, k.cooldowns, k.sends, k.recovery, k.devices, k.generation];
        await runScript(redis, scripts.resetUser, keys, []);
      }),
  };
}
