/**
 * The enrolment-version mirror on Redis, and the reset that forgets what expires about a
 * user (the mirror stays, so a snapshot from before the reset is still stale after it).
 */
import type { CountersStore } from '../types.js';
import type { RedisStoreContext } from './context.js';
import { runScript, scripts } from './scripts.js';

type VersionMethods = Pick<CountersStore, 'noteEnrolmentVersion' | 'resetUser'>;

export function redisEnrolmentVersion({ redis, keysOf, call }: RedisStoreContext): VersionMethods {
  return {
    noteEnrolmentVersion: (userId, version) =>
      call(async () => {
        await runScript(redis, scripts.noteVersion, [keysOf(userId).enrolmentVersion], [version]);
      }),

    resetUser: (userId) =>
      call(async () => {
        const k = keysOf(userId);
        await runScript(redis, scripts.resetUser, [k.lock, k.totp, k.codes, k.cooldowns, k.sends, k.devices, k.signIns], []);
      }),
  };
}
