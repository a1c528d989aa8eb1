import { isoInstant } from '../clock.js';
import { TwoStepError } from '../errors.js';
import type { TwoStepEventBase } from '../events.js';
import type { AttemptResult } from '../store/types.js';
import type { Actor, CoreContext } from './context.js';
import { rateLimitedError } from './address-limit.js';

type AttemptMethod = NonNullable<TwoStepEventBase['method']>;

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
 * is the caller's to handle before calling this.
 */
export function acceptOrRefuse(
  ctx: CoreContext,
  result: Exclude<AttemptResult, { outcome: 'stale' }>,
  actor: Actor,
  method: AttemptMethod | undefined,
): { remaining?: number } {
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
        throw new TwoStepError('invalid_code', `Verification failed. Too many failed attempts: try again after ${isoInstant(result.lockedUntil)}.`, {
          details: { attemptsLeft: 0, lockedUntil: result.lockedUntil, retryAfterSeconds: secondsUntil(result.lockedUntil, nowMs) },
        });
      }
      const plural = result.attemptsLeft === 1 ? 'attempt' : 'attempts';
      throw new TwoStepError('invalid_code', `Verification failed. Check the code and try again; a code works only once, so if you just used it, wait for the next one (${result.attemptsLeft} ${plural} left).`, {
        details: { attemptsLeft: result.attemptsLeft },
      });
    }
  }
}
