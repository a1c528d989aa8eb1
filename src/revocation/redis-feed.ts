/**
 * The revocation feed of `redisStore`. Storage: a hash userId → latest record (the
 * fallback reads one field: one command) and a sorted set of userIds by revocation instant
 * (the reload after a (re)connect reads a time range). Announcements: PUBLISH on a
 * standalone Redis, SPUBLISH on a Cluster, from the same script that records them.
 */
import type { Cluster, Redis } from 'ioredis';
import type { RedisStoreContext } from '../store/redis/context.js';
import { runScript, type Script } from '../store/redis/scripts.js';
import { createHash } from 'node:crypto';
import type { RevocationFeed } from './feed.js';
import { decodeRecord, type RevocationRecord } from './record.js';
import { PUBLISH_REVOCATION, READ_REVOCATIONS_SINCE } from './redis-scripts.js';
import { subscribeToChannel } from './redis-subscriber.js';

function script(source: string): Script {
  return { lua: source, sha: createHash('sha1').update(source).digest('hex') };
}
const publishScript = script(PUBLISH_REVOCATION);
const readSinceScript = script(READ_REVOCATIONS_SINCE);

export interface RevocationKeys {
  records: string;
  byTime: string;
  channel: string;
}

export function revocationKeys(keyPrefix: string): RevocationKeys {
  const base = `${keyPrefix}{revocations}:`;
  return { records: `${base}records`, byTime: `${base}by-time`, channel: `${base}channel` };
}

export function redisRevocationFeed(client: Redis | Cluster, context: RedisStoreContext, keyPrefix: string): RevocationFeed {
  const keys = revocationKeys(keyPrefix);
  const scriptKeys = [keys.records, keys.byTime];
  const command = client.isCluster ? 'SPUBLISH' : 'PUBLISH';
  return {
    async publish(record, forgetBeforeMs) {
      await context.call(() => runScript(context.redis, publishScript, scriptKeys, [
        record.userId, record.revokedAt, record.exceptSession ?? '', forgetBeforeMs, keys.channel, command,
      ]));
    },
    async read(userId) {
      const text = await context.call(() => context.redis.hget(keys.records, userId));
      return text === null ? null : decodeRecord(text);
    },
    async readSince(sinceMs) {
      const texts = await context.call(() => runScript(context.redis, readSinceScript, scriptKeys, [sinceMs])) as string[];
      return texts.map(decodeRecord).filter((r): r is RevocationRecord => r !== null);
    },
    listen(listener) {
      return subscribeToChannel(client, keys.channel, {
        // The channel also carries settings changes (organisations/redis-settings-feed.ts): not records, ignored here.
        message(text) {
          const record = decodeRecord(text);
          if (record) listener.record(record);
        },
        up: () => listener.up(),
        down: () => listener.down(),
      });
    },
  };
}
