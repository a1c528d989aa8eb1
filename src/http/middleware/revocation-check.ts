/**
 * The gate's revocation check for a verified session, and how a revoked one is answered:
 * its session data is destroyed, pages go to `loginPath`, APIs get
 * `401 {error:'session_revoked'}` (or `session_expired` past `sessionMaxAgeSeconds`).
 */
import type { Request, Response } from 'express';
import { TwoStepError } from '../../errors.js';
import type { Verdict } from '../../revocation/revocation-list.js';
import { sessionKeyOf } from '../../core/revoke-sessions.js';
import type { HttpContext } from '../http-context.js';
import { wantsJson } from '../request/negotiate.js';
import { sendError, sendJsonError } from '../respond/send-error.js';
import type { Assurance } from '../../core/assurance.js';
import { restamp } from '../../core/sign-in.js';

/**
 * The instant revocations compare against: when the session was signed in or last kept
 * through a "sign out other sessions". A marker from before `issuedAt` existed falls back
 * to `verifiedAt`, and one with neither counts as older than any revocation.
 */
export function stampOf(marker: Assurance): number {
  return marker.issuedAt ?? marker.verifiedAt ?? 0;
}

/**
 * True when the request has been answered. Synchronous (no I/O) while the subscription is
 * live; a promise only on the fallback path.
 */
export function refuseRevoked(ctx: HttpContext, req: Request, res: Response, userId: string, marker: Assurance, whenUnavailable: 'refuse' | 'hold' = 'refuse'): boolean | Promise<boolean> {
  const verdict = ctx.revocations.check({ userId, stampMs: stampOf(marker), sessionKey: () => sessionKeyOf(ctx, req.sessionID) });
  if (verdict === 'ok') return false;
  if (typeof verdict === 'string') return answerVerdict(ctx, req, res, userId, marker, verdict);
  return verdict.then(
    (late) => answerVerdict(ctx, req, res, userId, marker, late),
    (error: unknown) => {
      if (whenUnavailable === 'hold') return false;
      // Fail closed: neither the subscription nor the store can vouch for this session.
      sendError(req, res, ctx, error);
      return true;
    },
  );
}

/**
 * A sign-in still waiting for its second factor (or for setup) that began before a
 * revocation ends too: whoever had the old password must start again with the new one.
 */
export function refuseRevokedSignIn(ctx: HttpContext, req: Request, res: Response, userId: string): boolean | Promise<boolean> {
  const { twoStepPending: pending, twoStepSetup: setup } = req.session;
  const startedAt = pending?.userId === userId ? pending.startedAt : setup?.userId === userId ? setup.startedAt : undefined;
  if (startedAt === undefined) return false;
  // Unchecked while Redis is out, the sign-in is still held back, and finishing it needs the
  // store, which fails closed by itself: nothing opens.
  return refuseRevoked(ctx, req, res, userId, { userId, amr: [], verifiedAt: null, issuedAt: startedAt }, 'hold');
}

function answerVerdict(ctx: HttpContext, req: Request, res: Response, userId: string, marker: Assurance, verdict: Verdict): boolean | Promise<boolean> {
  if (verdict === 'ok') return false;
  if (verdict === 'excepted') {
    // The session that asked to sign out the others: stamped after the revocation, once.
    restamp(ctx, marker);
    return false;
  }
  // Signing in again with the old cookie: the login route gets a fresh, empty session.
  if (ctx.options.loginPaths.includes(req.path)) {
    return freshSession(req).then(() => false, () => endSession(ctx, req, res, verdict).then(() => true));
  }
  return endSession(ctx, req, res, verdict).then(() => true);
}

function freshSession(req: Request): Promise<void> {
  req.user = undefined;
  return new Promise((resolve, reject) => req.session.regenerate((error?: unknown) => (error ? reject(error) : resolve())));
}

async function endSession(ctx: HttpContext, req: Request, res: Response, verdict: 'revoked' | 'expired'): Promise<void> {
  req.user = undefined;
  await new Promise<void>((resolve) => {
    req.session.destroy((error?: unknown) => {
      if (error) console.warn('twostep: could not destroy a revoked session; it is refused anyway', error);
      resolve();
    });
  });
  if (wantsJson(req)) {
    return sendJsonError(res, verdict === 'revoked'
      ? new TwoStepError('session_revoked', 'This session was signed out (everywhere). Sign in again.')
      : new TwoStepError('session_expired', 'This session is too old. Sign in again.'));
  }
  res.redirect(303, ctx.options.loginPath);
}
