/**
 * Reading script replies. A reply of an unexpected shape throws, and the caller's guard
 * turns that into `StoreUnavailableError`: an answer we cannot read is no answer.
 */
import type { AttemptResult, IssueCodeResult, SignInNote, WindowResult } from '../types.js';

function replyArray(reply: unknown): unknown[] {
  if (!Array.isArray(reply) || typeof reply[0] !== 'string') {
    throw new Error(`Unexpected reply from a twostep script: ${JSON.stringify(reply)}`);
  }
  return reply;
}

export function int(value: unknown): number {
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) throw new Error(`Expected a number from Redis, got ${String(value)}`);
  return n;
}

export function toAttemptResult(reply: unknown): AttemptResult {
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
    case 'limited':
      return { outcome, retryAt: int(a) };
    default:
      throw new Error(`Unexpected outcome from a twostep script: ${String(outcome)}`);
  }
}

export function toIssueResult(reply: unknown): IssueCodeResult {
  const [outcome, a, b] = replyArray(reply);
  if (outcome === 'issued') return { outcome, expiresAt: int(a), resendAt: int(b) };
  if (outcome === 'too_soon' || outcome === 'limit_reached') return { outcome, retryAt: int(a) };
  throw new Error(`Unexpected outcome from the issue script: ${String(outcome)}`);
}

export function toWindowResult(reply: unknown): WindowResult {
  const [outcome, a] = replyArray(reply);
  if (outcome === 'taken') return { outcome };
  if (outcome === 'full') return { outcome, retryAt: int(a) };
  throw new Error(`Unexpected outcome from the window script: ${String(outcome)}`);
}

export function toSignInNote(reply: unknown): SignInNote {
  const [outcome, first, seen, allowed] = replyArray(reply);
  if (outcome !== 'noted') throw new Error(`Unexpected outcome from the sign-in script: ${String(outcome)}`);
  return { firstEver: int(first) === 1, networkSeen: int(seen) === 1, alertAllowed: int(allowed) === 1 };
}
