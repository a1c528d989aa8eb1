/**
 * `TwoStepStore` in process memory: the embedded default for development and tests, with
 * exactly the semantics of `redisStore`. Each method runs to completion without an
 * `await` between its read and its write, so on one event loop it is atomic by
 * construction. It is refused in production: its counters and locks live in one process,
 * so a second process (or a restart) would give an attacker a fresh set of attempts.
 *
 * Expiry is decided by the `nowMs` callers pass in. The periodic sweep has no clock of its
 * own, so it uses the latest `nowMs` any call has passed (never real time, which an
 * injected test clock may be far from): it never drops what a current call would still see.
 */
import { TwoStepConfigError } from '../errors.js';
import type { AttemptInput, AttemptResult, Enrolment, LockState, TrustedDeviceRecord, TwoStepStore } from './types.js';

export interface MemoryStoreOptions {
  /** Allow use while `NODE_ENV` is `production` (single process only). @default false */
  dangerouslyAllowInProduction?: boolean;
  /** How often expired entries are swept. @default 60 */
  sweepIntervalSeconds?: number;
}

const HOUR_MS = 3_600_000;

interface Expiring<T> {
  value: T;
  expiresAt: number;
}

/** Mirrors the Redis keys of one user (see `keys.ts`). */
interface UserState {
  enrolment?: Enrolment;
  generation: number;
  lock?: { failures: number; failuresExpireAt: number; lockedUntil: number | null };
  lastStep?: Expiring<number>;
  /** purpose → code hash → expiresAt */
  codes: Map<string, Map<string, number>>;
  /** purpose → resendAt */
  cooldowns: Map<string, number>;
  /** Send times within the last hour, any purpose. */
  sends: { at: number; purpose: string; codeHash: string }[];
  recovery: Set<string>;
  devices: Map<string, TrustedDeviceRecord>;
}

function emptyUser(): UserState {
  return { generation: 0, codes: new Map(), cooldowns: new Map(), sends: [], recovery: new Set(), devices: new Map() };
}

function resolveOptions(options: MemoryStoreOptions): { sweepMs: number } {
  if (process.env.NODE_ENV === 'production' && options.dangerouslyAllowInProduction !== true) {
    throw new TwoStepConfigError(
      'memoryStore() is refused when NODE_ENV is "production": its lockout counters, codes and trusted devices ' +
        'live in one process, are lost on restart and are not shared between processes, so limits can be bypassed. ' +
        'Use redisStore(new Redis(process.env.REDIS_URL)) instead, or pass { dangerouslyAllowInProduction: true } ' +
        'if this really is a single long-lived process.',
    );
  }
  const sweepIntervalSeconds = options.sweepIntervalSeconds ?? 60;
  if (typeof sweepIntervalSeconds !== 'number' || !Number.isFinite(sweepIntervalSeconds) || sweepIntervalSeconds <= 0) {
    throw new TwoStepConfigError(
      `memoryStore option "sweepIntervalSeconds" must be a positive number of seconds, got ${String(sweepIntervalSeconds)}. The default is 60.`,
    );
  }
  return { sweepMs: Math.round(sweepIntervalSeconds * 1000) };
}

/** Drops whatever expired by `nowMs`; true when nothing is left and the user can be forgotten. */
function pruneUser(user: UserState, nowMs: number): boolean {
  if (user.lock) {
    const lockAlive = user.lock.lockedUntil !== null && nowMs < user.lock.lockedUntil;
    if (!lockAlive && nowMs >= user.lock.failuresExpireAt) user.lock = undefined;
  }
  if (user.lastStep && nowMs >= user.lastStep.expiresAt) user.lastStep = undefined;
  for (const [purpose, codes] of user.codes) {
    for (const [hash, expiresAt] of codes) if (nowMs >= expiresAt) codes.delete(hash);
    if (codes.size === 0) user.codes.delete(purpose);
  }
  for (const [purpose, resendAt] of user.cooldowns) if (nowMs >= resendAt) user.cooldowns.delete(purpose);
  user.sends = user.sends.filter((send) => nowMs < send.at + HOUR_MS);
  for (const [id, record] of user.devices) if (nowMs >= record.expiresAt) user.devices.delete(id);
  return (
    user.enrolment === undefined &&
    user.generation === 0 &&
    user.lock === undefined &&
    user.lastStep === undefined &&
    user.codes.size === 0 &&
    user.cooldowns.size === 0 &&
    user.sends.length === 0 &&
    user.recovery.size === 0 &&
    user.devices.size === 0
  );
}

export function memoryStore(options: MemoryStoreOptions = {}): TwoStepStore {
  const { sweepMs } = resolveOptions(options);
  const users = new Map<string, UserState>();
  /** The latest `nowMs` seen: the sweep's notion of now. */
  let latestNowMs = Number.NEGATIVE_INFINITY;

  const sweep = setInterval(() => {
    for (const [userId, user] of users) if (pruneUser(user, latestNowMs)) users.delete(userId);
  }, sweepMs);
  // The sweep alone must never keep a process (or a test run) alive.
  sweep.unref();

  function seen(nowMs: number): void {
    if (nowMs > latestNowMs) latestNowMs = nowMs;
  }

  /**
   * The user's state with everything expired by `nowMs` dropped (lazy expiry), or
   * undefined when nothing is left. Reads never create an entry, so lookups of unknown
   * users cost no memory.
   */
  function live(userId: string, nowMs: number): UserState | undefined {
    seen(nowMs);
    const user = users.get(userId);
    if (user && pruneUser(user, nowMs)) {
      users.delete(userId);
      return undefined;
    }
    return user;
  }

  function peek(userId: string): UserState | undefined {
    return users.get(userId);
  }

  /** For writes: the live state, created when missing. */
  function writable(userId: string, nowMs?: number): UserState {
    let user = nowMs === undefined ? users.get(userId) : live(userId, nowMs);
    if (!user) {
      user = emptyUser();
      users.set(userId, user);
    }
    return user;
  }

  function lockedUntil(user: UserState, nowMs: number): number | null {
    const until = user.lock?.lockedUntil ?? null;
    return until !== null && nowMs < until ? until : null;
  }

  /** Same rules as `count_failure` in `redis-scripts.ts`. */
  function countFailure(user: UserState, { nowMs, lockout }: AttemptInput): AttemptResult {
    const lockMs = lockout.lockSeconds * 1000;
    const failures = (user.lock && nowMs < user.lock.failuresExpireAt ? user.lock.failures : 0) + 1;
    if (failures >= lockout.maxAttempts) {
      const until = nowMs + lockMs;
      user.lock = { failures: 0, failuresExpireAt: nowMs, lockedUntil: until };
      return { outcome: 'rejected', failures, attemptsLeft: 0, lockedUntil: until };
    }
    user.lock = { failures, failuresExpireAt: nowMs + lockMs, lockedUntil: null };
    return { outcome: 'rejected', failures, attemptsLeft: lockout.maxAttempts - failures, lockedUntil: null };
  }

  /** Runs `decide` unless the user is locked; no `await` inside, so atomic. */
  async function attempt(input: AttemptInput, decide: (user: UserState) => AttemptResult): Promise<AttemptResult> {
    const user = writable(input.userId, input.nowMs);
    const until = lockedUntil(user, input.nowMs);
    return until !== null ? { outcome: 'locked', lockedUntil: until } : decide(user);
  }

  return {
    getEnrolment: async (userId) => {
      const enrolment = peek(userId)?.enrolment;
      return enrolment === undefined ? null : structuredClone(enrolment);
    },

    putEnrolment: async (userId, enrolment) => {
      const copy = structuredClone(enrolment);
      const user = writable(userId);
      user.enrolment = copy;
      user.generation += 1;
    },

    getGeneration: async (userId) => peek(userId)?.generation ?? 0,

    getLockState: async (userId, nowMs): Promise<LockState> => {
      const user = live(userId, nowMs);
      if (!user) return { failures: 0, lockedUntil: null };
      const failures = user.lock && nowMs < user.lock.failuresExpireAt ? user.lock.failures : 0;
      return { failures, lockedUntil: lockedUntil(user, nowMs) };
    },

    clearLock: async (userId) => {
      const user = peek(userId);
      if (user) user.lock = undefined;
    },

    recordFailure: (input) => attempt(input, (user) => countFailure(user, input)),

    settleTotpAttempt: (input) =>
      attempt(input, (user) => {
        if (user.generation !== input.generation) return { outcome: 'stale' };
        const last = user.lastStep?.value ?? null;
        if (input.matchedStep !== null && (last === null || input.matchedStep > last)) {
          user.lastStep = { value: input.matchedStep, expiresAt: input.nowMs + input.stepRetentionSeconds * 1000 };
          user.lock = undefined;
          return { outcome: 'accepted' };
        }
        return countFailure(user, input);
      }),

    consumeCode: (input) =>
      attempt(input, (user) => {
        const expiresAt = user.codes.get(input.purpose)?.get(input.codeHash);
        if (expiresAt !== undefined && input.nowMs < expiresAt) {
          user.codes.delete(input.purpose);
          user.lock = undefined;
          return { outcome: 'accepted' };
        }
        return countFailure(user, input);
      }),

    consumeRecoveryCode: (input) =>
      attempt(input, (user) => {
        if (user.recovery.delete(input.codeHash)) {
          user.lock = undefined;
          return { outcome: 'accepted', remaining: user.recovery.size };
        }
        return countFailure(user, input);
      }),

    issueCode: async (input) => {
      const { nowMs, purpose } = input;
      const user = writable(input.userId, nowMs);
      const resendAt = user.cooldowns.get(purpose);
      if (resendAt !== undefined && nowMs < resendAt) return { outcome: 'too_soon', retryAt: resendAt };
      // `writable` already dropped sends older than an hour: what is left is the sliding window.
      if (user.sends.length >= input.maxSendsPerHour) {
        const oldest = user.sends.reduce((min, send) => Math.min(min, send.at), Number.POSITIVE_INFINITY);
        return { outcome: 'limit_reached', retryAt: (Number.isFinite(oldest) ? oldest : nowMs) + HOUR_MS };
      }
      const expiresAt = nowMs + input.ttlSeconds * 1000;
      const nextResendAt = nowMs + input.cooldownSeconds * 1000;
      const codes = user.codes.get(purpose) ?? new Map<string, number>();
      user.codes.set(purpose, codes.set(input.codeHash, expiresAt));
      user.cooldowns.set(purpose, nextResendAt);
      user.sends.push({ at: nowMs, purpose, codeHash: input.codeHash });
      return { outcome: 'issued', expiresAt, resendAt: nextResendAt };
    },

    withdrawCode: async ({ userId, purpose, codeHash, nowMs }) => {
      const user = live(userId, nowMs);
      if (!user) return;
      user.codes.get(purpose)?.delete(codeHash);
      user.cooldowns.delete(purpose);
      const index = user.sends.findIndex((send) => send.purpose === purpose && send.codeHash === codeHash);
      if (index >= 0) user.sends.splice(index, 1);
    },

    replaceRecoveryCodes: async (userId, codeHashes) => {
      const user = writable(userId);
      user.recovery = new Set(codeHashes);
    },

    countRecoveryCodes: async (userId) => peek(userId)?.recovery.size ?? 0,

    putDevice: async (userId, record) => {
      // As in Redis, the record's lastUsedAt stands in for "now": putDevice is given no clock.
      const user = writable(userId, record.lastUsedAt);
      user.devices.set(record.id, structuredClone(record));
    },

    getDevice: async (userId, deviceId, nowMs) => {
      const record = live(userId, nowMs)?.devices.get(deviceId);
      return record ? structuredClone(record) : null;
    },

    rotateDevice: async (userId, deviceId, change) => {
      const record = live(userId, change.lastUsedAt)?.devices.get(deviceId);
      if (!record || record.tokenHash !== change.expectedTokenHash) return false;
      record.tokenHash = change.newTokenHash;
      record.lastUsedAt = change.lastUsedAt;
      record.expiresAt = change.expiresAt;
      return true;
    },

    listDevices: async (userId, nowMs) =>
      [...(live(userId, nowMs)?.devices.values() ?? [])]
        .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        .map((record) => structuredClone(record)),

    deleteDevice: async (userId, deviceId) => peek(userId)?.devices.delete(deviceId) ?? false,

    deleteAllDevices: async (userId) => {
      const user = peek(userId);
      const count = user?.devices.size ?? 0;
      user?.devices.clear();
      return count;
    },

    resetUser: async (userId) => {
      const generation = (peek(userId)?.generation ?? 0) + 1;
      users.set(userId, { ...emptyUser(), generation });
    },

    close: async () => {
      clearInterval(sweep);
    },
  };
}
