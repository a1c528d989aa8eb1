/**
 * The settings-change feed of `memoryStore`: one process, so announcing is calling every
 * listener, and the subscription is never down.
 */
import type { SettingsChangeFeed, SettingsChangeListener } from './feed.js';

export function memorySettingsChangeFeed(): SettingsChangeFeed {
  const listeners = new Set<SettingsChangeListener>();
  return {
    async announce(orgId, version) {
      for (const listener of listeners) listener.changed(orgId, version);
    },
    listen(listener) {
      listeners.add(listener);
      queueMicrotask(() => listeners.has(listener) && listener.up());
      return {
        async close() {
          listeners.delete(listener);
        },
      };
    },
  };
}
