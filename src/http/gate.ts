import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { HttpContext } from './http-context.js';
import { TwoStepError } from '../errors.js';
import { wantsJson } from './negotiate.js';
import { sendError } from './respond.js';
import { beginSecondStep, userIdOf } from './stage.js';
import { holdBackUser, safeReturnPath } from './session-state.js';

function isUnder(mountPath: string, path: string): boolean {
  return path === mountPath || path.startsWith(`${mountPath}/`);
}

/**
 * Runs after `passport.session()` on every request. A verified session passes with no
 * store call at all. A session that passed only the password — whichever route logged
 * it in — is held back: `req.user` is unset, pages redirect to the challenge, APIs get 401.
 */
export function createGate(ctx: HttpContext): RequestHandler {
  const { mountPath } = ctx.options;
  return async function twoStepGate(req: Request, res: Response, next: NextFunction) {
    const user = req.user;
    if (!user || !req.session) return next();
    const userId = userIdOf(ctx, user);
    const marker = req.session.twoStep;
    if (marker && marker.userId === userId) return next();

    holdBackUser(req);
    const pending = req.session.twoStepPending;
    if (!pending || pending.userId !== userId) {
      try {
        if ((await beginSecondStep(ctx, req, user, userId)) === 'verified') {
          req.user = user;
          return next();
        }
      } catch (error) {
        // Fail closed: the user stays held back and the request is refused.
        return sendError(req, res, ctx, error);
      }
    }
    if (isUnder(mountPath, req.path)) return next();
    if (wantsJson(req)) {
      return sendError(req, res, ctx, new TwoStepError('second_factor_required', 'Enter your verification code to finish signing in.'));
    }
    const state = req.session.twoStepPending;
    if (state && state.returnTo === undefined && req.method === 'GET') {
      state.returnTo = safeReturnPath(req.originalUrl);
    }
    res.redirect(303, `${mountPath}/verify`);
  };
}
