/**
 * Noted sign-ins in memory (new-sign-in alerts), with the semantics of the Redis script
 * `NOTE_SIGN_IN`: no `await` between the read and the write, so atomic on one event loop.
 */
import type { CountersStore } from '../types.js';
import type { UserTable } from './user-table.js';

export function memorySignIns(users: UserTable): Pick<CountersStore, 'noteSignIn'> {
  return {
    noteSignIn: async (input) => {
      const { nowMs, memoryMs } = input;
      const user = users.writable(input.userId, nowMs);
      const record = user.signIns;
      const firstEver = record === undefined;
      const seenAt = record?.networks.get(input.networkKey);
      const networkSeen = seenAt !== undefined && nowMs - seenAt < memoryMs;
      let alertAllowed = false;
      const kept = record ?? { firstAt: nowMs, alertAt: null, networks: new Map<string, number>(), expiresAt: 0 };
      if (input.newDevice && !firstEver && !networkSeen && (kept.alertAt === null || nowMs - kept.alertAt >= input.minIntervalMs)) {
        alertAllowed = true;
        kept.alertAt = nowMs;
      }
      kept.networks.delete(input.networkKey);
      for (const [key, at] of kept.networks) if (nowMs - at >= memoryMs) kept.networks.delete(key);
      // Newest last (a Map keeps insertion order, and each sighting re-inserts): the oldest go first.
      const others = [...kept.networks].sort((a, b) => a[1] - b[1]);
      kept.networks = new Map([...others.slice(Math.max(0, others.length - (input.maxNetworks - 1))), [input.networkKey, nowMs]]);
      kept.expiresAt = nowMs + Math.max(input.userMemoryMs, memoryMs);
      user.signIns = kept;
      return { firstEver, networkSeen, alertAllowed };
    },
  };
}
