/**
 * A setup (authenticator app, email, phone, passkey) belongs to the session that started it.
 * Why: confirming a setup proves a factor and so raises the confirming session's assurance
 * (it counts as freshly verified with the new method). If another session of the same user
 * could fetch the setup's options or confirm it, a stale session could borrow a setup someone
 * else started and turn itself "freshly verified", then make sensitive changes (disable 2FA)
 * without ever re-verifying.
 *
 * The session keeps a random setup key (`http/session/stage-writes.ts`); the pending method
 * keeps only a keyed hash of it, mixed with the user id, so the enrolment store never holds a
 * value that lets anyone claim a setup, and one user's key can never claim another's. Any
 * session whose key does not match is told the setup does not exist (404): the same answer
 * as for a setup id that was never made.
 */
import { keyedHash, timingSafeEqualStrings } from '../crypto/keyed-hash.js';
import { TwoStepError } from '../errors.js';
import type { EnrolledMethod, Enrolment } from '../enrolments/records.js';
import type { CoreContext } from './context.js';

/**
 * The hash a pending method stores, and the one a session presents. `setupKey` is the
 * session's key, or undefined for a session that never started a setup (it owns none).
 */
export interface SetupOwner {
  readonly hash: string | null;
}

export function setupOwnerOf(ctx: CoreContext, userId: string, setupKey: string | undefined): SetupOwner {
  // The key first: it is fixed-length base64url, so key and user id cannot run into each other.
  return { hash: setupKey === undefined ? null : keyedHash(ctx.keys.hashKey, 'setup-owner', `${setupKey}\u0000${userId}`) };
}

/** What a pending method records about who started it (nothing else can make a `SetupOwner` with a hash). */
export function ownerField(owner: SetupOwner): { setupOwner: string } {
  if (owner.hash === null) throw new Error('twostep: a setup was started without the session\'s setup key');
  return { setupOwner: owner.hash };
}

export function ownsSetup(method: EnrolledMethod, owner: SetupOwner): boolean {
  // A setup made before setups had owners, or by no session, belongs to nobody: fail closed.
  if (owner.hash === null || method.setupOwner === undefined) return false;
  return timingSafeEqualStrings(method.setupOwner, owner.hash);
}

export const SETUP_NOT_FOUND = 'That setup has expired or does not exist. Start again from the two-step verification settings.';

/**
 * The unconfirmed method `methodId`, if this session started it; otherwise `method_not_found`
 * (404) — for another session's setup exactly as for one that does not exist. A method that
 * is already confirmed is not a setup any more: `invalid_request`, as before.
 */
export function ownedSetup(enrolment: Enrolment, methodId: string, owner: SetupOwner): EnrolledMethod {
  const method = enrolment.methods.find((m) => m.id === methodId);
  if (method?.confirmed) throw new TwoStepError('invalid_request', 'This method is already set up.');
  if (!method || !ownsSetup(method, owner)) throw new TwoStepError('method_not_found', SETUP_NOT_FOUND);
  return method;
}
