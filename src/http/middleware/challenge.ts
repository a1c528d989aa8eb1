import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { confirmedMethods, describeMethod } from '../../core/enrolment-snapshot.js';
import type { HttpContext } from '../http-context.js';
import { wantsJson } from '../request/negotiate.js';
import { sendError } from '../respond/send-error.js';
import { holdBackUser, pendingSnapshot } from '../session/session-state.js';
import { safeReturnPath } from '../request/return-destination.js';
import { beginSecondStep } from '../session/begin-second-step.js';
import { userIdOf } from '../session/stage.js';
import { saveSession } from '../session/upgrade-session.js';
import { noteReturnTo } from '../session/stage-writes.js';
import { learnAppRedirect } from '../request/return-destination.js';
import { queryParam } from '../request/query-param.js';

/** Records where the user was going on the state of the step they are in. */
function remember(req: Request, userId: string, returnTo: string | undefined): void {
  const state = req.session?.twoStepPending?.userId === userId ? req.session.twoStepPending : req.session?.twoStepSetup?.userId === userId ? req.session.twoStepSetup : undefined;
  if (state && returnTo !== undefined) noteReturnTo(state, returnTo);
}

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
        // Where the user was going: the login form's `returnTo`, else what the route's own
        // handler picks below; successRedirect only when neither says.
        const bounced = safeReturnPath(queryParam(req, 'returnTo')) ?? safeReturnPath(req.body?.returnTo);
        remember(req, userId, bounced);
        if (wantsJson(req)) {
          await saveSession(req);
          return res.status(401).json(started === 'setup'
            ? {
                error: 'second_factor_required',
                message: 'Your organisation requires two-step verification: set up a method to finish signing in.',
                setupUrl: `${mountPath}/setup`,
              }
            : {
                error: 'second_factor_required',
                message: 'Enter your verification code to finish signing in.',
                methods: confirmedMethods(pendingSnapshot(req.session.twoStepPending!).enrolment).map(describeMethod),
                verifyUrl: `${mountPath}/verify`,
              });
        }
        // A browser: the app's handler runs (without req.user) so that its redirect, the page
        // users who skip the challenge reach, is where this user lands after it too.
        learnAppRedirect(req, res, next, (target) => {
          if (target !== undefined) remember(req, userId, target);
          saveSession(req).then(
            () => res.redirect(303, `${mountPath}/${started === 'setup' ? 'setup' : 'verify'}`),
            (error: unknown) => sendError(req, res, ctx, error),
          );
        });
      } catch (error) {
        sendError(req, res, ctx, error);
      }
    };
  };
}
