/**
 * `EnrolmentStore` on Redis, for deployments without a database of their own. Every write
 * is one script (compare-and-set on the version), every call one round trip under the
 * same deadline as `redisStore`. With `NODE_ENV=production` the server's eviction policy
 * and persistence are checked before the first use (see `redis-persistence-check.ts`).
 */
import type { Cluster, Redis } from 'ioredis';
import { redisStoreContext } from '../store/redis/context.js';
import { runScript } from '../store/redis/scripts.js';
import { DEFAULT_KEY_PREFIX } from '../store/keys.js';
import type { Enrolment } from './records.js';
import * as scripts from './redis-enrolment-scripts.js';
import { checkRedisKeepsEnrolments } from './redis-persistence-check.js';
import type { EnrolmentStore } from './types.js';

export interface RedisEnrolmentsOptions {
  /** @default 'twostep:' */
  keyPrefix?: string;
  /** @default 2 */
  timeoutSeconds?: number;
  /** Check eviction and persistence before first use. @default process.env.NODE_ENV === 'production' */
  checkPersistence?: boolean;
}

export function redisEnrolments(client: Redis | Cluster, options: RedisEnrolmentsOptions = {}): EnrolmentStore {
  const keyPrefix = options.keyPrefix ?? DEFAULT_KEY_PREFIX;
  const { redis, keysOf, call } = redisStoreContext(client, keyPrefix, Math.round((options.timeoutSeconds ?? 2) * 1000));
  const checkPersistence = options.checkPersistence ?? process.env.NODE_ENV === 'production';
  let checked: Promise<void> | undefined;
  const prepare = () => (checked ??= checkRedisKeepsEnrolments(client, (message) => console.warn(message)));
  // Every call waits for the check, so a refused configuration refuses sign-ins (fail closed).
  const run = <T>(operation: () => Promise<T>): Promise<T> =>
    checkPersistence ? prepare().then(() => call(operation)) : call(operation);

  return {
    read: (userId) =>
      run(async () => {
        const k = keysOf(userId);
        const [flat, left] = (await runScript(redis, scripts.readRecord, [k.enrolment, k.recovery], [])) as [string[], number];
        const fields = new Map<string, string>();
        for (let i = 0; i + 1 < flat.length; i += 2) fields.set(flat[i]!, flat[i + 1]!);
        const version = fields.get('v');
        const json = fields.get('e');
        if (json === undefined || version === undefined) return null;
        const totpSteps: Record<string, number> = {};
        const lastUsed: Record<string, number> = {};
        for (const [field, value] of fields) {
          if (field.startsWith('s:')) totpSteps[field.slice(2)] = Number(value);
          else if (field.startsWith('l:')) lastUsed[field.slice(2)] = Number(value);
        }
        return { version: Number(version), enrolment: JSON.parse(json) as Enrolment, recoveryCodesLeft: Number(left), totpSteps, lastUsed };
      }),

    write: (userId, expectedVersion, enrolment) =>
      run(async () => {
        const version = Number(await runScript(redis, scripts.writeRecord, [keysOf(userId).enrolment], [expectedVersion, JSON.stringify(enrolment)]));
        return version < 0 ? null : version;
      }),

    replaceRecoveryCodes: (userId, codeHashes) =>
      run(async () => {
        await runScript(redis, scripts.replaceRecoveryCodes, [keysOf(userId).recovery], [...codeHashes]);
      }),

    consumeRecoveryCode: (userId, codeHash, atMs) =>
      run(async () => {
        const k = keysOf(userId);
        const [consumed, remaining] = (await runScript(redis, scripts.consumeRecoveryCode, [k.recovery, k.enrolment], [codeHash, atMs ?? ''])) as [number, number];
        return { consumed: Number(consumed) === 1, remaining: Number(remaining) };
      }),

    advanceTotpStep: (userId, version, methodId, step, atMs) =>
      run(async () => Number(await runScript(redis, scripts.advanceTotpStep, [keysOf(userId).enrolment], [version, methodId, step, atMs ?? ''])) === 1),

    recordMethodUse: (userId, methodId, atMs) =>
      run(async () => {
        await runScript(redis, scripts.recordMethodUse, [keysOf(userId).enrolment], [methodId, atMs]);
      }),

    prepare: async () => {
      await prepare();
    },
  };
}
