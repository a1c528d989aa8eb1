import type { Request, Response, Router } from 'express';
import { describeMethod, confirmedMethods } from '../../core/enrolment-snapshot.js';
import { checkSecondFactorAnswer, readSecondFactorAnswer, type CheckedAnswer } from '../../core/second-factor-answer.js';
import { allowedMethodTypes } from '../../core/allowed-methods.js';
import { sendLoginCode } from '../../core/login-codes.js';
import { trustDevice } from '../../core/trusted-device.js';
import { isTwoStepError } from '../../errors.js';
import type { HttpContext } from '../http-context.js';
import { wantsJson } from '../negotiate.js';
import { deviceLabel, writeDeviceCookie } from '../device-cookie.js';
import { bodyOf, flag, optionalId } from '../request-body.js';
import { currentStage, requirePending } from '../stage.js';
import { upgradeSession } from '../upgrade-session.js';

/** The challenge: the page, and the route that checks a code and upgrades the session. */
export function mountVerifyRoutes(router: Router, ctx: HttpContext): void {
  const { mountPath } = ctx.options;

  router.get('/verify', async (req: Request, res: Response) => {
    const stage = currentStage(ctx, req);
    if (stage.kind === 'setup') return res.redirect(303, `${mountPath}/setup`);
    if (stage.kind === 'verified') return res.redirect(303, ctx.options.successRedirect);
    if (stage.kind === 'anonymous') return res.redirect(303, ctx.options.loginPath);
    const { enrolment } = stage.pending.snapshot;
    const { lockedUntil } = await ctx.store.getLockState(stage.userId, ctx.options.now());
    const sentTo = confirmedMethods(stage.pending.snapshot.enrolment).find((m) => m.id === stage.pending.sentMethodId);
    res.status(lockedUntil ? 429 : 200).type('html').send(ctx.pages.verify({
      mountPath,
      methods: confirmedMethods(enrolment).map(describeMethod),
      lockedUntil,
      ...(sentTo ? { selectedMethodId: sentTo.id, notice: `We sent a code to ${sentTo.label}.` } : {}),
      rememberDays,
    }));
  });

  router.post('/send', async (req: Request, res: Response) => {
    const stage = requirePending(ctx, req);
    const methodId = optionalId(bodyOf(req), 'method');
    const methods = confirmedMethods(stage.pending.snapshot.enrolment).map(describeMethod);
    let sent;
    try {
      sent = await sendLoginCode(ctx, { userId: stage.userId, ip: req.ip }, stage.user, stage.pending.snapshot, methodId);
    } catch (error) {
      if (wantsJson(req) || !isTwoStepError(error) || error.code === 'not_signed_in') throw error;
      if (error.details.retryAfterSeconds !== undefined) res.set('Retry-After', String(error.details.retryAfterSeconds));
      return res.status(error.status).type('html').send(ctx.pages.verify({ mountPath, methods, selectedMethodId: methodId, error: error.message }));
    }
    stage.pending.sentMethodId = sent.method.id;
    if (wantsJson(req)) {
      return res.json({
        sent: true,
        method: sent.method.id,
        sentTo: sent.method.label,
        expiresAt: new Date(sent.expiresAt).toISOString(),
        resendAt: new Date(sent.resendAt).toISOString(),
      });
    }
    res.type('html').send(ctx.pages.verify({ mountPath, methods, selectedMethodId: sent.method.id, notice: `We sent a code to ${sent.method.label}.` }));
  });

  router.post('/verify', async (req: Request, res: Response) => {
    const stage = requirePending(ctx, req);
    const body = bodyOf(req);
    // No method named: the one the last code went to, else the primary.
    const methodId = optionalId(body, 'method') ?? stage.pending.sentMethodId;
    const automatic = ctx.options.trustedDevices.automatic;
    // Parsed before any comparison: a malformed flag is a 400 that costs no attempt.
    const remember = flag(body, 'remember') || (automatic?.(stage.user) ?? false);
    const actor = { userId: stage.userId, ip: req.ip };
    let verified: CheckedAnswer;
    try {
      const allowedTypes = await allowedMethodTypes(ctx, stage.user);
      const answer = readSecondFactorAnswer(body, methodId);
      verified = await checkSecondFactorAnswer(ctx, actor, stage.pending.snapshot, answer.kind === 'code' ? { ...answer, allowedTypes } : answer);
    } catch (error) {
      if (wantsJson(req) || !isTwoStepError(error) || !['invalid_code', 'invalid_request', 'locked'].includes(error.code)) throw error;
      // A browser gets the challenge again, with what went wrong and how many tries are left.
      return res.status(error.status).type('html').send(ctx.pages.verify({
        mountPath,
        methods: confirmedMethods(stage.pending.snapshot.enrolment).map(describeMethod),
        selectedMethodId: methodId,
        error: error.message,
        attemptsLeft: error.details.attemptsLeft,
        lockedUntil: error.code === 'locked' ? error.details.lockedUntil : null,
        rememberDays,
      }));
    }

    const nowMs = ctx.options.now();
    const amr = ['pwd', verified.factor];
    const redirect = stage.pending.returnTo ?? ctx.options.successRedirect;
    await upgradeSession(req, { userId: stage.userId, amr, verifiedAt: nowMs });
    req.user = stage.user as Express.User;
    ctx.events.emit('verified', { userId: stage.userId, ip: req.ip, at: nowMs, method: verified.factor, outcome: 'success', amr });
    if (remember) await rememberThisDevice(ctx, req, res, stage.userId);
    if (wantsJson(req)) {
      return res.json({ verified: true, redirect, ...(verified.recoveryCodesLeft === undefined ? {} : { recoveryCodesLeft: verified.recoveryCodesLeft }) });
    }
    res.redirect(303, redirect);
  });

  const rememberDays = Math.round(ctx.options.trustedDevices.maxAgeSeconds / 86_400);
}

/** The session is already upgraded: failing to remember the browser must not undo the sign-in. */
export async function rememberThisDevice(ctx: HttpContext, req: Request, res: Response, userId: string): Promise<void> {
  try {
    const cookie = await trustDevice(ctx, { userId, ip: req.ip }, deviceLabel(req));
    writeDeviceCookie(req, res, cookie.value, cookie.expiresAt, ctx.options.now());
  } catch (error) {
    console.warn('twostep: could not remember this device; the user will be asked for a code next time', error);
  }
}
