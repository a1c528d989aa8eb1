/**
 * How every process learns that an organisation's settings changed: the writer announces
 * the organisation and its new version, every process (the writer's included) forgets what
 * it cached for it. `redisStore` carries the announcements on its announcement channel, the
 * one "sign out everywhere" uses (`redis-settings-feed.ts`), so both share one subscriber
 * connection and one notion of "live"; `memoryStore` within its one process
 * (`memory-settings-feed.ts`). The process side — the cache, and what it does while the
 * subscription is down — is `settings-cache.ts`, the same for both.
 */

import { parseChannelObject } from '../revocation/channel-message.js';

export interface SettingsChangeListener {
  /** An announcement from any process (this one included): the organisation's settings are now at `version`. */
  changed(orgId: string, version: number): void;
  /** The subscription is live: every announcement from now on will arrive. What was kept before may be stale. */
  up(): void;
  /** The subscription is lost: announcements may be missed until the next `up()`. */
  down(): void;
}

export interface SettingsChangeFeed {
  /** Tells every process; rejects with `StoreUnavailableError` when the store cannot answer. */
  announce(orgId: string, version: number): Promise<void>;
  /** Starts listening. `close()` stops, releasing the connection when it was the last listener. */
  listen(listener: SettingsChangeListener): { close(): Promise<void> };
}

/** The wire form: `k` marks it as a settings change, so a revocation reader ignores it (and the other way round). */
export function encodeSettingsChange(orgId: string, version: number): string {
  return JSON.stringify({ k: 'settings', o: orgId, v: version });
}

/** Null for anything that is not a well-formed settings change (a revocation, a garbled message). */
export function decodeSettingsChange(text: string): { orgId: string; version: number } | null {
  const value = parseChannelObject(text);
  if (value === null) return null;
  const { k, o, v } = value;
  if (k !== 'settings' || typeof o !== 'string' || typeof v !== 'number' || !Number.isInteger(v)) return null;
  return { orgId: o, version: v };
}
