import type { Request } from 'express';
import CustomStrategy from 'passport-custom';
import { allowedMethodTypes } from '../core/allowed-methods.js';
import { amrOf, checkSecondFactorAnswer, readSecondFactorAnswer } from '../core/second-factor-answer.js';
import { sessionHashOf } from '../core/webauthn-challenge.js';
import { isTwoStepError } from '../errors.js';
import type { HttpContext } from './http-context.js';
import { bodyOf, flag, optionalId } from './request-body.js';
import { rememberThisDevice } from './routes/verify-routes.js';
import { currentStage } from './stage.js';
import type { VerifiedMarker } from './session-state.js';
import { saveSession } from './upgrade-session.js';

type LogIn = (user: Express.User, optionsOrDone: unknown, maybeDone?: (error?: unknown) => void) => void;

/**
 * Passport's `logIn` regenerates the session and keeps nothing of the old one. Wrap it
 * for this one request so the verification is recorded in the new session — after the
 * regeneration, so the new session id carries the upgrade.
 */
function recordOnLogIn(req: Request, marker: VerifiedMarker): void {
  const original = req.logIn as unknown as LogIn;
  const wrapped: LogIn = function (this: Request, user, optionsOrDone, maybeDone) {
    const done = (typeof optionsOrDone === 'function' ? optionsOrDone : maybeDone) as (error?: unknown) => void;
    const options = typeof optionsOrDone === 'function' ? {} : optionsOrDone;
    original.call(req, user, options, (error?: unknown) => {
      req.login = req.logIn = original as unknown as Request['logIn'];
      if (error) return done(error);
      if (!req.session) return done();
      req.session.twoStep = marker;
      delete req.session.twoStepPending;
      saveSession(req).then(() => done(), done);
    });
  };
  req.login = req.logIn = wrapped as unknown as Request['logIn'];
}

/**
 * The Passport strategy `twostep`: `passport.authenticate('twostep')` on a route that
 * receives `{code, method?}` or `{recoveryCode}` from a pending session. A wrong code is a `fail`, not an
 * error; only an outage (the store) is an `error`.
 */
export function createStrategy(ctx: HttpContext): CustomStrategy {
  const strategy = new CustomStrategy(async (req: Request, done) => {
    const stage = currentStage(ctx, req);
    if (stage.kind !== 'pending') return done(null, false, { message: 'Sign in with your password first.' });
    try {
      const body = bodyOf(req);
      const remember = flag(body, 'remember') || (ctx.options.trustedDevices.automatic?.(stage.user) ?? false);
      const answer = readSecondFactorAnswer(body, optionalId(body, 'method') ?? stage.pending.sentMethodId);
      const allowedTypes = await allowedMethodTypes(ctx, stage.user);
      const verified = await checkSecondFactorAnswer(ctx, { userId: stage.userId, ip: req.ip }, stage.pending.snapshot,
        answer.kind !== 'recovery' ? { ...answer, allowedTypes } : answer, { sessionHash: sessionHashOf(ctx, req.sessionID) });
      const nowMs = ctx.options.now();
      const amr = ['pwd', amrOf(verified.factor)];
      recordOnLogIn(req, { userId: stage.userId, amr, verifiedAt: nowMs, issuedAt: ctx.revocations.stampFor(stage.userId) });
      ctx.events.emit('verified', { userId: stage.userId, ip: req.ip, at: nowMs, method: verified.factor, outcome: 'success', amr });
      if (remember && req.res) await rememberThisDevice(ctx, req, req.res, stage.userId);
      done(null, stage.user, { amr });
    } catch (error) {
      if (isTwoStepError(error) && error.status < 500) {
        return done(null, false, { message: error.message, code: error.code, ...error.details });
      }
      done(error);
    }
  });
  (strategy as { name: string }).name = 'twostep';
  return strategy;
}
