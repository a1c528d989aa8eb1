import type { Request, Response } from 'express';
import { lockedError } from '../../core/attempt-outcome.js';
import type { HttpContext } from '../http-context.js';
import { wantsJson } from '../request/negotiate.js';
import { sendJsonError } from '../respond/send-error.js';
import type { PendingState } from '../session/session-state.js';

/**
 * `POST /verify` from a pending session that knows its account is locked (`pending.lockedUntil`,
 * see verify-routes), for API clients: answered by the gate, before the body is read, the CSRF
 * check, the router and the route — under a brute-force flood almost every answer meets a lock,
 * and refusing must not cost more than the gate's 401 on a page. Browsers go on to the route,
 * which refuses the same way and shows the challenge page. Refuses only: a session without a
 * known lock, or past its instant, goes on as before. True when the request was answered.
 */
export function knownLockRefusal(ctx: HttpContext): (req: Request, res: Response, pending: PendingState) => boolean {
  const verifyPath = `${ctx.options.mountPath}/verify`;
  return function refuseKnownLock(req, res, pending) {
    const lockedUntil = pending.lockedUntil;
    if (lockedUntil === undefined || req.method !== 'POST' || req.path !== verifyPath) return false;
    const nowMs = ctx.options.now();
    if (lockedUntil <= nowMs || !wantsJson(req)) return false;
    res.setHeader('Cache-Control', 'no-store');
    sendJsonError(res, lockedError(lockedUntil, nowMs));
    return true;
  };
}
