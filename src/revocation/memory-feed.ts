/**
 * The revocation feed of `memoryStore`: one process, so announcing is calling every
 * listener, and the subscription is never down.
 */
import type { RevocationFeed, RevocationListener } from './feed.js';
import { localListeners } from './local-listeners.js';
import { mergeRecords, type RevocationRecord } from './record.js';

export function memoryRevocationFeed(): RevocationFeed {
  const records = new Map<string, RevocationRecord>();
  const listeners = localListeners<RevocationListener>();
  return {
    async publish(record, forgetBeforeMs) {
      const merged = mergeRecords(records.get(record.userId), record);
      records.delete(record.userId);
      records.set(record.userId, merged);
      for (const [userId, known] of records) {
        if (known.revokedAt >= forgetBeforeMs) break;
        records.delete(userId);
      }
      listeners.each((listener) => listener.record(merged));
    },
    async read(userId) {
      return records.get(userId) ?? null;
    },
    async readSince(sinceMs) {
      return [...records.values()].filter((r) => r.revokedAt >= sinceMs).sort((a, b) => a.revokedAt - b.revokedAt);
    },
    listen: listeners.listen,
  };
}
