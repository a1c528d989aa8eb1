import type { Request } from 'express';
import type { CoreContext } from '../core/context.js';
import { confirmedMethods, hasActiveSecondFactor, primaryMethod, readSnapshot } from '../core/enrolment-snapshot.js';
import { isContactMethod, sendLoginCode } from '../core/login-codes.js';
import { TwoStepError } from '../errors.js';
import { heldUser, type PendingState, type VerifiedMarker } from './session-state.js';

/** Where a request's session stands in the two steps. */
export type Stage =
  | { kind: 'anonymous' }
  | { kind: 'pending'; user: unknown; userId: string; pending: PendingState }
  | { kind: 'verified'; user: unknown; userId: string; marker: VerifiedMarker };

export function userIdOf(ctx: CoreContext, user: unknown): string {
  return String(ctx.options.users.id(user));
}

/** Reads the stage the gate established for this request. */
export function currentStage(ctx: CoreContext, req: Request): Stage {
  const session = req.session;
  if (!session) return { kind: 'anonymous' };
  if (req.user) {
    const userId = userIdOf(ctx, req.user);
    const marker = session.twoStep;
    if (marker && marker.userId === userId) return { kind: 'verified', user: req.user, userId, marker };
  }
  const user = heldUser(req);
  const pending = session.twoStepPending;
  if (user !== undefined && pending && pending.userId === userIdOf(ctx, user)) {
    return { kind: 'pending', user, userId: pending.userId, pending };
  }
  return { kind: 'anonymous' };
}

export function requireVerified(ctx: CoreContext, req: Request): Extract<Stage, { kind: 'verified' }> {
  const stage = currentStage(ctx, req);
  if (stage.kind === 'verified') return stage;
  if (stage.kind === 'pending') throw new TwoStepError('second_factor_required', 'Finish signing in with your verification code first.');
  throw new TwoStepError('not_signed_in', 'Sign in first.');
}

export function requirePending(ctx: CoreContext, req: Request): Extract<Stage, { kind: 'pending' }> {
  const stage = currentStage(ctx, req);
  if (stage.kind === 'pending') return stage;
  throw new TwoStepError('not_signed_in', stage.kind === 'verified'
    ? 'You are already signed in.'
    : 'Your sign-in has expired. Sign in with your password again.');
}

/**
 * The first request after the password step: decide whether a second factor is needed.
 * A session that needs none is marked verified at once, so later requests cost nothing.
 */
export async function beginSecondStep(ctx: CoreContext, req: Request, user: unknown, userId: string): Promise<'verified' | 'pending'> {
  const snapshot = await readSnapshot(ctx, userId);
  if (!hasActiveSecondFactor(snapshot.enrolment)) {
    req.session.twoStep = { userId, amr: ['pwd'], verifiedAt: null };
    delete req.session.twoStepPending;
    return 'verified';
  }
  const nowMs = ctx.options.now();
  const pending: PendingState = { userId, startedAt: nowMs, snapshot };
  req.session.twoStepPending = pending;
  delete req.session.twoStep;
  ctx.events.emit('challenge.issued', { userId, ip: req.ip, at: nowMs, outcome: 'info' });
  await sendFirstCode(ctx, req, user, pending);
  return 'pending';
}

/**
 * An email/SMS primary method that is the user's only one gets its code at once, as Procare does; an authenticator
 * app is sent nothing. A failed send (cooldown, cap, gateway down) does not stop the
 * challenge: the page offers "Send a new code" and says what went wrong then.
 */
async function sendFirstCode(ctx: CoreContext, req: Request, user: unknown, pending: PendingState): Promise<void> {
  const primary = primaryMethod(pending.snapshot.enrolment);
  if (!primary || !isContactMethod(primary) || !ctx.options.delivery[primary.type]) return;
  // With two places a code could go, the user picks one (Procare: "If you have multiple
  // methods, select the one you want to receive the code on"); sending to the primary
  // anyway would start the resend cooldown against their choice.
  if (confirmedMethods(pending.snapshot.enrolment).filter(isContactMethod).length > 1) return;
  try {
    await sendLoginCode(ctx, { userId: pending.userId, ip: req.ip }, user, pending.snapshot, primary.id);
    pending.sentMethodId = primary.id;
  } catch {
    // Deliberately quiet: the user asks again from the challenge page.
  }
}
