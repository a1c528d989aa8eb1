/**
 * Every write to the session's second-step state, in one file: the signed-in record, the
 * pending and setup states, the setup prompt, and what a pending session learns on the way
 * (where the code went, the lock, where the user was going). `stage.ts` only reads them, so
 * what a stage means is decided by the reader and what it holds by this file alone.
 */
import type { Request } from 'express';
import type { Assurance } from '../../core/assurance.js';
import type { SentCode } from '../../core/one-time-codes.js';
import { randomToken } from '../../crypto/random.js';
import { forgetHeldUser, type PendingState, type SetupState } from './session-state.js';

/** The record `core/sign-in.ts` built: the half-sign-in states go, the record stays. */
export function keepSignedIn(req: Request, record: Assurance): void {
  const session = req.session;
  delete session.twoStepPending;
  delete session.twoStepSetup;
  session.twoStep = record;
}

/**
 * Ends a sign-in that was not finished in time: the second-step state and Passport's
 * login go, so the next request is anonymous and must give the password again.
 */
export function endHalfSignIn(req: Request): void {
  const session = req.session;
  delete session.twoStepPending;
  delete session.twoStepSetup;
  delete session.twoStepPrompt;
  delete session.twoStepSetupKey;
  delete session.passport;
  forgetHeldUser(req);
}

/** A new sign-in starts from nothing: no earlier record, state or offer survives it. */
export function clearSecondStep(req: Request): void {
  const session = req.session;
  delete session.twoStepPending;
  delete session.twoStepSetup;
  delete session.twoStep;
  delete session.twoStepPrompt;
  delete session.twoStepSetupKey;
}

export function startPending(req: Request, pending: PendingState): void {
  req.session.twoStepPending = pending;
}

/**
 * The key this session's setups are bound to (`core/setup-owner.ts`), made on its first
 * setup and kept for the next ones, so a session with an authenticator app and an email
 * setup open in two tabs owns both. 128 random bits: it is never shown, only hashed.
 */
export function setupKeyForNewSetup(req: Request): string {
  return (req.session.twoStepSetupKey ??= randomToken(16));
}

export function startSetup(req: Request, setup: SetupState): void {
  req.session.twoStepSetup = setup;
}

/** Lives in the session so the gate can show the offer without a store call. */
export function offerSetupPrompt(req: Request, userId: string): void {
  req.session.twoStepPrompt = { userId };
}

export function dropSetupPrompt(req: Request): void {
  delete req.session.twoStepPrompt;
}

/**
 * A code went out: the email/SMS method it went to (the default for verifying), when another
 * may be sent, and when the latest code expires — the pending sign-in lives at least that long
 * (`core/sign-in-lifetime.ts`). A new code never shortens it: earlier codes stay valid.
 */
export function noteCodeSent(pending: PendingState, sent: SentCode & { method: { id: string } }): void {
  pending.sentMethodId = sent.method.id;
  pending.resendAt = sent.resendAt;
  pending.codesExpireAt = Math.max(pending.codesExpireAt ?? 0, sent.expiresAt);
}

/** The lock as the store reported it: until then this session refuses answers by itself. */
export function noteLockedUntil(pending: PendingState, lockedUntil: number): void {
  pending.lockedUntil = lockedUntil;
}

/** Where the user was going, for after the second step. */
export function noteReturnTo(state: PendingState | SetupState, returnTo: string | undefined): void {
  state.returnTo = returnTo;
}
