/**
 * The lockout rules every attempt in the memory store follows, the same as `count_failure`
 * and the lock check in `redis-scripts.ts`.
 */
import type { AttemptInput, AttemptResult } from '../types.js';
import type { UserState } from './user-state.js';
import type { UserTable } from './user-table.js';
import type { WindowTable } from './windows.js';

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

/**
 * Runs `decide` unless the user is locked or the client address's window is full (as the
 * Redis scripts: lock first, then the window); a rejected attempt takes its place in the
 * window. No `await` inside, so atomic.
 */
export async function attempt(
  users: UserTable,
  windows: WindowTable,
  input: AttemptInput,
  decide: (user: UserState) => AttemptResult,
): Promise<AttemptResult> {
  const user = users.writable(input.userId, input.nowMs);
  const until = lockedUntil(user, input.nowMs);
  if (until !== null) return { outcome: 'locked', lockedUntil: until };
  const { window } = input;
  const retryAt = window ? windows.fullUntil(window, input.nowMs) : null;
  if (retryAt !== null) return { outcome: 'limited', retryAt };
  const result = decide(user);
  if (window && result.outcome === 'rejected') windows.take(window, input.nowMs);
  return result;
}
