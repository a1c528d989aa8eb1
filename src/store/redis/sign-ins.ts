/**
 * Noted sign-ins on Redis (new-sign-in alerts): one hash per user, one script per sign-in,
 * so the "is this network new, may we alert" check and the alert's time cannot be raced.
 */
import type { CountersStore } from '../types.js';
import type { RedisStoreContext } from './context.js';
import { toSignInNote } from './replies.js';
import { runScript, scripts } from './scripts.js';

export function redisSignIns({ redis, keysOf, call }: RedisStoreContext): Pick<CountersStore, 'noteSignIn'> {
  return {
    noteSignIn: (input) =>
      call(async () => toSignInNote(await runScript(redis, scripts.noteSignIn, [keysOf(input.userId).signIns], [
        input.networkKey, input.nowMs, input.memoryMs, Math.max(input.userMemoryMs, input.memoryMs), input.minIntervalMs, input.maxNetworks, input.newDevice ? 1 : 0,
      ]))),
  };
}
