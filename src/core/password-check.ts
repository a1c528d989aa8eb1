import { TwoStepError } from '../errors.js';
import type { Actor, CoreContext } from './context.js';
import { reserveAttempt } from './reserve-attempt.js';

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
 * re-verification), under the same lockout as a wrong code: only a reserved attempt
 * (`reserve-attempt.ts`) reaches `verifyPassword`.
 */
export async function checkPassword(ctx: CoreContext, actor: Actor, user: unknown, password: unknown): Promise<void> {
  const verifyPassword = ctx.options.users.verifyPassword;
  if (!verifyPassword) throw new TwoStepError('invalid_request', 'This site does not confirm changes with a password: use a verification code.');
  if (typeof password !== 'string' || password.length === 0 || password.length > MAX_PASSWORD_LENGTH) {
    throw new TwoStepError('invalid_request', 'Enter your current password to confirm this change.');
  }
  const attempt = await reserveAttempt(ctx, actor);
  if (passwordAccepted(await verifyPassword(user, password))) return attempt.release('the password was confirmed');
  try {
    attempt.refuse({});
  } catch (error) {
    if (error instanceof TwoStepError && error.code === 'invalid_code') {
      throw new TwoStepError('invalid_password', 'That password is not right.', { details: error.details });
    }
    throw error;
  }
}
