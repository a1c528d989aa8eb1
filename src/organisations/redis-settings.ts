/**
 * Organisation settings on Redis, for deployments without a database of their own. Keys
 * `<prefix>org:{<base64url id>}:settings` and `…:history` (the hash tag keeps one
 * organisation on one shard; user keys never start with `org:`). Every write is one script
 * (see `redis-settings-scripts.ts`); every call answers within the deadline or rejects with
 * `StoreUnavailableError`. Like enrolments on Redis, it must be a Redis that never evicts:
 * with `NODE_ENV=production` the server is asked before the first use.
 */
import type { Cluster, Redis } from 'ioredis';
import { positiveSecondsToMs } from '../option-checks.js';
import { withinDeadline } from '../store/deadline.js';
import { DEFAULT_KEY_PREFIX, encodeKeyPart } from '../store/keys.js';
import { runScript, type RedisCommands } from '../store/redis/scripts.js';
import { checkRedisKeepsEnrolments } from '../enrolments/redis-persistence-check.js';
import { settingsOf, type OrganisationSettings, type OrganisationSettingsChange, type OrganisationSettingsRecord } from './settings.js';
import { historyWindow, type OrganisationSettingsStore } from './types.js';
import { writeSettings } from './redis-settings-scripts.js';

export interface RedisOrganisationSettingsOptions {
  /** @default 'twostep:' */
  keyPrefix?: string;
  /** @default 2 */
  timeoutSeconds?: number;
  /** Check eviction and persistence before first use. @default process.env.NODE_ENV === 'production' */
  checkPersistence?: boolean;
}

interface SettingsCommands extends RedisCommands {
  lrange(key: string, start: number, stop: number): Promise<string[]>;
  llen(key: string): Promise<number>;
}

function recordOf(fields: (string | null)[]): OrganisationSettingsRecord | null {
  const [version, json, at, by] = fields;
  if (version === null || version === undefined || json === null || json === undefined) return null;
  return { ...(JSON.parse(json) as OrganisationSettings), version: Number(version), updatedAt: Number(at), updatedBy: by ?? '' };
}

function changeOf(entry: string): OrganisationSettingsChange {
  const [version, at, by, before, after] = JSON.parse(entry) as [number, string, string, string, string];
  return { version: Number(version), at: Number(at), by, before: before === '' ? null : (JSON.parse(before) as OrganisationSettings), after: JSON.parse(after) as OrganisationSettings };
}

export function redisOrganisationSettings(client: Redis | Cluster, options: RedisOrganisationSettingsOptions = {}): OrganisationSettingsStore {
  const keyPrefix = options.keyPrefix ?? DEFAULT_KEY_PREFIX;
  const timeoutMs = positiveSecondsToMs('redisOrganisationSettings', 'timeoutSeconds', options.timeoutSeconds, 2);
  const redis = client as unknown as SettingsCommands;
  const keysOf = (orgId: string) => {
    const base = `${keyPrefix}org:{${encodeKeyPart(orgId)}}:`;
    return { settings: `${base}settings`, history: `${base}history` };
  };
  const checkPersistence = options.checkPersistence ?? process.env.NODE_ENV === 'production';
  let checked: Promise<void> | undefined;
  const prepare = () => (checked ??= checkRedisKeepsEnrolments(client, (message) => console.warn(message)));
  // An evicted record would read as "nothing enforced": a refused configuration refuses sign-ins.
  const run = <T>(operation: () => Promise<T>): Promise<T> =>
    withinDeadline('Redis', timeoutMs, checkPersistence ? () => prepare().then(operation) : operation);
  const readOne = async (orgId: string) => recordOf(await redis.hmget(keysOf(orgId).settings, 'v', 's', 'at', 'by'));

  return {
    read: (orgId) => run(() => readOne(orgId)),

    readMany: (orgIds) =>
      run(async () => {
        // One key per organisation, each on its own shard of a Cluster: sent together.
        const records = await Promise.all(orgIds.map(readOne));
        const found = new Map<string, OrganisationSettingsRecord>();
        records.forEach((record, i) => record && found.set(orgIds[i]!, record));
        return found;
      }),

    write: (orgId, settings, { by, at, expectedVersion }) =>
      run(async () => {
        const k = keysOf(orgId);
        const json = JSON.stringify(settingsOf(settings));
        const version = await runScript(redis, writeSettings, [k.settings, k.history], [expectedVersion ?? '', json, at, by]);
        if (version === null || version === undefined) return null;
        return { ...(JSON.parse(json) as OrganisationSettings), version: Number(version), updatedAt: at, updatedBy: by };
      }),

    history: (orgId, options) =>
      run(async () => {
        const { limit, beforeVersion } = historyWindow(options);
        const key = keysOf(orgId).history;
        // Entry i made version i + 1 (append-only), so a page is one index range.
        const length = await redis.llen(key);
        const end = beforeVersion === null ? length : Math.min(length, beforeVersion - 1);
        if (end <= 0) return [];
        const entries = await redis.lrange(key, Math.max(0, end - limit), end - 1);
        return entries.map(changeOf).reverse();
      }),

    prepare: async () => {
      if (checkPersistence) await prepare();
    },
  };
}
