import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { confirmedMethods, describeMethod } from '../core/enrolment-snapshot.js';
import type { HttpContext } from './http-context.js';
import { wantsJson } from './negotiate.js';
import { sendError } from './respond.js';
import { holdBackUser, safeReturnPath } from './session-state.js';
import { beginSecondStep } from './begin-second-step.js';
import { userIdOf } from './stage.js';
import { saveSession } from './upgrade-session.js';

/**
 * The one line added to a login route, after the first factor's
 * `passport.authenticate(...)`: starts the second step at once. Users who need no second
 * factor continue to the route's own handler.
 */
export function createChallenge(ctx: HttpContext): () => RequestHandler {
  const { mountPath } = ctx.options;
  return function challenge(): RequestHandler {
    return async function twoStepChallenge(req: Request, res: Response, next: NextFunction) {
      const user = req.user;
      if (!user || !req.session) return next();
      holdBackUser(req);
      try {
        const userId = userIdOf(ctx, user);
        const started = await beginSecondStep(ctx, req, res, user, userId);
        if (started === 'verified') {
          req.user = user;
          return next();
        }
        if (started === 'setup') {
          await saveSession(req);
          if (wantsJson(req)) {
            return res.status(401).json({
              error: 'second_factor_required',
              message: 'Your organisation requires two-step verification: set up a method to finish signing in.',
              setupUrl: `${mountPath}/setup`,
            });
          }
          return res.redirect(303, `${mountPath}/setup`);
        }
        const pending = req.session.twoStepPending!;
        pending.returnTo = safeReturnPath(req.query.returnTo) ?? safeReturnPath(req.body?.returnTo);
        await saveSession(req);
        if (wantsJson(req)) {
          return res.status(401).json({
            error: 'second_factor_required',
            message: 'Enter your verification code to finish signing in.',
            methods: confirmedMethods(pending.snapshot.enrolment).map(describeMethod),
            verifyUrl: `${mountPath}/verify`,
          });
        }
        res.redirect(303, `${mountPath}/verify`);
      } catch (error) {
        sendError(req, res, ctx, error);
      }
    };
  };
}
