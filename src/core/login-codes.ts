import { TwoStepError } from '../errors.js';
import type { EnrolledMethod } from '../enrolments/records.js';
import { answeredByPasskey, unitOf } from '../methods/method-units.js';
import { allowedMethodTypes, assertMethodAllowed } from './allowed-methods.js';
import type { Actor, CoreContext } from './context.js';
import { confirmedMethods, primaryMethod, type ChallengeSnapshot } from './enrolment-snapshot.js';
import { sendOneTimeCode, type SentCode } from './one-time-codes.js';

export const LOGIN_PURPOSE = 'login';

/** A method codes are sent to (its unit has contact facts), with the address they go to. */
export function isContactMethod(method: EnrolledMethod): method is EnrolledMethod & { type: 'email' | 'sms'; address: string } {
  return unitOf(method.type).contact !== undefined && typeof method.address === 'string';
}

/** The chosen method, or the primary one; it must be able to receive a code. */
export function contactMethodFor(snapshot: ChallengeSnapshot, methodId: string | undefined): EnrolledMethod & { type: 'email' | 'sms'; address: string } {
  // With none named: the primary method, unless it is a passkey (which takes no code): then the first email/SMS one.
  const primary = primaryMethod(snapshot.enrolment);
  const method = methodId === undefined
    ? primary && answeredByPasskey(primary) ? confirmedMethods(snapshot.enrolment).find(isContactMethod) ?? primary : primary
    : confirmedMethods(snapshot.enrolment).find((m) => m.id === methodId);
  if (!method) throw new TwoStepError('method_not_found', 'That verification method does not exist or is not set up yet.');
  if (!isContactMethod(method)) throw new TwoStepError('invalid_request', unitOf(method.type).sendsNoCode ?? 'This method does not receive codes.');
  return method;
}

/** Sends a sign-in code to one of the user's verified email/SMS methods. */
export async function sendLoginCode(
  ctx: CoreContext,
  actor: Actor,
  user: unknown,
  snapshot: ChallengeSnapshot,
  methodId: string | undefined,
): Promise<SentCode & { method: EnrolledMethod }> {
  const method = contactMethodFor(snapshot, methodId);
  assertMethodAllowed(await allowedMethodTypes(ctx, user), method.type);
  const sent = await sendOneTimeCode(ctx, actor, LOGIN_PURPOSE, { type: method.type, to: method.address, bindTo: method.id }, user);
  return { ...sent, method };
}
