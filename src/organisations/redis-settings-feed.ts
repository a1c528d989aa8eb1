/**
 * The settings-change feed of `redisStore`: announcements go out on the store's announcement
 * channel — the channel of "sign out everywhere" (`revocation/redis-feed.ts`) — and are
 * heard through the same subscriber connection (`revocation/redis-subscriber.ts`), which
 * reconnects by itself and says when messages may have been missed. Wherever the settings
 * themselves are kept (PostgreSQL, Redis), every process shares this Redis, so every process
 * hears every change.
 */
import type { Cluster, Redis } from 'ioredis';
import type { RedisStoreContext } from '../store/redis/context.js';
import { runScript, script } from '../store/redis/scripts.js';
import { revocationKeys } from '../revocation/redis-feed.js';
import { subscribeToChannel } from '../revocation/redis-subscriber.js';
import { decodeSettingsChange, encodeSettingsChange, type SettingsChangeFeed } from './feed.js';

/**
 * KEYS[1]: a key of the channel's hash tag, only so that a Cluster runs this on the shard
 * that owns the (sharded) channel, as the revocation script does. ARGV: channel, message,
 * 'PUBLISH' or 'SPUBLISH'.
 */
const announceScript = script(`return redis.call(ARGV[3], ARGV[1], ARGV[2])`);

export function redisSettingsChangeFeed(client: Redis | Cluster, context: RedisStoreContext, keyPrefix: string): SettingsChangeFeed {
  const keys = revocationKeys(keyPrefix);
  const command = client.isCluster ? 'SPUBLISH' : 'PUBLISH';
  return {
    async announce(orgId, version) {
      await context.call(() => runScript(context.redis, announceScript, [keys.records], [keys.channel, encodeSettingsChange(orgId, version), command]));
    },
    listen(listener) {
      return subscribeToChannel(client, keys.channel, {
        message(text) {
          const change = decodeSettingsChange(text);
          if (change) listener.changed(change.orgId, change.version);
        },
        up: () => listener.up(),
        down: () => listener.down(),
      });
    },
  };
}
