/**
 * Every change made through the admin router needs a recent real second factor (step-up):
 * a code, a recovery code or a passkey within `reverifySeconds` — at sign-in or through
 * `{mountPath}/reverify`. A session let in by the office network or a remembered browser, or
 * confirmed only with the password, does not count: whoever sits at an unlocked computer in
 * the practice must not be able to switch two-step verification off for everybody.
 */
import type { Request, Response } from 'express';
import { realFactorWithin } from '../../core/assurance.js';
import { TwoStepError } from '../../errors.js';
import type { HttpContext } from '../http-context.js';
import { wantsJson } from '../request/negotiate.js';
import { sendJsonError } from '../respond/send-error.js';
import { requireVerified } from '../session/stage.js';

/**
 * True when the session may make the change. Otherwise answers (JSON `403
 * reverify_required` with `reverifyUrl`; a browser is sent to re-verify and brought back to
 * `backTo`, the admin page the form was on) and returns false; nothing is changed.
 * `beforeLeaving` runs just before a browser is sent away, while the session can still be
 * written (it is saved as the answer ends).
 */
export function recentFactorOrAnswer(ctx: HttpContext, req: Request, res: Response, backTo: string, beforeLeaving?: () => void): boolean {
  const stage = requireVerified(ctx, req);
  const { reverifySeconds, mountPath } = ctx.options;
  if (realFactorWithin(stage.marker, ctx.options.now(), reverifySeconds)) return true;
  // `secondFactor=1`: the page leaves out the password, which would not be enough here.
  const reverifyUrl = `${mountPath}/reverify?secondFactor=1`;
  if (wantsJson(req)) {
    const error = new TwoStepError('reverify_required',
      `For your security, confirm it is you with a verification code before this change: POST ${mountPath}/reverify with a code or a recovery code, then try again.`);
    sendJsonError(res, error, { reverifyUrl });
    return false;
  }
  beforeLeaving?.();
  res.redirect(303, `${reverifyUrl}&returnTo=${encodeURIComponent(backTo)}`);
  return false;
}
