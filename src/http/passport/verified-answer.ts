import type { Request } from 'express';
import type { Assurance } from '../../core/assurance.js';
import type { MethodType } from '../../enrolments/records.js';

/**
 * What the `twostep` strategy proved on this request, for `twoStep.completeLogin()`. Kept
 * on the request object, not in the session: Passport's login replaces the session in
 * between, and a proof must never outlive the request that earned it.
 */
export interface VerifiedAnswer {
  /** What the session will record (core/assurance.ts). */
  marker: Assurance;
  /** The session the answer was given in; another id afterwards means the login regenerated it. */
  sessionId: string;
  factor: MethodType | 'recovery';
  remember: boolean;
  returnTo: string | undefined;
}

const VERIFIED = Symbol('twostep.verifiedAnswer');

type RequestWithAnswer = Request & { [VERIFIED]?: VerifiedAnswer };

export function keepVerifiedAnswer(req: Request, answer: VerifiedAnswer): void {
  (req as RequestWithAnswer)[VERIFIED] = answer;
}

/** The proof, once: a second call on the same request finds nothing. */
export function takeVerifiedAnswer(req: Request): VerifiedAnswer | undefined {
  const answer = (req as RequestWithAnswer)[VERIFIED];
  delete (req as RequestWithAnswer)[VERIFIED];
  return answer;
}
