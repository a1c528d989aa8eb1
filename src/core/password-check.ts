import { TwoStepError } from '../errors.js';
import { lockedError, settleAttempt } from './attempt-outcome.js';
import type { Actor, CoreContext } from './context.js';

const MAX_PASSWORD_LENGTH = 1024;

/**
 * Checks the current password through `users.verifyPassword` (setup confirmation and
 * re-verification). A wrong password counts toward the same lockout as a wrong code, so
 * re-verification cannot be used to guess passwords either; while locked the password is
 * not even checked.
 */
export async function checkPassword(ctx: CoreContext, actor: Actor, user: unknown, password: unknown): Promise<void> {
  const verifyPassword = ctx.options.users.verifyPassword;
  if (!verifyPassword) throw new TwoStepError('invalid_request', 'This site does not confirm changes with a password: use a verification code.');
  if (typeof password !== 'string' || password.length === 0 || password.length > MAX_PASSWORD_LENGTH) {
    throw new TwoStepError('invalid_request', 'Enter your current password to confirm this change.');
  }
  const lock = await ctx.store.getLockState(actor.userId, ctx.options.now());
  if (lock.lockedUntil) throw lockedError(lock.lockedUntil, ctx.options.now());
  if (await verifyPassword(user, password)) return;
  const result = await ctx.store.recordFailure({ userId: actor.userId, nowMs: ctx.options.now(), lockout: ctx.options.lockout });
  if (result.outcome === 'stale' || result.outcome === 'accepted') throw new Error(`twostep: recordFailure answered ${result.outcome}`);
  try {
    settleAttempt(ctx, result, actor, undefined);
  } catch (error) {
    if (error instanceof TwoStepError && error.code === 'invalid_code') {
      throw new TwoStepError('invalid_password', 'That password is not right.', { details: error.details });
    }
    throw error;
  }
  throw new Error('twostep: a rejected attempt always throws');
}
