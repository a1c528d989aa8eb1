import { TwoStepError } from '../errors.js';
import { lockedError, settleAttempt } from './attempt-outcome.js';
import type { Actor, CoreContext } from './context.js';

const MAX_PASSWORD_LENGTH = 1024;

/**
 * Only `true` accepts and only `false` refuses. Anything else is a bug in the app's callback
 * (a user row, `undefined` from a missing `return`, the string 'false'): reading it as truthy
 * could let a wrong password through, reading it as a wrong password would hide the bug, so
 * it fails closed and loud (503, logged with the fix).
 */
function passwordAccepted(verdict: unknown): boolean {
  if (typeof verdict === 'boolean') return verdict;
  // The type only: the value may be a password hash or a user record, which no log should hold.
  const shown = verdict === null ? 'null' : verdict === undefined ? 'undefined' : `a value of type ${typeof verdict}`;
  throw new TypeError(`twostep: users.verifyPassword must return true or false (or a promise of one); it returned ${shown}. Return the result of the hash comparison, e.g. crypto.timingSafeEqual(...) or await bcrypt.compare(...).`);
}

/**
 * Checks the current password through `users.verifyPassword` (setup confirmation and
 * re-verification), under the same lockout as a wrong code.
 *
 * The attempt is reserved before the password is looked at: one atomic store call refuses
 * while locked and otherwise counts the attempt as a failure. Only a reserved attempt
 * reaches `verifyPassword`, so however many requests race, no more than `maxAttempts`
 * passwords are ever checked before the lock (reading the lock, checking, then counting
 * would let a burst through between the read and the count). A right password clears the
 * count (but not a lock that parallel attempts set meanwhile); an attempt whose check throws
 * stays counted (fail closed).
 */
export async function checkPassword(ctx: CoreContext, actor: Actor, user: unknown, password: unknown): Promise<void> {
  const verifyPassword = ctx.options.users.verifyPassword;
  if (!verifyPassword) throw new TwoStepError('invalid_request', 'This site does not confirm changes with a password: use a verification code.');
  if (typeof password !== 'string' || password.length === 0 || password.length > MAX_PASSWORD_LENGTH) {
    throw new TwoStepError('invalid_request', 'Enter your current password to confirm this change.');
  }
  const reserved = await ctx.store.recordFailure({ userId: actor.userId, nowMs: ctx.options.now(), lockout: ctx.options.lockout });
  if (reserved.outcome === 'locked') throw lockedError(reserved.lockedUntil, ctx.options.now());
  if (reserved.outcome !== 'rejected') throw new Error(`twostep: recordFailure answered ${reserved.outcome}`);

  if (passwordAccepted(await verifyPassword(user, password))) {
    // A lock set by this very reservation is lifted; one set by parallel attempts stays.
    if (reserved.lockedUntil !== null) await ctx.store.clearLock(actor.userId);
    else await ctx.store.clearFailures(actor.userId, ctx.options.now());
    return;
  }
  try {
    settleAttempt(ctx, reserved, actor, undefined);
  } catch (error) {
    if (error instanceof TwoStepError && error.code === 'invalid_code') {
      throw new TwoStepError('invalid_password', 'That password is not right.', { details: error.details });
    }
    throw error;
  }
  throw new Error('twostep: a rejected attempt always throws');
}
