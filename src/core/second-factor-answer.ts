import { TwoStepError } from '../errors.js';
import { parseNumericCode, parseRecoveryCode } from '../methods/code-format.js';
import type { MethodType } from '../store/types.js';
import type { Actor, CoreContext } from './context.js';
import type { ChallengeSnapshot } from './enrolment-snapshot.js';
import { spendRecoveryCode } from './recovery-codes.js';
import { verifySignInCode } from './verify-second-factor.js';

/** What a user answered a challenge with, parsed strictly before anything is compared or counted. */
export type SecondFactorAnswer =
  | { kind: 'code'; code: string; methodId?: string; allowedTypes?: readonly MethodType[] }
  | { kind: 'recovery'; recoveryCode: string };

/**
 * `{code, method?}` or `{recoveryCode}`; both at once is ambiguous and refused, so a
 * client bug cannot spend a recovery code when it meant to send an app code.
 */
export function readSecondFactorAnswer(body: Record<string, unknown>, methodId: string | undefined): SecondFactorAnswer {
  const hasRecovery = body.recoveryCode !== undefined && body.recoveryCode !== '';
  if (hasRecovery) {
    if (body.code !== undefined && body.code !== '') {
      throw new TwoStepError('invalid_request', 'Send either `code` or `recoveryCode`, not both.');
    }
    return { kind: 'recovery', recoveryCode: parseRecoveryCode(body.recoveryCode) };
  }
  const code = parseNumericCode(body.code);
  return methodId === undefined ? { kind: 'code', code } : { kind: 'code', code, methodId };
}

export interface CheckedAnswer {
  /** The `amr` entry the session records: the method type, or 'recovery'. */
  factor: MethodType | 'recovery';
  /** Recovery codes left, when a recovery code was spent. */
  recoveryCodesLeft?: number;
}

/** Verifies an answer: one store round trip either way, under the same lockout. */
export async function checkSecondFactorAnswer(
  ctx: CoreContext,
  actor: Actor,
  snapshot: ChallengeSnapshot,
  answer: SecondFactorAnswer,
): Promise<CheckedAnswer> {
  if (answer.kind === 'recovery') {
    const { remaining } = await spendRecoveryCode(ctx, actor, answer.recoveryCode);
    return { factor: 'recovery', recoveryCodesLeft: remaining };
  }
  const verified = await verifySignInCode(ctx, actor, snapshot, answer);
  return { factor: verified.method.type };
}
