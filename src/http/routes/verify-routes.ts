import type { Request, Response, Router } from 'express';
import { describeMethod, confirmedMethods, readSnapshot } from '../../core/enrolment-snapshot.js';
import { readLockState } from '../../core/account-status.js';
import { lockedError } from '../../core/attempt-outcome.js';
import { answerChallenge, type AcceptedAnswer } from '../../core/answer-challenge.js';
import { signIn } from '../../core/sign-in.js';
import { sessionHashOf } from '../../core/webauthn-challenge.js';
import { sendLoginCode } from '../../core/login-codes.js';
import { isTwoStepError } from '../../errors.js';
import type { HttpContext } from '../http-context.js';
import { wantsJson } from '../request/negotiate.js';
import { pageLanguage } from '../request/page-language.js';
import { bodyOf, flag, optionalId } from '../request/request-body.js';
import { pageBase } from '../view-models/page-base.js';
import { pageErrorText } from '../view-models/page-error-text.js';
import { sendPage } from '../respond/send-page.js';
import { sendError } from '../respond/send-error.js';
import { currentStage, requirePending, type PendingStage } from '../session/stage.js';
import { pendingSnapshot } from '../session/session-state.js';
import { saveSession, upgradeSession } from '../session/upgrade-session.js';
import { rememberThisDevice } from '../session/remember-device.js';
import { rememberSecondsFor } from '../../core/trusted-device.js';
import { noteCodeSent, noteLockedUntil } from '../session/stage-writes.js';
import { minutesOf } from '../../pages/method-name.js';
import { fill } from '../../pages/texts.js';
import type { VerifyPageData } from '../../pages/types.js';
import { queryParam } from '../request/query-param.js';
import { codeLengthsOf } from '../../core/code-length.js';
import { requestActor } from '../request/request-actor.js';

/** The challenge: the page, and the route that checks a code and upgrades the session. */
export function mountVerifyRoutes(router: Router, ctx: HttpContext): void {
  const { mountPath } = ctx.options;

  /** The challenge page, as it stands for this pending session (what was sent, when to resend). */
  const renderChallenge = async (req: Request, res: Response, stage: PendingStage, extra: Partial<VerifyPageData> = {}, status = 200) => {
    const { pending } = stage;
    const confirmed = confirmedMethods(pendingSnapshot(pending).enrolment);
    const methods = confirmed.map(describeMethod);
    const sentTo = methods.find((m) => m.id === pending.sentMethodId);
    const nowMs = ctx.options.now();
    const resendInSeconds = pending.resendAt !== undefined && pending.resendAt > nowMs ? Math.ceil((pending.resendAt - nowMs) / 1000) : undefined;
    const page = pageBase(ctx, req);
    sendPage(res, ctx.pages.verify({
      ...page,
      methods,
      ...(sentTo ? { selectedMethodId: sentTo.id, notice: fill(pageLanguage(ctx, req).pages.verifySent, { label: sentTo.label, minutes: minutesOf(ctx.options.codes.ttlSeconds) }) } : {}),
      ...(resendInSeconds === undefined ? {} : { resendInSeconds }),
      codeTtlSeconds: ctx.options.codes.ttlSeconds,
      codeDigits: codeLengthsOf(confirmed),
      rememberDays: await rememberDaysFor(stage.user),
      ...(ctx.options.support ? { support: ctx.options.support } : {}),
      ...extra,
    }), status);
  };

  router.get('/verify', async (req: Request, res: Response) => {
    const stage = currentStage(ctx, req);
    if (stage.kind === 'setup') return res.redirect(303, `${mountPath}/setup`);
    if (stage.kind === 'verified') return res.redirect(303, ctx.options.successRedirect);
    if (stage.kind === 'anonymous') return res.redirect(303, ctx.options.loginPath);
    const { lockedUntil } = await readLockState(ctx, stage.userId);
    if (lockedUntil) noteLockedUntil(stage.pending, lockedUntil);
    await renderChallenge(req, res, stage, { lockedUntil, recovery: queryParam(req, 'use') === 'recovery' }, lockedUntil ? 429 : 200);
  });

  router.post('/send', async (req: Request, res: Response) => {
    const stage = requirePending(ctx, req);
    const methodId = optionalId(bodyOf(req), 'method');
    let sent;
    try {
      // The session carries no addresses (see challengeSnapshot): read where to send afresh.
      sent = await sendLoginCode(ctx, requestActor(ctx, req, stage.userId), stage.user, await readSnapshot(ctx, stage.userId), methodId);
    } catch (error) {
      if (wantsJson(req) || !isTwoStepError(error) || error.code === 'not_signed_in' || error.code === 'unavailable') throw error;
      if (error.details.retryAfterSeconds !== undefined) res.set('Retry-After', String(error.details.retryAfterSeconds));
      return await renderChallenge(req, res, stage, {
        ...(methodId ? { selectedMethodId: methodId } : {}),
        notice: undefined,
        error: pageErrorText(pageLanguage(ctx, req).pages, error),
        ...(error.code === 'resend_too_soon' ? { resendInSeconds: error.details.retryAfterSeconds } : {}),
      }, error.status);
    }
    noteCodeSent(stage.pending, sent);
    if (wantsJson(req)) {
      return res.json({
        sent: true,
        method: sent.method.id,
        sentTo: sent.method.label,
        expiresAt: new Date(sent.expiresAt).toISOString(),
        resendAt: new Date(sent.resendAt).toISOString(),
      });
    }
    // Post/redirect/get: reloading the challenge must not send another code.
    await saveSession(req);
    res.redirect(303, `${mountPath}/verify`);
  });

  router.post('/verify', async (req: Request, res: Response) => {
    const stage = requirePending(ctx, req);
    const body = bodyOf(req);
    const knownLock = stage.pending.lockedUntil;
    const nowMs = ctx.options.now();
    if (knownLock !== undefined && knownLock > nowMs) {
      // Under a brute-force flood almost every answer meets a lock: refuse it here, as the
      // store would, before anything is opened, hashed or sent to Redis.
      const locked = lockedError(knownLock, nowMs);
      if (wantsJson(req)) throw locked;
      res.set('Retry-After', String(locked.details.retryAfterSeconds));
      return await renderChallenge(req, res, stage, { error: pageErrorText(pageLanguage(ctx, req).pages, locked), lockedUntil: knownLock, recovery: body.recoveryCode !== undefined }, locked.status);
    }
    // No method named: the one the last code went to, else the primary.
    const methodId = optionalId(body, 'method') ?? stage.pending.sentMethodId;
    const automatic = ctx.options.trustedDevices.automatic;
    // Parsed before any comparison: a malformed flag is a 400 that costs no attempt.
    const remember = flag(body, 'remember') || (automatic?.(stage.user) ?? false);
    const actor = requestActor(ctx, req, stage.userId);
    let accepted: AcceptedAnswer;
    try {
      accepted = await answerChallenge(ctx, {
        actor, user: stage.user, body, enrolment: pendingSnapshot(stage.pending), defaultMethodId: stage.pending.sentMethodId,
        sessionHash: () => sessionHashOf(ctx, req.sessionID),
      });
    } catch (error) {
      // The store said the account is locked (before this answer, or by it): remember until when.
      if (isTwoStepError(error) && typeof error.details.lockedUntil === 'number') noteLockedUntil(stage.pending, error.details.lockedUntil);
      // Answered here, not thrown: a throw walks every later route of the router to reach
      // the error handler, on the path a brute-force flood takes.
      if (wantsJson(req) || !isTwoStepError(error) || !['invalid_code', 'invalid_request', 'locked', 'rate_limited'].includes(error.code)) return sendError(req, res, ctx, error);
      // A browser gets the challenge again, with what went wrong and how many tries are left.
      if (error.details.retryAfterSeconds !== undefined) res.set('Retry-After', String(error.details.retryAfterSeconds));
      return await renderChallenge(req, res, stage, {
        ...(methodId ? { selectedMethodId: methodId } : {}),
        notice: undefined,
        error: pageErrorText(pageLanguage(ctx, req).pages, error),
        ...(error.details.attemptsLeft === undefined ? {} : { attemptsLeft: error.details.attemptsLeft }),
        // The failure that locked the account shows the locked page at once.
        lockedUntil: error.details.lockedUntil ?? null,
        recovery: body.recoveryCode !== undefined,
      }, error.status);
    }

    const redirect = stage.pending.returnTo ?? ctx.options.successRedirect;
    await signIn(ctx, actor, { kind: 'second-factor', factor: accepted.factor, verifiedAt: accepted.verifiedAt, passkey: accepted.passkey }, async (record) => {
      await upgradeSession(req, record);
      req.user = stage.user as Express.User;
    });
    if (remember) await rememberThisDevice(ctx, req, res, stage.userId, stage.user);
    if (wantsJson(req)) {
      return res.json({ verified: true, redirect, ...(accepted.recoveryCodesLeft === undefined ? {} : { recoveryCodesLeft: accepted.recoveryCodesLeft }) });
    }
    res.redirect(303, redirect);
  });

  /** The days the "Remember this device" box offers (0: no box), as the cookie will get them. */
  async function rememberDaysFor(user: unknown): Promise<number> {
    try {
      return Math.round((await rememberSecondsFor(ctx, user)) / 86_400);
    } catch {
      // Settings unreadable: offer no remembering (the answer itself then fails closed with 503).
      return 0;
    }
  }
}
