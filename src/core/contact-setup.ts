import { randomId } from '../crypto/random.js';
import { TwoStepError } from '../errors.js';
import { unitOf } from '../methods/method-units.js';
import type { EnrolledMethod, MethodType } from '../enrolments/records.js';
import type { Actor, CoreContext } from './context.js';
import { readSnapshot } from './enrolment-snapshot.js';
import { isContactMethod } from './login-codes.js';
import { activateMethod, type ConfirmResult } from './manage-methods.js';
import { ownedSetup, ownerField, type SetupOwner } from './setup-owner.js';
import { sendOneTimeCode, verifyOneTimeCode, type SentCode } from './one-time-codes.js';
import { SETUP_TTL_SECONDS } from './totp-setup.js';
import { updateEnrolment } from './update-enrolment.js';

export function setupPurpose(methodId: string): string {
  return `setup:${methodId}`;
}

/**
 * Adds an email address or phone number (already validated and normalised by the caller)
 * as an unconfirmed method and sends it a code: the method works only once that code is
 * entered, which proves the address is the user's. The code goes out first, so a failed
 * delivery leaves no half-made method behind.
 */
export async function startContactSetup(
  ctx: CoreContext,
  actor: Actor,
  owner: SetupOwner,
  type: MethodType,
  address: string,
): Promise<{ method: EnrolledMethod } & SentCode> {
  const { contact } = unitOf(type);
  if (!contact) throw new Error(`twostep: codes are not sent to a ${type} method`);
  const owned = ownerField(owner);
  const alreadyThere = (methods: EnrolledMethod[]) => {
    if (methods.some((m) => m.confirmed && m.type === type && m.address === address)) {
      throw new TwoStepError('invalid_request', `That ${contact.addressName} is already one of your verification methods.`);
    }
  };
  alreadyThere((await readSnapshot(ctx, actor.userId)).enrolment.methods);
  const nowMs = ctx.options.now();
  const id = randomId(9);
  const sent = await sendOneTimeCode(ctx, actor, setupPurpose(id), { type: contact.channel, to: address });
  const method: EnrolledMethod = {
    id,
    type,
    label: contact.mask(address),
    primary: false,
    confirmed: false,
    createdAt: nowMs,
    pendingUntil: Math.max(sent.expiresAt, nowMs + SETUP_TTL_SECONDS * 1000),
    ...owned,
    address,
  };
  // One setup of each type at a time: starting again replaces an unfinished one.
  await updateEnrolment(ctx, actor.userId, (current) => {
    alreadyThere(current.methods);
    const methods = current.methods.filter((m) => m.confirmed || m.type !== type);
    return { ...current, methods: [...methods, method] };
  });
  return { method, ...sent };
}

async function pendingContactMethod(ctx: CoreContext, actor: Actor, owner: SetupOwner, methodId: string) {
  const snapshot = await readSnapshot(ctx, actor.userId);
  // Another session's setup is a 404: no code is sent for it, none compared or counted.
  const method = ownedSetup(snapshot.enrolment, methodId, owner);
  if (!isContactMethod(method)) throw new TwoStepError('invalid_request', 'This method does not receive codes.');
  return { snapshot, method };
}

/** "Send a new code" during setup. */
export async function resendSetupCode(ctx: CoreContext, actor: Actor, owner: SetupOwner, methodId: string): Promise<{ method: EnrolledMethod } & SentCode> {
  const { method } = await pendingContactMethod(ctx, actor, owner, methodId);
  const sent = await sendOneTimeCode(ctx, actor, setupPurpose(method.id), { type: method.type, to: method.address });
  return { method, ...sent };
}

/** Confirms an email/SMS method with the code sent to it; the same lockout as sign-in applies. */
export async function confirmContactMethod(ctx: CoreContext, actor: Actor, owner: SetupOwner, methodId: string, code: string): Promise<ConfirmResult> {
  const { method } = await pendingContactMethod(ctx, actor, owner, methodId);
  await verifyOneTimeCode(ctx, actor, setupPurpose(method.id), code, { methodType: method.type, setup: true });
  // activateMethod applies the change to the latest record: edits made meanwhile are kept.
  return activateMethod(ctx, actor, owner, method);
}
