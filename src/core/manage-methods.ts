import { TwoStepError } from '../errors.js';
import type { EnrolledMethod, Enrolment } from '../enrolments/records.js';
import type { Actor, CoreContext } from './context.js';
import { confirmedMethods } from './enrolment-snapshot.js';
import { nextMethodNumber } from './method-names.js';
import { recordSentCodeUse } from './method-use.js';
import { unitOf } from '../methods/method-units.js';
import { updateEnrolment } from './update-enrolment.js';
import { ownedSetup, type SetupOwner } from './setup-owner.js';

function findMethod(enrolment: Enrolment, methodId: string): EnrolledMethod {
  const method = enrolment.methods.find((m) => m.id === methodId);
  if (!method) throw new TwoStepError('method_not_found', 'That verification method does not exist. Reload the page and try again.');
  return method;
}

export interface ConfirmResult {
  method: EnrolledMethod;
  enrolment: Enrolment;
  /** True when this was the user's first method, which turns 2FA on. */
  firstMethod: boolean;
}

/**
 * Marks a method confirmed after its first code; shared by every method type. Applied to
 * the latest record, so a method added elsewhere meanwhile is kept; a setup replaced
 * meanwhile (another secret under the same id cannot exist: ids are random) is refused.
 */
export async function activateMethod(ctx: CoreContext, actor: Actor, owner: SetupOwner, method: EnrolledMethod): Promise<ConfirmResult> {
  let confirmed!: EnrolledMethod;
  let firstMethod = false;
  const { enrolment } = await updateEnrolment(ctx, actor.userId, (current) => {
    const pending = ownedSetup(current, method.id, owner);
    firstMethod = confirmedMethods(current).length === 0;
    confirmed = { ...pending, confirmed: true, primary: firstMethod, number: nextMethodNumber(current, pending.type) };
    delete confirmed.pendingUntil;
    delete confirmed.setupOwner;
    return {
      ...current,
      enabled: firstMethod ? true : current.enabled,
      setupRequired: false,
      methods: current.methods.map((m) => (m.id === method.id ? confirmed : m)),
    };
  });
  // Its first code is its first use, as an authenticator app's is (the step it accepted).
  if (unitOf(method.type).answer === 'sent-code') await recordSentCodeUse(ctx, actor.userId, method.id);
  ctx.events.emit('method.added', { userId: actor.userId, ip: actor.ip, ...(actor.lang ? { lang: actor.lang } : {}), at: ctx.options.now(), method: method.type, outcome: 'success', methodId: method.id });
  return { method: confirmed, enrolment, firstMethod };
}

export { findMethod };

/**
 * Removes a method. Removing the last one turns 2FA off for the user, unless
 * `mustKeepOne` (the policy requires 2FA), which refuses with `method_required`.
 */
export async function removeMethod(ctx: CoreContext, actor: Actor, methodId: string, mustKeepOne = false): Promise<Enrolment> {
  let removed!: EnrolledMethod;
  const { enrolment } = await updateEnrolment(ctx, actor.userId, (current) => {
    removed = findMethod(current, methodId);
    const remaining = current.methods.filter((m) => m.id !== methodId);
    const remainingConfirmed = remaining.filter((m) => m.confirmed);
    if (removed.confirmed && remainingConfirmed.length === 0 && mustKeepOne) {
      throw new TwoStepError('method_required', 'Your organisation requires two-step verification: add another method before removing this one.');
    }
    if (removed.primary && remainingConfirmed[0]) {
      remaining[remaining.indexOf(remainingConfirmed[0])] = { ...remainingConfirmed[0], primary: true };
    }
    return { ...current, enabled: remainingConfirmed.length > 0 ? current.enabled : false, methods: remaining };
  });
  if (removed.confirmed) {
    ctx.events.emit('method.removed', { userId: actor.userId, ip: actor.ip, ...(actor.lang ? { lang: actor.lang } : {}), at: ctx.options.now(), method: removed.type, outcome: 'info', methodId });
  }
  return enrolment;
}

export async function makePrimary(ctx: CoreContext, actor: Actor, methodId: string): Promise<EnrolledMethod> {
  const { enrolment } = await updateEnrolment(ctx, actor.userId, (current) => {
    const method = findMethod(current, methodId);
    if (!method.confirmed) throw new TwoStepError('invalid_request', 'Finish setting up this method before making it primary.');
    if (method.primary) return null;
    return { ...current, methods: current.methods.map((m) => ({ ...m, primary: m.id === methodId })) };
  });
  return enrolment.methods.find((m) => m.id === methodId)!;
}

/** Turning 2FA on needs a verified method first (Procare: "add a method before enabling"). */
export async function setEnabled(ctx: CoreContext, actor: Actor, enabled: boolean, requiredByPolicy = false): Promise<Enrolment> {
  let changed = false;
  const { enrolment } = await updateEnrolment(ctx, actor.userId, (current) => {
    if (enabled && confirmedMethods(current).length === 0) {
      throw new TwoStepError('no_method', 'Add a verification method before turning on two-step verification.');
    }
    if (!enabled && requiredByPolicy) {
      throw new TwoStepError('required_by_policy', 'Your organisation requires two-step verification, so it cannot be turned off.');
    }
    changed = current.enabled !== enabled;
    return changed ? { ...current, enabled } : null;
  });
  if (changed) ctx.events.emit(enabled ? 'enabled' : 'disabled', { userId: actor.userId, ip: actor.ip, at: ctx.options.now(), outcome: 'info' });
  return enrolment;
}
