import { isoInstant } from '../clock.js';
import { TwoStepError } from '../errors.js';
import type { AttemptResult } from '../store/types.js';
import type { Actor, CoreContext } from './context.js';
import { rateLimitedError } from './address-limit.js';
import { lockingAnswerError, wrongAnswerError, type AnswerFacts } from './wrong-answer.js';

function secondsUntil(instantMs: number, nowMs: number): number {
  return Math.max(1, Math.ceil((instantMs - nowMs) / 1000));
}

export function lockedError(lockedUntil: number, nowMs: number): TwoStepError {
  return new TwoStepError('locked', `Too many failed attempts. Try again after ${isoInstant(lockedUntil)}.`, {
    details: { lockedUntil, retryAfterSeconds: secondsUntil(lockedUntil, nowMs), attemptsLeft: 0 },
  });
}

/**
 * Accepts or refuses on the store's verdict: returns when it accepted, otherwise reports
 * the failure (and a lock) as events and throws the `TwoStepError` to answer with. `stale`
 * is the caller's to handle before calling this. `answer` says what was compared: the events'
 * `method`, and the kind of wrong answer the refusal names (core/wrong-answer.ts); `reason`
 * replaces the message where the caller knows why (a passkey's answer).
 */
export function acceptOrRefuse(
  ctx: CoreContext,
  result: Exclude<AttemptResult, { outcome: 'stale' }>,
  actor: Actor,
  answer: AnswerFacts,
  reason?: string,
): { remaining?: number } {
  const method = answer.factor;
  const nowMs = ctx.options.now();
  // An app's own purpose (password reset) may not say which method delivered the code.
  const base = { userId: actor.userId, ip: actor.ip, ...(actor.lang ? { lang: actor.lang } : {}), at: nowMs, ...(method ? { method } : {}) };
  switch (result.outcome) {
    case 'accepted':
      return result.remaining === undefined ? {} : { remaining: result.remaining };
    case 'locked':
      throw lockedError(result.lockedUntil, nowMs);
    case 'limited':
      throw rateLimitedError(result.retryAt, nowMs);
    case 'rejected': {
      ctx.events.emit('failed', { ...base, outcome: 'failure', attemptsLeft: result.attemptsLeft });
      if (result.lockedUntil !== null) {
        ctx.events.emit('locked', { ...base, outcome: 'failure', lockedUntil: result.lockedUntil });
        // The attempt that triggers the lock was compared and failed: say so, and say until when.
        throw lockingAnswerError(answer, result.lockedUntil, secondsUntil(result.lockedUntil, nowMs), isoInstant(result.lockedUntil));
      }
      throw wrongAnswerError(answer, result.attemptsLeft, reason);
    }
  }
}
