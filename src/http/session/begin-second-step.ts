import type { Request, Response } from 'express';
import { decideSecondStep } from '../../core/decide-second-step.js';
import { challengeSnapshot, confirmedMethods, hasActiveSecondFactor, readSnapshot } from '../../core/enrolment-snapshot.js';
import { useTrustedDevice } from '../../core/trusted-device.js';
import { TwoStepError } from '../../errors.js';
import { readDeviceCookie, writeDeviceCookie } from '../request/device-cookie.js';
import type { HttpContext } from '../http-context.js';
import { newPendingState } from './session-state.js';
import { policyFor, sendFirstCode } from './stage.js';

export type SecondStepStart = 'verified' | 'pending' | 'setup';

/**
 * The first request after the password step: gathers the inputs (policy, enrolment,
 * `req.ip`, device cookie) and applies the core decision. A session that needs no
 * challenge is marked verified at once, so later requests cost nothing.
 */
export async function beginSecondStep(ctx: HttpContext, req: Request, res: Response, user: unknown, userId: string): Promise<SecondStepStart> {
  const [policy, snapshot, appSaysEnabled] = await Promise.all([
    policyFor(ctx, user, req),
    readSnapshot(ctx, userId),
    appSaysTwoFactorEnabled(ctx, user),
  ]);
  const { enrolment } = snapshot;
  if (snapshot.version === 0 && appSaysEnabled !== false) {
    // The app's own column says this user has 2FA (or could not say), yet the record is
    // gone: data was lost. Refuse rather than read it as "no 2FA".
    ctx.events.emit('enrolment.missing', { userId, ip: req.ip, at: ctx.options.now(), outcome: 'failure' });
    throw new TwoStepError('unavailable', 'Sign-in is temporarily unavailable. Please contact your administrator.');
  }
  // The network check throws on a permissive `trust proxy`: the sign-in fails closed.
  const fromTrustedNetwork = policy === 'error' ? false : await ctx.fromTrustedNetwork(user, req);
  const decision = decideSecondStep({
    policy,
    hasActiveFactor: hasActiveSecondFactor(enrolment),
    hasConfirmedMethod: confirmedMethods(enrolment).length > 0,
    setupRequired: enrolment.setupRequired === true,
    fromTrustedNetwork,
    promptDismissed: enrolment.promptDismissed === true,
  });
  const nowMs = ctx.options.now();
  const session = req.session;
  delete session.twoStepPending;
  delete session.twoStepSetup;
  delete session.twoStep;
  delete session.twoStepPrompt;

  switch (decision.kind) {
    case 'unavailable':
      throw new TwoStepError('unavailable', 'Sign-in is temporarily unavailable. Please try again in a moment.');
    case 'none':
      session.twoStep = { userId, amr: ['pwd'], verifiedAt: null, issuedAt: ctx.revocations.stampFor(userId) };
      // Lives in the session so the gate can show it without a store call.
      if (decision.offerSetup && ctx.options.setupPrompt) session.twoStepPrompt = { userId };
      return 'verified';
    case 'skip':
      session.twoStep = { userId, amr: ['pwd', 'ip'], verifiedAt: null, issuedAt: ctx.revocations.stampFor(userId) };
      ctx.events.emit('verified', { userId, ip: req.ip, at: nowMs, method: 'ip', outcome: 'success', amr: ['pwd', 'ip'] });
      return 'verified';
    case 'setup':
      session.twoStepSetup = { userId, startedAt: ctx.revocations.stampFor(userId) };
      return 'setup';
    case 'device-or-challenge': {
      if (await rememberedDevice(ctx, req, res, userId)) return 'verified';
      break;
    }
    case 'challenge':
      break;
  }
  // Stamped like a verified session, so a revocation in this same millisecond does not end it.
  const pending = newPendingState(userId, ctx.revocations.stampFor(userId), challengeSnapshot(snapshot));
  session.twoStepPending = pending;
  ctx.events.emit('challenge.issued', { userId, ip: req.ip, at: nowMs, outcome: 'info' });
  await sendFirstCode(ctx, req, user, pending, snapshot);
  return 'pending';
}

/** `users.twoFactorEnabled(user)`: false when the app keeps no such column; 'error' when it threw (which refuses). */
async function appSaysTwoFactorEnabled(ctx: HttpContext, user: unknown): Promise<boolean | 'error'> {
  const check = ctx.options.users.twoFactorEnabled;
  if (!check) return false;
  try {
    return (await check(user)) === true;
  } catch (error) {
    console.warn('twostep: users.twoFactorEnabled threw; refusing the sign-in', error);
    return 'error';
  }
}

async function rememberedDevice(ctx: HttpContext, req: Request, res: Response, userId: string): Promise<boolean> {
  const cookie = readDeviceCookie(req);
  if (cookie === undefined) return false;
  let used;
  try {
    used = await useTrustedDevice(ctx, userId, cookie);
  } catch (error) {
    // Fail closed: if the record cannot be read, the user is challenged instead.
    console.warn('twostep: could not check the trusted-device record; challenging instead', error);
    return false;
  }
  if (!used) return false;
  const nowMs = ctx.options.now();
  writeDeviceCookie(req, res, used.value, used.expiresAt, nowMs);
  req.session.twoStep = { userId, amr: ['pwd', 'device'], verifiedAt: null, issuedAt: ctx.revocations.stampFor(userId) };
  ctx.events.emit('verified', { userId, ip: req.ip, at: nowMs, method: 'device', outcome: 'success', amr: ['pwd', 'device'] });
  return true;
}
