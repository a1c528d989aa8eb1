import type { Request } from 'express';
import { confirmedWithin } from '../../core/assurance.js';
import { confirmedMethods, readSnapshot } from '../../core/enrolment-snapshot.js';
import type { HttpContext } from '../http-context.js';
import { TwoStepError } from '../../errors.js';
import type { Stage } from './stage.js';

export interface ReverifyRule {
  /**
   * Adding the first method: the user has no second factor to prove, so the session
   * (password) is enough here; where `users.verifyPassword` is configured the confirm step
   * asks for the password anyway.
   */
  allowWithoutMethods?: boolean;
}

/** Throws `403 reverify_required` unless the session re-verified recently (`confirmedWithin`, core/assurance.ts). */
export async function requireReverified(
  ctx: HttpContext,
  req: Request,
  stage: Extract<Stage, { kind: 'verified' }>,
  rule: ReverifyRule = {},
): Promise<void> {
  const marker = req.session.twoStep ?? stage.marker;
  if (confirmedWithin(marker, ctx.options.now(), ctx.options.reverifySeconds)) return;
  if (rule.allowWithoutMethods) {
    const { enrolment } = await readSnapshot(ctx, stage.userId);
    if (confirmedMethods(enrolment).length === 0) return;
  }
  const withWhat = ctx.options.users.verifyPassword ? 'a verification code, a recovery code or your password' : 'a verification code or a recovery code';
  throw new TwoStepError('reverify_required',
    `For your security, confirm it is you before this change: POST ${ctx.options.mountPath}/reverify with ${withWhat}, then try again.`);
}
