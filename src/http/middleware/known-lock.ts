import type { NextFunction, Request, Response } from 'express';
import { lockedError } from '../../core/attempt-outcome.js';
import type { HttpContext } from '../http-context.js';
import { wantsJson } from '../request/negotiate.js';
import { sendJsonError } from '../respond/send-error.js';
import { currentStage } from '../session/stage.js';

/**
 * `POST /verify` from a pending session that knows its account is locked (`pending.lockedUntil`,
 * see verify-routes), for API clients: answered before the body is read, the CSRF check and the
 * route — refusing must not cost more than the gate's 401 on a page. Browsers fall through to
 * the route, which refuses the same way and shows the challenge page. Refuses only: a session
 * without a known lock, or past its instant, goes on as before.
 */
export function refuseKnownLock(ctx: HttpContext) {
  return function twoStepKnownLock(req: Request, res: Response, next: NextFunction): void {
    if (!wantsJson(req)) return next();
    const stage = currentStage(ctx, req);
    const lockedUntil = stage.kind === 'pending' ? stage.pending.lockedUntil : undefined;
    const nowMs = ctx.options.now();
    if (lockedUntil === undefined || lockedUntil <= nowMs) return next();
    res.set('Cache-Control', 'no-store');
    sendJsonError(res, lockedError(lockedUntil, nowMs));
  };
}
