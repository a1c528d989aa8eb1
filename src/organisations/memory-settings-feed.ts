/**
 * The settings-change feed of `memoryStore`: one process, so announcing is calling every
 * listener, and the subscription is never down.
 */
import { localListeners } from '../revocation/local-listeners.js';
import type { SettingsChangeFeed, SettingsChangeListener } from './feed.js';

export function memorySettingsChangeFeed(): SettingsChangeFeed {
  const listeners = localListeners<SettingsChangeListener>();
  return {
    async announce(orgId, version) {
      listeners.each((listener) => listener.changed(orgId, version));
    },
    listen: listeners.listen,
  };
}
