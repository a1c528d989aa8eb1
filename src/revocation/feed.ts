/**
 * What a store offers for "sign out everywhere": a place to record each user's latest
 * revocation and a way to announce it to every process. `redisStore` implements it with a
 * hash, a sorted set and pub/sub (`redis-feed.ts`); `memoryStore` in one process
 * (`memory-feed.ts`). The process side — the in-memory map, the fallback, the reload — is
 * `revocation-list.ts`, the same for both.
 */
import type { RevocationRecord } from './record.js';

export interface RevocationListener {
  /** An announcement from any process (this one included). */
  record(record: RevocationRecord): void;
  /**
   * The subscription is live: every announcement from now on will arrive. The listener
   * reloads what was recorded before (`readSince`) and only then trusts its map.
   */
  up(): void;
  /** The subscription is lost: announcements may be missed until the next `up()`. */
  down(): void;
}

export interface RevocationFeed {
  /**
   * Records the revocation (merged with the user's earlier one, see `mergeRecords`),
   * forgets records older than `forgetBeforeMs`, and announces it: atomically, so a
   * process that subscribes and then reloads misses nothing. Rejects with
   * `StoreUnavailableError` when the store cannot answer.
   */
  publish(record: RevocationRecord, forgetBeforeMs: number): Promise<void>;
  /** The user's latest revocation: one command (the fallback while the subscription is down). */
  read(userId: string): Promise<RevocationRecord | null>;
  /** Every revocation at or after `sinceMs`, oldest first (the reload). */
  readSince(sinceMs: number): Promise<RevocationRecord[]>;
  /** Starts the subscription. `close()` ends it and releases its connection. */
  listen(listener: RevocationListener): { close(): Promise<void> };
}
