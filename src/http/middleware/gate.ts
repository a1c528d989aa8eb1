import type { NextFunction, Request, Response } from 'express';
import type { HttpContext } from '../http-context.js';
import { TwoStepError } from '../../errors.js';
import { beginSecondStep } from '../session/begin-second-step.js';
import { isPageNavigation, wantsJson } from '../request/negotiate.js';
import { assertSafeTrustProxy } from '../request/network-skip.js';
import { sendError } from '../respond/send-error.js';
import { userIdOf } from '../session/stage.js';
import { holdBackUser } from '../session/session-state.js';
import { dropSetupPrompt, endHalfSignIn, noteReturnTo } from '../session/stage-writes.js';
import { safeReturnPath } from '../request/return-destination.js';
import { halfSignInEnded } from '../../core/sign-in-lifetime.js';
import { assuranceHolds } from '../../core/assurance.js';
import { isSignInRoute } from './sign-in-routes.js';
import { redirectAfterSave } from '../session/redirect-after-save.js';
import { refuseRevoked, refuseRevokedSignIn } from './revocation-check.js';
import { knownLockRefusal } from './known-lock.js';

function isUnder(mountPath: string, path: string): boolean {
  return path === mountPath || path.startsWith(`${mountPath}/`);
}

/**
 * Runs after `passport.session()` on every request. A verified session passes with no
 * store call at all. A session that passed only the password — whichever route logged
 * it in — is held back: `req.user` is unset, pages redirect to the challenge (or to setup
 * when the policy requires a method the user lacks), APIs get 401.
 */
export function createGate(ctx: HttpContext): (req: Request, res: Response, next: NextFunction) => void | Promise<void> {
  const { mountPath } = ctx.options;
  // Express exposes `trust proxy` only through a request: check each app on its first one.
  const safeApps = new WeakSet<object>();
  const refuseKnownLock = knownLockRefusal(ctx);
  /** Whatever the app's callbacks threw (users.id, policy, a store): the user stays held back and the request is answered. */
  function refuse(req: Request, res: Response, error: unknown): void {
    req.user = undefined;
    sendError(req, res, ctx, error);
  }

  /** The verified path's last step: the setup offer once, else on to the app. */
  function pass(req: Request, res: Response, next: NextFunction, userId: string): void {
    if (req.session.twoStepPrompt !== undefined && showSetupPrompt(req, res, userId)) return;
    next();
  }

  // Synchronous on the verified path (every signed-in request): no promise, no store call
  // while the revocation feed is live.
  return function twoStepGate(req: Request, res: Response, next: NextFunction): void | Promise<void> {
    let userId: string;
    try {
      if (!safeApps.has(req.app)) {
        assertSafeTrustProxy(ctx, req);
        safeApps.add(req.app);
      }
      if (!req.user || !req.session) return next();
      userId = userIdOf(ctx, req.user);
      const marker = req.session.twoStep;
      if (assuranceHolds(marker, userId)) {
        // Signed out everywhere? In memory, no I/O, while the revocation feed is live.
        const refused = refuseRevoked(ctx, req, res, userId, marker);
        if (refused === true) return;
        if (refused === false) return pass(req, res, next, userId);
        return refused.then((answered) => (answered ? undefined : pass(req, res, next, userId)), (error: unknown) => refuse(req, res, error));
      }
    } catch (error) {
      return refuse(req, res, error);
    }
    return holdBack(req, res, next, req.user, userId).catch((error: unknown) => refuse(req, res, error));
  };

  async function holdBack(req: Request, res: Response, next: NextFunction, user: Express.User, userId: string): Promise<void> {
    holdBackUser(req);
    const refusedSignIn = refuseRevokedSignIn(ctx, req, res, userId);
    if (refusedSignIn === true || (refusedSignIn !== false && (await refusedSignIn))) return;
    const pending = req.session.twoStepPending;
    const setup = req.session.twoStepSetup;
    const halfway = pending?.userId === userId ? pending : setup?.userId === userId ? setup : undefined;
    if (halfway && halfSignInEnded(halfway, ctx.options.now(), ctx.options)) {
      endHalfSignIn(req);
      // The challenge and setup pages (and their JSON routes) say why; anywhere else the
      // visitor is simply signed out, so signing in again works at the first try.
      if (!isUnder(mountPath, req.path)) return next();
      return sendError(req, res, ctx, new TwoStepError('sign_in_expired',
        'Your sign-in has expired: it was not finished in time. Sign in with your password again.'));
    }
    if (pending?.userId === userId && refuseKnownLock(req, res, pending)) return;
    // Whether this request wrote the half sign-in: then the redirect waits for the session's save.
    let wrote = false;
    if (pending?.userId !== userId && setup?.userId !== userId) {
      wrote = true;
      // A throw here fails closed: the user stays held back and the request is refused.
      if ((await beginSecondStep(ctx, req, res, user, userId)) === 'verified') {
        req.user = user;
        if (req.session.twoStepPrompt !== undefined && showSetupPrompt(req, res, userId)) return;
        return next();
      }
    }
    if (isUnder(mountPath, req.path) || isSignInRoute(ctx.options, req)) return next();
    const inSetup = req.session.twoStepSetup?.userId === userId;
    if (wantsJson(req)) {
      return sendError(req, res, ctx, new TwoStepError('second_factor_required', inSetup
        ? 'Your organisation requires two-step verification: set up a method to finish signing in.'
        : 'Enter your verification code to finish signing in.'));
    }
    // The page they were opening is where they land once verified (or set up).
    const state = req.session.twoStepPending ?? req.session.twoStepSetup;
    if (state && state.returnTo === undefined && req.method === 'GET') {
      noteReturnTo(state, safeReturnPath(req.originalUrl));
      wrote = true;
    }
    const location = `${mountPath}/${inSetup ? 'setup' : 'verify'}`;
    if (wrote) return redirectAfterSave(req, res, location);
    res.redirect(303, location);
  }

  /**
   * The setup offer, once: the first page a verified optional user opens after signing in
   * goes to the prompt instead. The flag lives in the session (no store call) and is cleared
   * here, so the next page opens normally.
   */
  function showSetupPrompt(req: Request, res: Response, userId: string): boolean {
    if (req.session.twoStepPrompt?.userId !== userId) {
      dropSetupPrompt(req);
      return false;
    }
    if (isUnder(mountPath, req.path) || !isPageNavigation(req)) return false;
    dropSetupPrompt(req);
    const returnTo = safeReturnPath(req.originalUrl);
    // The offer is shown once: dropped from the saved session before the browser comes back.
    redirectAfterSave(req, res, `${mountPath}/prompt${returnTo === undefined ? '' : `?returnTo=${encodeURIComponent(returnTo)}`}`)
      .catch((error: unknown) => refuse(req, res, error));
    return true;
  }
}
