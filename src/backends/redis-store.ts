/**
 * `TwoStepStore` on Redis (ioredis `Redis` or `Cluster`). Every decision is one Lua script
 * (see `redis-scripts.ts`), every call one round trip, and every failure to get an answer
 * in time — connection refused, offline, slow, script error — rejects with
 * `StoreUnavailableError`, so callers fail closed.
 *
 * The methods live in `redis/`, one file per concern; this file validates the options and
 * puts the parts together.
 */
import type { Cluster, Redis } from 'ioredis';
import { TwoStepConfigError } from '../errors.js';
import { positiveSecondsToMs } from '../option-checks.js';
import { DEFAULT_KEY_PREFIX } from '../store/keys.js';
import { redisCodes } from '../store/redis/codes.js';
import { redisStoreContext } from '../store/redis/context.js';
import { redisDevices } from '../store/redis/devices.js';
import { redisEnrolmentVersion } from '../store/redis/enrolment-version.js';
import { redisLockout } from '../store/redis/lockout.js';
import { redisSignIns } from '../store/redis/sign-ins.js';
import { redisEnrolments } from '../enrolments/redis-enrolments.js';
import type { EnrolmentStore } from '../enrolments/types.js';
import { redisOrganisationSettings } from '../organisations/redis-settings.js';
import type { OrganisationSettingsStore } from '../organisations/types.js';
import { redisWebAuthnChallenges } from '../store/redis/webauthn-challenges.js';
import { redisWindows } from '../store/redis/windows.js';
import type { TwoStepStore } from './types.js';
import { redisRevocationFeed } from '../revocation/redis-feed.js';
import { redisSettingsChangeFeed } from '../organisations/redis-settings-feed.js';

export interface RedisStoreOptions {
  /** Prefix of every key; the user's hash tag follows it. @default 'twostep:' */
  keyPrefix?: string;
  /** Longest wait for Redis before a call fails with `StoreUnavailableError`. @default 2 */
  timeoutSeconds?: number;
}

function resolveOptions(options: RedisStoreOptions): { keyPrefix: string; timeoutMs: number } {
  const keyPrefix = options.keyPrefix ?? DEFAULT_KEY_PREFIX;
  if (typeof keyPrefix !== 'string') {
    throw new TwoStepConfigError(`redisStore option "keyPrefix" must be a string, got ${typeof keyPrefix}.`);
  }
  return { keyPrefix, timeoutMs: positiveSecondsToMs('redisStore', 'timeoutSeconds', options.timeoutSeconds, 2) };
}

export function redisStore(client: Redis | Cluster, options: RedisStoreOptions = {}): TwoStepStore {
  const { keyPrefix, timeoutMs } = resolveOptions(options);
  const context = redisStoreContext(client, keyPrefix, timeoutMs);
  let enrolments: EnrolmentStore | undefined;
  let organisations: OrganisationSettingsStore | undefined;
  return {
    ...redisEnrolmentVersion(context),
    ...redisLockout(context),
    ...redisCodes(context),
    ...redisDevices(context),
    ...redisSignIns(context),
    ...redisWebAuthnChallenges(context),
    ...redisWindows(context),
    // A Redis-only deployment: enrolments on the same client, checked for eviction and persistence.
    defaultEnrolments: () => (enrolments ??= redisEnrolments(client, { keyPrefix, timeoutSeconds: timeoutMs / 1000 })),
    // Settings decide who must verify: kept like enrolments, on a Redis checked for eviction.
    defaultOrganisationSettings: () => (organisations ??= redisOrganisationSettings(client, { keyPrefix, timeoutSeconds: timeoutMs / 1000 })),
    revocations: redisRevocationFeed(client, context, keyPrefix),
    // On the same channel and subscriber connection as the revocations.
    settingsChanges: redisSettingsChangeFeed(client, context, keyPrefix),
    // The client belongs to the caller, and the store holds no timers between calls.
    close: async () => {},
  };
}
