import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { TwoStepError } from '../errors.js';
import { parseAuthenticationResponse } from '../methods/webauthn-response.js';
import { parseNumericCode, parseRecoveryCode } from '../methods/code-format.js';
import type { MethodType } from '../enrolments/records.js';
import type { PasskeyFacts } from './assurance.js';
import type { Actor, CoreContext } from './context.js';
import type { ChallengeSnapshot } from './enrolment-snapshot.js';
import { spendRecoveryCode } from './recovery-codes.js';
import { verifySignInCode } from './verify-second-factor.js';
import { assertMethodAllowed } from './allowed-methods.js';
import { unitOf } from '../methods/method-units.js';
import { CODE_LENGTHS } from './code-length.js';
import { AUTHENTICATE_PURPOSE, checkAssertion } from './webauthn-assertion.js';

/** What a user answered a challenge with, parsed strictly before anything is compared or counted. */
export type SecondFactorAnswer =
  | { kind: 'code'; code: string; methodId?: string; allowedTypes?: readonly MethodType[] }
  | { kind: 'recovery'; recoveryCode: string }
  | { kind: 'webauthn'; credential: AuthenticationResponseJSON; allowedTypes?: readonly MethodType[] };

/**
 * `{code, method?}` or `{recoveryCode}`; both at once is ambiguous and refused, so a
 * client bug cannot spend a recovery code when it meant to send an app code.
 */
export function readSecondFactorAnswer(body: Record<string, unknown>, methodId: string | undefined): SecondFactorAnswer {
  if (body.credential !== undefined && body.credential !== '') {
    if ((body.code !== undefined && body.code !== '') || (body.recoveryCode !== undefined && body.recoveryCode !== '')) {
      throw new TwoStepError('invalid_request', 'Send either a passkey `credential`, a `code` or a `recoveryCode`, not several.');
    }
    return { kind: 'webauthn', credential: parseAuthenticationResponse(body.credential) };
  }
  const hasRecovery = body.recoveryCode !== undefined && body.recoveryCode !== '';
  if (hasRecovery) {
    if (body.code !== undefined && body.code !== '') {
      throw new TwoStepError('invalid_request', 'Send either `code` or `recoveryCode`, not both.');
    }
    return { kind: 'recovery', recoveryCode: parseRecoveryCode(body.recoveryCode) };
  }
  // Any length a method may have; `verifySignInCode` holds it to the chosen method's.
  const code = parseNumericCode(body.code, CODE_LENGTHS);
  return methodId === undefined ? { kind: 'code', code } : { kind: 'code', code, methodId };
}

/**
 * The session, for answers bound to it (a passkey's challenge belongs to the session that
 * asked for it): the keyed hash from `sessionHashOf`, computed when a passkey answer needs it.
 */
export interface AnswerSession {
  sessionHash: () => string;
}

/** The `amr` entry a verified factor adds to the session, as its unit declares: the method type, except a passkey, which is 'hwk' (RFC 8176). */
export function amrOf(factor: CheckedAnswer['factor']): string {
  return unitOf(factor).amr;
}

export interface CheckedAnswer {
  /** The `amr` entry the session records: the method type, or 'recovery'. */
  factor: MethodType | 'recovery';
  /** Recovery codes left, when a recovery code was spent. */
  recoveryCodesLeft?: number;
  /** What the key told, when a passkey answered. */
  passkey?: PasskeyFacts;
}

/** Verifies an answer: one store round trip either way, under the same lockout. */
export async function checkSecondFactorAnswer(
  ctx: CoreContext,
  actor: Actor,
  snapshot: ChallengeSnapshot,
  answer: SecondFactorAnswer,
  session?: AnswerSession,
): Promise<CheckedAnswer> {
  if (answer.kind === 'webauthn') {
    if (!session) throw new Error('twostep: a passkey answer needs the session it was asked for');
    if (answer.allowedTypes) assertMethodAllowed(answer.allowedTypes, 'webauthn');
    const { passkey } = await checkAssertion(ctx, actor, { sessionHash: session.sessionHash(), purpose: AUTHENTICATE_PURPOSE, challengeUserId: actor.userId }, answer.credential, { requireUserVerification: false });
    return { factor: 'webauthn', passkey };
  }
  if (answer.kind === 'recovery') {
    const { remaining } = await spendRecoveryCode(ctx, actor, answer.recoveryCode);
    return { factor: 'recovery', recoveryCodesLeft: remaining };
  }
  const verified = await verifySignInCode(ctx, actor, snapshot, answer);
  return { factor: verified.method.type };
}
