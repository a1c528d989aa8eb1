import type { Request } from 'express';
import { confirmedMethods, readSnapshot } from '../core/enrolment-snapshot.js';
import type { CoreContext } from '../core/context.js';
import { TwoStepError } from '../errors.js';
import type { VerifiedMarker } from './session-state.js';
import type { Stage } from './stage.js';

/** Sign-ins that prove possession of a factor now; a trusted device or network proves nothing about the person. */
const REAL_FACTORS = new Set(['totp', 'email', 'sms', 'recovery', 'hwk']);

/**
 * Recent enough for a sensitive change: a real second factor at sign-in within
 * `reverifySeconds`, or an explicit re-verification (code, recovery code or password)
 * within it. Plain values only, no store call.
 */
export function recentlyVerified(marker: VerifiedMarker, nowMs: number, reverifySeconds: number): boolean {
  const since = nowMs - reverifySeconds * 1000;
  if (marker.reverifiedAt !== undefined && marker.reverifiedAt >= since && marker.reverifiedAt <= nowMs) return true;
  if (marker.verifiedAt === null || marker.verifiedAt < since || marker.verifiedAt > nowMs) return false;
  return marker.amr.some((factor) => REAL_FACTORS.has(factor));
}

export interface ReverifyRule {
  /**
   * Adding the first method: the user has no second factor to prove, so the session
   * (password) is enough here; where `users.verifyPassword` is configured the confirm step
   * asks for the password anyway.
   */
  allowWithoutMethods?: boolean;
}

/** Throws `403 reverify_required` unless the session re-verified recently (see `recentlyVerified`). */
export async function requireReverified(
  ctx: CoreContext,
  req: Request,
  stage: Extract<Stage, { kind: 'verified' }>,
  rule: ReverifyRule = {},
): Promise<void> {
  const marker = req.session.twoStep ?? stage.marker;
  if (recentlyVerified(marker, ctx.options.now(), ctx.options.reverifySeconds)) return;
  if (rule.allowWithoutMethods) {
    const { enrolment } = await readSnapshot(ctx, stage.userId);
    if (confirmedMethods(enrolment).length === 0) return;
  }
  const withWhat = ctx.options.users.verifyPassword ? 'a verification code, a recovery code or your password' : 'a verification code or a recovery code';
  throw new TwoStepError('reverify_required',
    `For your security, confirm it is you before this change: POST ${ctx.options.mountPath}/reverify with ${withWhat}, then try again.`);
}
