import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { signIn } from '../../core/sign-in.js';
import { TwoStepConfigError, TwoStepError } from '../../errors.js';
import type { HttpContext } from '../http-context.js';
import { sendError } from '../respond/send-error.js';
import { userIdOf } from '../session/stage.js';
import { saveSession, upgradeSession } from '../session/upgrade-session.js';
import { keepSignedIn } from '../session/stage-writes.js';
import { rememberThisDevice } from '../session/remember-device.js';
import { takeVerifiedAnswer } from './verified-answer.js';
import { requestActor } from '../request/request-actor.js';

/**
 * `twoStep.completeLogin()`: the middleware after `passport.authenticate('twostep')`. It runs
 * only when Passport's login succeeded (Passport calls it through `next`), so this is where
 * the verification is recorded in the (new) session, `verified` fires and the device is
 * remembered. Where the login did not regenerate the session (`session: false`, or a custom
 * callback that only set `req.user`), the session is regenerated here: a privilege change
 * always gets a new session id.
 */
export function createCompleteLogin(ctx: HttpContext): () => RequestHandler {
  return function completeLogin(): RequestHandler {
    return async function twoStepCompleteLogin(req: Request, res: Response, next: NextFunction) {
      try {
        const answer = takeVerifiedAnswer(req);
        if (!answer) {
          throw new TwoStepConfigError("twoStep.completeLogin() goes right after passport.authenticate('twostep') on the same route; nothing was verified on this request.");
        }
        const user = req.user;
        const { userId } = answer;
        if (user === undefined || !req.session || userIdOf(ctx, user) !== userId) {
          throw new TwoStepError('second_factor_required', 'The sign-in did not complete. Please sign in again.');
        }
        // Stamped now, after the login: a revocation before this instant does not end this session.
        await signIn(ctx, requestActor(ctx, req, userId), { kind: 'second-factor', factor: answer.factor, verifiedAt: answer.verifiedAt, passkey: answer.passkey }, async (record) => {
          if (req.sessionID === answer.sessionId) return upgradeSession(req, record);
          keepSignedIn(req, record);
          await saveSession(req);
        });
        if (answer.remember) await rememberThisDevice(ctx, req, res, userId, user);
        // Where the user was going before the challenge, for the app's own redirect.
        res.locals.twoStepRedirect = answer.returnTo ?? ctx.options.successRedirect;
        next();
      } catch (error) {
        sendError(req, res, ctx, error);
      }
    };
  };
}
