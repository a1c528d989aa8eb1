/**
 * The lockout rules every attempt in the memory store follows, the same as `count_failure`
 * and the lock check in `redis-scripts.ts`.
 */
import type { AttemptInput, AttemptResult } from '../types.js';
import type { UserState } from './user-state.js';
import type { UserTable } from './user-table.js';

export function lockedUntil(user: UserState, nowMs: number): number | null {
  const until = user.lock?.lockedUntil ?? null;
  return until !== null && nowMs < until ? until : null;
}

/** Same rules as `count_failure` in `redis-scripts.ts`. */
export function countFailure(user: UserState, { nowMs, lockout }: AttemptInput): AttemptResult {
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
export async function attempt(
  users: UserTable,
  input: AttemptInput,
  decide: (user: UserState) => AttemptResult,
): Promise<AttemptResult> {
  const user = users.writable(input.userId, input.nowMs);
  const until = lockedUntil(user, input.nowMs);
  return until !== null ? { outcome: 'locked', lockedUntil: until } : decide(user);
}
