import type { Request, Response } from 'express';
import { decideSecondStep } from '../../core/decide-second-step.js';
import { challengeSnapshot, confirmedMethods, hasActiveSecondFactor, primaryMethod, readSnapshot, type ChallengeSnapshot } from '../../core/enrolment-snapshot.js';
import { isContactMethod, sendLoginCode } from '../../core/login-codes.js';
import { signIn } from '../../core/sign-in.js';
import { useTrustedDevice } from '../../core/trusted-device.js';
import { TwoStepError } from '../../errors.js';
import { readDeviceCookie, writeDeviceCookie } from '../request/device-cookie.js';
import type { HttpContext } from '../http-context.js';
import { newPendingState, type PendingState } from './session-state.js';
import { policyAnswer } from './stage.js';
import { graceDeadline } from '../../core/organisation-rules.js';
import { noteRequiredSince } from '../../core/setup-prompt.js';
import { clearSecondStep, keepSignedIn, noteCodeSent, offerSetupPrompt, startPending, startSetup } from './stage-writes.js';
import { requestActor } from '../request/request-actor.js';

export type SecondStepStart = 'verified' | 'pending' | 'setup';

/**
 * The first request after the password step: gathers the inputs (policy, enrolment,
 * `req.ip`, device cookie) and applies the core decision. A session that needs no
 * challenge is marked verified at once, so later requests cost nothing.
 */
export async function beginSecondStep(ctx: HttpContext, req: Request, res: Response, user: unknown, userId: string): Promise<SecondStepStart> {
  const [answer, snapshot, appSaysEnabled] = await Promise.all([
    policyAnswer(ctx, user, req),
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
  const { rules } = answer;
  let policy = answer.level;
  // A user an organisation newly requires may put setup off until its grace period ends.
  const setupDeadline = graceDeadline(rules, answer.code, enrolment, ctx.options.now());
  if (setupDeadline !== null) {
    if (enrolment.requiredSince === undefined) await noteRequiredSince(ctx, userId);
    policy = 'optional';
  }
  // The network check throws on a permissive `trust proxy`: the sign-in fails closed.
  const fromTrustedNetwork = policy === 'error' ? false : await ctx.fromTrustedNetwork(user, req, rules.networkLists);
  const decision = decideSecondStep({
    policy,
    hasActiveFactor: hasActiveSecondFactor(enrolment),
    hasConfirmedMethod: confirmedMethods(enrolment).length > 0,
    setupRequired: enrolment.setupRequired === true,
    fromTrustedNetwork,
    promptDismissed: enrolment.promptDismissed === true,
  });
  const nowMs = ctx.options.now();
  const actor = requestActor(ctx, req, userId);
  // Kept by the session's own save at the end of the response.
  const keep = (record: Parameters<typeof keepSignedIn>[1]) => keepSignedIn(req, record);
  clearSecondStep(req);

  switch (decision.kind) {
    case 'unavailable':
      throw new TwoStepError('unavailable', 'Sign-in is temporarily unavailable. Please try again in a moment.');
    case 'none':
      await signIn(ctx, actor, { kind: 'password-only' }, keep);
      // During a grace period the prompt (with the deadline) is shown every sign-in.
      if (setupDeadline !== null || (decision.offerSetup && ctx.options.setupPrompt)) offerSetupPrompt(req, userId);
      return 'verified';
    case 'skip':
      await signIn(ctx, actor, { kind: 'trusted-network' }, keep);
      return 'verified';
    case 'setup':
      startSetup(req, { userId, startedAt: ctx.revocations.stampFor(userId) });
      return 'setup';
    case 'device-or-challenge': {
      if (rules.trustedDeviceDays !== 0 && await rememberedDevice(ctx, req, res, userId, rules.trustedDeviceDays)) return 'verified';
      break;
    }
    case 'challenge':
      break;
  }
  // Stamped like a verified session, so a revocation in this same millisecond does not end it.
  const pending = newPendingState(userId, ctx.revocations.stampFor(userId), challengeSnapshot(snapshot));
  startPending(req, pending);
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

/** `orgDays`: an organisation's `trustedDeviceDays` (a browser remembered longer ago is asked again); null when none has a say. */
async function rememberedDevice(ctx: HttpContext, req: Request, res: Response, userId: string, orgDays: number | null): Promise<boolean> {
  const cookie = readDeviceCookie(req);
  if (cookie === undefined) return false;
  let used;
  try {
    used = await useTrustedDevice(ctx, userId, cookie, orgDays === null ? undefined : orgDays * 86_400_000);
  } catch (error) {
    // Fail closed: if the record cannot be read, the user is challenged instead.
    console.warn('twostep: could not check the trusted-device record; challenging instead', error);
    return false;
  }
  if (!used) return false;
  writeDeviceCookie(req, res, used.value, used.expiresAt, ctx.options.now());
  await signIn(ctx, requestActor(ctx, req, userId), { kind: 'trusted-device' }, (record) => keepSignedIn(req, record));
  return true;
}

/**
 * `snapshot` is the full one read at sign-in (with addresses).
 * An email/SMS primary method that is the user's only one gets its code at once, as Procare does; an authenticator
 * app is sent nothing. A failed send (cooldown, cap, gateway down) does not stop the
 * challenge: the page offers "Send a new code" and says what went wrong then.
 */
async function sendFirstCode(ctx: HttpContext, req: Request, user: unknown, pending: PendingState, snapshot: ChallengeSnapshot): Promise<void> {
  const primary = primaryMethod(snapshot.enrolment);
  if (!primary || !isContactMethod(primary) || !ctx.options.delivery[primary.type]) return;
  // With two places a code could go, the user picks one (Procare: "If you have multiple
  // methods, select the one you want to receive the code on"); sending to the primary
  // anyway would start the resend cooldown against their choice.
  if (confirmedMethods(snapshot.enrolment).filter(isContactMethod).length > 1) return;
  try {
    const sent = await sendLoginCode(ctx, requestActor(ctx, req, pending.userId), user, snapshot, primary.id);
    noteCodeSent(pending, sent);
  } catch {
    // Deliberately quiet: the user asks again from the challenge page.
  }
}
