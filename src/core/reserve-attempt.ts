/**
 * One attempt at an answer that is compared outside the counters store — a password, a
 * recovery code (the enrolment store), a passkey's signature, a TOTP step the durable record
 * refused — under the same lockout as a code.
 *
 * Reserve → compare → release or refuse:
 * 1. `reserveAttempt` counts the attempt as a failure in one atomic store call, unless the
 *    account is locked (then `locked`, nothing counted, nothing compared). Only a reserved
 *    attempt is compared, so however many requests race, no more than `maxAttempts` answers
 *    are ever looked at before the lock (reading the lock, comparing, then counting would let
 *    a burst through between the read and the count).
 * 2. A wrong answer: `refuse` — the reservation stays counted, `failed` (and `locked`) are
 *    announced, and `invalid_code` (with the attempts left, or the lock it set) is thrown.
 *    An answer whose comparison throws stays counted too (fail closed).
 * 3. A right answer: `release`. The release policy, for every caller:
 *    - a lock set by this very reservation is lifted (`clearLock`); one that parallel
 *      attempts set meanwhile stays (`clearFailures` keeps a lock in force);
 *    - a release that fails is logged and the answer still counts: the answer was right and
 *      what it spent (a recovery code, a passkey counter) is spent; the reserved failure
 *      expires with the lockout window by itself.
 */
import { lockedError, acceptOrRefuse } from './attempt-outcome.js';
import type { AnswerFacts } from './wrong-answer.js';
import type { Actor, CoreContext } from './context.js';
import { addressSlot, releaseSlot } from './address-limit.js';

export interface ReservedAttempt {
  /** The answer was right: lift the reservation (see the release policy above). `what` names it in the log. */
  release(what: string): Promise<void>;
  /** The answer was wrong: throws `invalid_code` (or `locked`), with the events; `answer` says what it was (core/wrong-answer.ts), `reason` why, when known. */
  refuse(answer: AnswerFacts, reason?: string): never;
}

/**
 * `countsForAddress: false` when the caller already holds the client address's hit for this
 * answer (passkey sign-in takes it before it knows whose key answered).
 */
export async function reserveAttempt(ctx: CoreContext, actor: Actor, { countsForAddress = true } = {}): Promise<ReservedAttempt> {
  const nowMs = ctx.options.now();
  // The client address's window is reserved with the attempt (one script) and given back with it.
  const window = countsForAddress ? addressSlot(ctx, 'answers', actor.ip) : undefined;
  const reservation = await ctx.store.recordFailure({ userId: actor.userId, nowMs, lockout: ctx.options.lockout, ...(window ? { window } : {}) });
  if (reservation.outcome === 'locked') throw lockedError(reservation.lockedUntil, nowMs);
  if (reservation.outcome === 'limited') acceptOrRefuse(ctx, reservation, actor, {});
  if (reservation.outcome !== 'rejected') throw new Error(`twostep: recordFailure answered ${reservation.outcome}`);
  return {
    async release(what) {
      try {
        await Promise.all([
          reservation.lockedUntil !== null ? ctx.store.clearLock(actor.userId) : ctx.store.clearFailures(actor.userId, ctx.options.now()),
          releaseSlot(ctx, window),
        ]);
      } catch (error) {
        console.warn(`twostep: could not clear the attempt count after ${what}; the reserved failure expires by itself`, error);
      }
    },
    refuse(answer, reason) {
      acceptOrRefuse(ctx, reservation, actor, answer, reason);
      throw new Error('twostep: a refused attempt came back accepted');
    },
  };
}
