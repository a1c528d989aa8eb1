/**
 * This process's copy of the organisation settings its sign-ins read, so that a sign-in (and
 * every answer to a challenge) reads no store once the organisations it needs were read once.
 * A stale entry here decides who skips the second factor, so an entry is served only while
 * it is known to be current:
 *
 * - Invalidated by announcement: every write through `twoStep.organisations` forgets the
 *   entry here at once and announces it on the store's feed (`feed.ts`); every process
 *   forgets it when the announcement arrives (well under a second on Redis pub/sub).
 * - Trusted only while live: until the subscription is confirmed — at start and after every
 *   disconnect — nothing is kept and every read goes to the store (so unreadable settings are
 *   a 503, never "not enforced"). Going down and coming back up both empty the cache, so what
 *   was read before a gap in the announcements is never served after it.
 * - Never older than `maxAgeMs`: a backstop for a change the feed cannot carry (written to
 *   the database by another program, an announcement lost with its writer), and the only
 *   bound when the store has no feed at all.
 * - Bounded: at most `maxEntries` organisations, the least recently used dropped first.
 *
 * A read that was in flight while an announcement (or a disconnect) arrived is answered but
 * not kept: it may have read the settings from before the change.
 *
 * Concurrent misses share one read: a sign-in that needs an organisation another sign-in is
 * already reading waits for that read (so a cold start under a crowd of sign-ins, or the first
 * sign-ins after a change, read each organisation once, not once per sign-in) — but only a read
 * that started after the last announcement; one from before it may hold the old settings.
 */
import type { Clock } from '../clock.js';
import type { SettingsChangeFeed } from './feed.js';
import type { OrganisationSettingsRecord } from './settings.js';
import type { OrganisationSettingsStore } from './types.js';

export interface OrganisationSettingsCache {
  /** Like the store's `readMany`: from memory where current, the rest in one store call. */
  readMany(orgIds: readonly string[]): Promise<Map<string, OrganisationSettingsRecord>>;
  /** After a write through this process: forgotten here at once, then announced to every process. */
  written(orgId: string, version: number): Promise<void>;
  /** True while every announcement reaches this process (entries are kept and served). */
  readonly live: boolean;
  readonly size: number;
  close(): Promise<void>;
}

export interface SettingsCacheOptions {
  now: Clock;
  maxEntries: number;
  /** No entry older than this is served. */
  maxAgeMs: number;
}

interface Entry {
  /** Null: the organisation has no settings (never configured) — worth remembering too. */
  record: OrganisationSettingsRecord | null;
  readAt: number;
}

/** How often a failed announcement is sent again, until every cache has expired the entry anyway. */
const ANNOUNCE_RETRY_MS = 1000;

export function createSettingsCache(store: OrganisationSettingsStore, feed: SettingsChangeFeed, options: SettingsCacheOptions): OrganisationSettingsCache {
  const { now, maxEntries, maxAgeMs } = options;
  /** In least-recently-used order: a hit moves its entry to the end, the front is dropped first. */
  const entries = new Map<string, Entry>();
  let live = false;
  // Moves on every announcement, down and up: a read that started before one is not kept.
  let epoch = 0;
  let closed = false;
  const retries = new Set<NodeJS.Timeout>();
  /** The store reads in flight, by organisation, with the epoch each started in. */
  const reading = new Map<string, { epoch: number; read: Promise<Map<string, OrganisationSettingsRecord>> }>();

  /** One store read of `orgIds`, which later misses of the same epoch may share until it settles. */
  function readShared(orgIds: string[]): Promise<Map<string, OrganisationSettingsRecord>> {
    // As `await` took it before reads were shared: a custom store may answer without a promise.
    const read = Promise.resolve(store.readMany(orgIds));
    for (const orgId of orgIds) reading.set(orgId, { epoch, read });
    const settled = () => {
      for (const orgId of orgIds) if (reading.get(orgId)?.read === read) reading.delete(orgId);
    };
    read.then(settled, settled);
    return read;
  }

  function forget(orgId: string, version: number): void {
    epoch += 1;
    const entry = entries.get(orgId);
    // Already read at that version or later (the writer's own process, a read that overtook the message).
    if (entry?.record && entry.record.version >= version) return;
    entries.delete(orgId);
  }

  function current(orgId: string, nowMs: number): Entry | undefined {
    const entry = entries.get(orgId);
    if (!entry) return undefined;
    // A clock that moved back is no proof of freshness either.
    if (nowMs - entry.readAt >= maxAgeMs || nowMs < entry.readAt) {
      entries.delete(orgId);
      return undefined;
    }
    entries.delete(orgId);
    entries.set(orgId, entry);
    return entry;
  }

  function keep(orgId: string, entry: Entry): void {
    entries.delete(orgId);
    entries.set(orgId, entry);
    while (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
  }

  const subscription = feed.listen({
    changed: forget,
    up() {
      epoch += 1;
      entries.clear();
      live = true;
    },
    down() {
      epoch += 1;
      live = false;
      entries.clear();
    },
  });

  function announceLater(orgId: string, version: number, giveUpAt: number): void {
    if (closed || Date.now() >= giveUpAt) return;
    const timer = setTimeout(() => {
      retries.delete(timer);
      feed.announce(orgId, version).catch(() => announceLater(orgId, version, giveUpAt));
    }, ANNOUNCE_RETRY_MS);
    timer.unref();
    retries.add(timer);
  }

  return {
    async readMany(orgIds) {
      // Not live: announcements may be missed, so nothing kept can be trusted — read it all.
      if (!live) return store.readMany(orgIds);
      const nowMs = now();
      const found = new Map<string, OrganisationSettingsRecord>();
      const missing: string[] = [];
      for (const orgId of orgIds) {
        const entry = current(orgId, nowMs);
        if (!entry) missing.push(orgId);
        else if (entry.record) found.set(orgId, entry.record);
      }
      if (missing.length === 0) return found;
      const startedAt = epoch;
      const shared = new Set<Promise<Map<string, OrganisationSettingsRecord>>>();
      const unread: string[] = [];
      for (const orgId of missing) {
        const inFlight = reading.get(orgId);
        if (inFlight !== undefined && inFlight.epoch === startedAt) shared.add(inFlight.read);
        else unread.push(orgId);
      }
      if (unread.length > 0) shared.add(readShared(unread));
      // StoreUnavailableError propagates: the caller answers 503 (every sharer of that read alike).
      const reads = await Promise.all(shared);
      const keepIt = live && startedAt === epoch;
      for (const orgId of missing) {
        // Every missing organisation was asked of one of these reads; absent from it: no settings.
        const record = reads.find((read) => read.has(orgId))?.get(orgId) ?? null;
        if (record) found.set(orgId, record);
        if (keepIt) keep(orgId, { record, readAt: nowMs });
      }
      return found;
    },

    async written(orgId, version) {
      forget(orgId, version);
      try {
        await feed.announce(orgId, version);
      } catch (error) {
        // Saved, but the other processes were not told: they keep their copy until it expires.
        console.warn(`twostep: the change to organisation settings (version ${version}) was saved but could not be announced; ` +
          `other processes apply it within ${maxAgeMs / 1000} s (sending it again meanwhile)`, error);
        announceLater(orgId, version, Date.now() + maxAgeMs);
      }
    },

    get live() {
      return live;
    },
    get size() {
      return entries.size;
    },

    async close() {
      closed = true;
      live = false;
      entries.clear();
      for (const timer of retries) clearTimeout(timer);
      retries.clear();
      await subscription.close();
    },
  };
}
