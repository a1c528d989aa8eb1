/**
 * `TwoStepStore` on Redis (ioredis `Redis` or `Cluster`). Every decision is one Lua script
 * (see `redis-scripts.ts`), every call one round trip, and every failure to get an answer
 * in time — connection refused, offline, slow, script error — rejects with
 * `StoreUnavailableError`, so callers fail closed.
 */
import { createHash } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';
import { StoreUnavailableError, TwoStepConfigError } from '../errors.js';
import { codeField, codePurposePrefix, DEFAULT_KEY_PREFIX, userKeys } from './keys.js';
import * as lua from './redis-scripts.js';
import type { AttemptResult, Enrolment, IssueCodeResult, LockState, TrustedDeviceRecord, TwoStepStore } from './types.js';

export interface RedisStoreOptions {
  /** Prefix of every key; the user's hash tag follows it. @default 'twostep:' */
  keyPrefix?: string;
  /** Longest wait for Redis before a call fails with `StoreUnavailableError`. @default 2 */
  timeoutSeconds?: number;
}

type ScriptArg = string | number;

/**
 * The slice of ioredis used here, so `Redis` and `Cluster` (whose overloads TypeScript
 * cannot call through a union) share one signature.
 */
interface RedisCommands {
  evalsha(sha: string, numkeys: number, ...args: ScriptArg[]): Promise<unknown>;
  eval(script: string, numkeys: number, ...args: ScriptArg[]): Promise<unknown>;
  get(key: string): Promise<string | null>;
  hget(key: string, field: string): Promise<string | null>;
  hgetall(key: string): Promise<Record<string, string>>;
  hmget(key: string, ...fields: string[]): Promise<(string | null)[]>;
  hdel(key: string, ...fields: string[]): Promise<number>;
  scard(key: string): Promise<number>;
}

interface Script {
  lua: string;
  sha: string;
}

function script(source: string): Script {
  return { lua: source, sha: createHash('sha1').update(source).digest('hex') };
}

const scripts = {
  recordFailure: script(lua.RECORD_FAILURE),
  settleTotp: script(lua.SETTLE_TOTP),
  consumeCode: script(lua.CONSUME_CODE),
  consumeRecoveryCode: script(lua.CONSUME_RECOVERY_CODE),
  issueCode: script(lua.ISSUE_CODE),
  withdrawCode: script(lua.WITHDRAW_CODE),
  replaceRecoveryCodes: script(lua.REPLACE_RECOVERY_CODES),
  putEnrolment: script(lua.PUT_ENROLMENT),
  resetUser: script(lua.RESET_USER),
  putDevice: script(lua.PUT_DEVICE),
  rotateDevice: script(lua.ROTATE_DEVICE),
  deleteAllDevices: script(lua.DELETE_ALL_DEVICES),
} as const;

/** EVALSHA first (the script body is not resent each time); EVAL once a node reports it has not seen it. */
async function runScript(client: RedisCommands, s: Script, keys: string[], args: ScriptArg[]): Promise<unknown> {
  try {
    return await client.evalsha(s.sha, keys.length, ...keys, ...args);
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('NOSCRIPT')) {
      return client.eval(s.lua, keys.length, ...keys, ...args);
    }
    throw error;
  }
}

function resolveOptions(options: RedisStoreOptions): { keyPrefix: string; timeoutMs: number } {
  const keyPrefix = options.keyPrefix ?? DEFAULT_KEY_PREFIX;
  const timeoutSeconds = options.timeoutSeconds ?? 2;
  if (typeof keyPrefix !== 'string') {
    throw new TwoStepConfigError(`redisStore option "keyPrefix" must be a string, got ${typeof keyPrefix}.`);
  }
  if (typeof timeoutSeconds !== 'number' || !Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
    throw new TwoStepConfigError(
      `redisStore option "timeoutSeconds" must be a positive number of seconds, got ${String(timeoutSeconds)}. The default is 2.`,
    );
  }
  return { keyPrefix, timeoutMs: Math.round(timeoutSeconds * 1000) };
}

/** Race the call against the timeout; anything but an answer in time becomes `StoreUnavailableError`. */
function guarded<T>(timeoutMs: number, operation: () => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new StoreUnavailableError(new Error(`Redis did not answer within ${timeoutMs} ms`)));
    }, timeoutMs);
    Promise.resolve()
      .then(operation)
      .then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error instanceof StoreUnavailableError ? error : new StoreUnavailableError(error));
        },
      );
  });
}

function replyArray(reply: unknown): unknown[] {
  if (!Array.isArray(reply) || typeof reply[0] !== 'string') {
    throw new Error(`Unexpected reply from a twostep script: ${JSON.stringify(reply)}`);
  }
  return reply;
}

function int(value: unknown): number {
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) throw new Error(`Expected a number from Redis, got ${String(value)}`);
  return n;
}

function toAttemptResult(reply: unknown): AttemptResult {
  const [outcome, a, b, c] = replyArray(reply);
  switch (outcome) {
    case 'accepted': {
      const remaining = int(a);
      return remaining < 0 ? { outcome } : { outcome, remaining };
    }
    case 'rejected': {
      const lockedUntil = int(c);
      return { outcome, failures: int(a), attemptsLeft: int(b), lockedUntil: lockedUntil < 0 ? null : lockedUntil };
    }
    case 'locked':
      return { outcome, lockedUntil: int(a) };
    case 'stale':
      return { outcome };
    default:
      throw new Error(`Unexpected outcome from a twostep script: ${String(outcome)}`);
  }
}

function toIssueResult(reply: unknown): IssueCodeResult {
  const [outcome, a, b] = replyArray(reply);
  if (outcome === 'issued') return { outcome, expiresAt: int(a), resendAt: int(b) };
  if (outcome === 'too_soon' || outcome === 'limit_reached') return { outcome, retryAt: int(a) };
  throw new Error(`Unexpected outcome from the issue script: ${String(outcome)}`);
}

function parseDevice(json: string): TrustedDeviceRecord {
  return JSON.parse(json) as TrustedDeviceRecord;
}

function byCreation(a: TrustedDeviceRecord, b: TrustedDeviceRecord): number {
  return a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function redisStore(client: Redis | Cluster, options: RedisStoreOptions = {}): TwoStepStore {
  const { keyPrefix, timeoutMs } = resolveOptions(options);
  const redis = client as unknown as RedisCommands;
  const keysOf = (userId: string) => userKeys(userId, keyPrefix);
  const call = <T>(operation: () => Promise<T>) => guarded(timeoutMs, operation);
  const attempt = (s: Script, keys: string[], args: ScriptArg[]) =>
    call(async () => toAttemptResult(await runScript(redis, s, keys, args)));

  return {
    getEnrolment: (userId) =>
      call(async () => {
        const json = await redis.get(keysOf(userId).enrolment);
        return json === null ? null : (JSON.parse(json) as Enrolment);
      }),

    putEnrolment: (userId, enrolment) =>
      call(async () => {
        const k = keysOf(userId);
        await runScript(redis, scripts.putEnrolment, [k.enrolment, k.generation], [JSON.stringify(enrolment)]);
      }),

    getGeneration: (userId) => call(async () => Number((await redis.get(keysOf(userId).generation)) ?? 0)),

    getLockState: (userId, nowMs) =>
      call(async (): Promise<LockState> => {
        const [f, fx, lu] = await redis.hmget(keysOf(userId).lock, 'f', 'fx', 'lu');
        const lockedUntil = lu != null && nowMs < Number(lu) ? Number(lu) : null;
        const failures = f != null && fx != null && nowMs < Number(fx) ? Number(f) : 0;
        return { failures, lockedUntil };
      }),

    clearLock: (userId) =>
      call(async () => {
        await redis.hdel(keysOf(userId).lock, 'f', 'fx', 'lu');
      }),

    recordFailure: ({ userId, nowMs, lockout }) =>
      attempt(scripts.recordFailure, [keysOf(userId).lock], [nowMs, lockout.maxAttempts, lockout.lockSeconds * 1000]),

    settleTotpAttempt: (input) => {
      const k = keysOf(input.userId);
      return attempt(
        scripts.settleTotp,
        [k.lock, k.generation, k.totp],
        [
          input.nowMs,
          input.lockout.maxAttempts,
          input.lockout.lockSeconds * 1000,
          input.generation,
          input.matchedStep ?? '',
          input.stepRetentionSeconds * 1000,
        ],
      );
    },

    consumeCode: (input) => {
      const k = keysOf(input.userId);
      return attempt(
        scripts.consumeCode,
        [k.lock, k.codes],
        [
          input.nowMs,
          input.lockout.maxAttempts,
          input.lockout.lockSeconds * 1000,
          codeField(input.purpose, input.codeHash),
          codePurposePrefix(input.purpose),
        ],
      );
    },

    consumeRecoveryCode: (input) => {
      const k = keysOf(input.userId);
      return attempt(
        scripts.consumeRecoveryCode,
        [k.lock, k.recovery],
        [input.nowMs, input.lockout.maxAttempts, input.lockout.lockSeconds * 1000, input.codeHash],
      );
    },

    issueCode: (input) =>
      call(async () => {
        const k = keysOf(input.userId);
        const field = codeField(input.purpose, input.codeHash);
        const reply = await runScript(
          redis,
          scripts.issueCode,
          [k.codes, k.cooldowns, k.sends],
          [
            input.nowMs,
            field,
            input.purpose,
            input.ttlSeconds * 1000,
            input.cooldownSeconds * 1000,
            input.maxSendsPerHour,
            field,
          ],
        );
        return toIssueResult(reply);
      }),

    withdrawCode: ({ userId, purpose, codeHash }) =>
      call(async () => {
        const k = keysOf(userId);
        const field = codeField(purpose, codeHash);
        await runScript(redis, scripts.withdrawCode, [k.codes, k.cooldowns, k.sends], [field, purpose, field]);
      }),

    replaceRecoveryCodes: (userId, codeHashes) =>
      call(async () => {
        await runScript(redis, scripts.replaceRecoveryCodes, [keysOf(userId).recovery], [...codeHashes]);
      }),

    countRecoveryCodes: (userId) => call(() => redis.scard(keysOf(userId).recovery)),

    putDevice: (userId, record) =>
      call(async () => {
        await runScript(redis, scripts.putDevice, [keysOf(userId).devices], [record.id, JSON.stringify(record), record.lastUsedAt]);
      }),

    getDevice: (userId, deviceId, nowMs) =>
      call(async () => {
        const json = await redis.hget(keysOf(userId).devices, deviceId);
        if (json === null) return null;
        const record = parseDevice(json);
        return nowMs < record.expiresAt ? record : null;
      }),

    rotateDevice: (userId, deviceId, change) =>
      call(async () => {
        const reply = await runScript(
          redis,
          scripts.rotateDevice,
          [keysOf(userId).devices],
          [deviceId, change.expectedTokenHash, change.newTokenHash, change.lastUsedAt, change.expiresAt],
        );
        return int(reply) === 1;
      }),

    listDevices: (userId, nowMs) =>
      call(async () => {
        const all = await redis.hgetall(keysOf(userId).devices);
        return Object.values(all)
          .map(parseDevice)
          .filter((record) => nowMs < record.expiresAt)
          .sort(byCreation);
      }),

    deleteDevice: (userId, deviceId) => call(async () => (await redis.hdel(keysOf(userId).devices, deviceId)) === 1),

    deleteAllDevices: (userId) =>
      call(async () => int(await runScript(redis, scripts.deleteAllDevices, [keysOf(userId).devices], []))),

    resetUser: (userId) =>
      call(async () => {
        const k = keysOf(userId);
        const keys = [k.enrolment, k.lock, k.totp, k.codes, k.cooldowns, k.sends, k.recovery, k.devices, k.generation];
        await runScript(redis, scripts.resetUser, keys, []);
      }),

    // The client belongs to the caller, and the store holds no timers between calls.
    close: async () => {},
  };
}
