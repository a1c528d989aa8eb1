/**
 * What the parts of the store contract share: a fixed instant, a lockout policy, and
 * builders for the inputs of each store method. Time is always an explicit `nowMs`: TTLs
 * are checked by moving it forward, never by sleeping.
 */
import assert from 'node:assert/strict';
import type { AttemptResult, LockoutPolicy, TrustedDeviceRecord } from '../../store/types.js';
import type { TwoStepStore } from '../../backends/types.js';

export const T0 = 1_700_000_000_000;
export const LOCKOUT: LockoutPolicy = { maxAttempts: 5, lockSeconds: 1800 };
export const LOCK_MS = LOCKOUT.lockSeconds * 1000;
export const HOUR_MS = 3_600_000;

export const issue = (userId: string, codeHash: string, overrides: { purpose?: string; nowMs?: number; cooldownSeconds?: number; maxSendsPerHour?: number } = {}) => ({
  userId,
  codeHash,
  purpose: overrides.purpose ?? 'login',
  nowMs: overrides.nowMs ?? T0,
  ttlSeconds: 600,
  cooldownSeconds: overrides.cooldownSeconds ?? 30,
  maxSendsPerHour: overrides.maxSendsPerHour ?? 10,
});

export const code = (userId: string, codeHash: string, nowMs = T0, purpose = 'login', lockout = LOCKOUT) => ({
  userId,
  codeHash,
  purpose,
  nowMs,
  lockout,
});

export const totp = (userId: string, matchedStep: number | null, nowMs = T0, version = 0, lockout = LOCKOUT, methodId = 'm1') => ({
  userId,
  methodId,
  matchedStep,
  nowMs,
  version,
  lockout,
  stepRetentionSeconds: 90,
});

export const failure = (userId: string, nowMs = T0, lockout = LOCKOUT) => ({ userId, nowMs, lockout });

export function device(id: string, overrides: Partial<TrustedDeviceRecord> = {}): TrustedDeviceRecord {
  return { id, tokenHash: `token-${id}`, label: 'Chrome on Windows — ünïcödé ✓ "quoted" /slash', createdAt: T0, lastUsedAt: T0, expiresAt: T0 + 30 * 86_400_000, ...overrides };
}

export function count(results: AttemptResult[], outcome: AttemptResult['outcome']): number {
  return results.filter((result) => result.outcome === outcome).length;
}

/** Fails until the user is locked; returns lockedUntil. */
export async function lockUser(store: TwoStepStore, userId: string, nowMs = T0): Promise<number> {
  for (let i = 1; i < LOCKOUT.maxAttempts; i++) await store.recordFailure(failure(userId, nowMs));
  const last = await store.recordFailure(failure(userId, nowMs));
  assert.equal(last.outcome, 'rejected');
  assert.ok(last.outcome === 'rejected' && last.lockedUntil !== null);
  return last.lockedUntil;
}
