import type { Request } from 'express';
import type { PasskeyFacts } from '../../core/assurance.js';
import type { ProvedFactor } from '../../core/sign-in.js';

/**
 * What the `twostep` strategy proved on this request, for `twoStep.completeLogin()`. Kept
 * on the request object, not in the session: Passport's login replaces the session in
 * between, and a proof must never outlive the request that earned it.
 */
export interface VerifiedAnswer {
  /** Whose answer it was. */
  userId: string;
  /** The session the answer was given in; another id afterwards means the login regenerated it. */
  sessionId: string;
  /** What the session will record, through `core/sign-in.ts`. */
  factor: ProvedFactor;
  verifiedAt: number;
  /** What the key told, when a passkey answered. */
  passkey: PasskeyFacts | undefined;
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
