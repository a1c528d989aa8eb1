/**
 * The process side of "sign out everywhere": a map userId → latest revocation, fed by the
 * store's announcements, consulted on every verified request without any I/O.
 *
 * - Bounded: a revocation older than the longest session lifetime can no longer match a
 *   live session (older sessions are refused as expired), so it is dropped. The map is kept
 *   in insertion order, which is revocation order, and pruned from the front.
 * - Never fail open: until the subscription is confirmed and the recent revocations are
 *   reloaded — at start and after every disconnect — each check reads the user's record
 *   from the store instead (one command), and a store that cannot answer means 503.
 */
import type { Clock } from '../clock.js';
import { StoreUnavailableError } from '../errors.js';
import type { RevocationFeed } from './feed.js';
import { judge, mergeRecords, type Judgement, type RevocationRecord } from './record.js';

export type Verdict = Judgement | 'expired';

export interface SessionCheck {
  userId: string;
  /** The session's stamp (see `stampOf`). */
  stampMs: number;
  /** Keyed hash of the session id, computed only when an exception must be compared. */
  sessionKey: () => string;
}

export interface RevocationList {
  /** A verdict at once on the fast path; a promise only while the subscription is down. */
  check(session: SessionCheck): Verdict | Promise<Verdict>;
  /** Records a revocation (in the store, announced to every process) and applies it here at once. */
  revoke(record: RevocationRecord): Promise<void>;
  /** The stamp for a session being signed in (or kept) now: after any revocation this process knows of. */
  stampFor(userId: string): number;
  /** True while every announcement is reaching this process (no store call per request). */
  readonly live: boolean;
  readonly size: number;
  /** Drops revocations older than the longest session lifetime. Runs by itself on every revocation. */
  prune(): void;
  close(): Promise<void>;
}

const RELOAD_RETRY_MS = 1000;

export function createRevocationList(feed: RevocationFeed, options: { now: Clock; sessionMaxAgeSeconds: number }): RevocationList {
  const { now } = options;
  const maxAgeMs = options.sessionMaxAgeSeconds * 1000;
  const known = new Map<string, RevocationRecord>();
  let live = false;
  // Moves on every down/up, so a reload that finishes after a newer disconnect is ignored.
  let epoch = 0;
  let closed = false;
  let retry: NodeJS.Timeout | null = null;

  function apply(record: RevocationRecord): void {
    const merged = mergeRecords(known.get(record.userId), record);
    known.delete(record.userId);
    known.set(record.userId, merged);
    prune();
  }

  function prune(): void {
    const cutoff = now() - maxAgeMs;
    for (const [userId, record] of known) {
      if (record.revokedAt >= cutoff) break;
      known.delete(userId);
    }
  }

  async function reload(myEpoch: number): Promise<void> {
    try {
      const records = await feed.readSince(now() - maxAgeMs);
      if (myEpoch !== epoch || closed) return;
      for (const record of records) apply(record);
      live = true;
    } catch {
      if (myEpoch !== epoch || closed) return;
      retry = setTimeout(() => void reload(myEpoch), RELOAD_RETRY_MS);
      retry.unref();
    }
  }

  const subscription = feed.listen({
    record: apply,
    up() {
      epoch += 1;
      void reload(epoch);
    },
    down() {
      epoch += 1;
      live = false;
      if (retry) clearTimeout(retry);
    },
  });

  function verdictOf(record: RevocationRecord | undefined, session: SessionCheck): Verdict {
    return judge(record, session.stampMs, session.sessionKey);
  }

  async function checkInStore(session: SessionCheck): Promise<Verdict> {
    let record: RevocationRecord | null;
    try {
      record = await feed.read(session.userId);
    } catch (error) {
      throw error instanceof StoreUnavailableError ? error : new StoreUnavailableError(error);
    }
    if (record) apply(record);
    return verdictOf(known.get(session.userId), session);
  }

  return {
    check(session) {
      if (session.stampMs < now() - maxAgeMs) return 'expired';
      if (!live) return checkInStore(session);
      return verdictOf(known.get(session.userId), session);
    },
    async revoke(record) {
      await feed.publish(record, now() - maxAgeMs);
      apply(record);
    },
    stampFor(userId) {
      const nowMs = now();
      const record = known.get(userId);
      return record && record.revokedAt >= nowMs ? record.revokedAt + 1 : nowMs;
    },
    get live() {
      return live;
    },
    get size() {
      return known.size;
    },
    prune,
    async close() {
      closed = true;
      live = false;
      if (retry) clearTimeout(retry);
      await subscription.close();
    },
  };
}
