import { parseOptionalMethodId } from '../methods/method-id.js';
import type { MethodType } from '../enrolments/records.js';
import { allowedMethodTypes } from './allowed-methods.js';
import type { PasskeyFacts } from './assurance.js';
import type { Actor, CoreContext } from './context.js';
import type { ChallengeSnapshot } from './enrolment-snapshot.js';
import { amrOf, checkSecondFactorAnswer, readSecondFactorAnswer } from './second-factor-answer.js';
import { answeredMethod, timedAnswer, type AnswerTrace } from './answer-timing.js';

export interface ChallengeAnswer {
  actor: Actor;
  /** The app's user object, for `allowedMethods`. */
  user: unknown;
  /** The request's body: `{code, method?}` or `{recoveryCode}`. */
  body: Record<string, unknown>;
  /**
   * The enrolment to check against: the pending session's, or a loader for a fresh read
   * (re-verification: a method may have been added since sign-in). A loader runs only for
   * a well-formed answer.
   */
  enrolment: ChallengeSnapshot | (() => Promise<ChallengeSnapshot>);
  /** The method a code is checked against when the body names none (the one the last code went to). */
  defaultMethodId?: string;
  /**
   * The session the answer was given in (`sessionHashOf`): a passkey's challenge belongs to
   * it. A function, so the keyed hash is computed only for a passkey answer, not per code.
   */
  sessionHash: () => string;
}

export interface AcceptedAnswer {
  /** The factor proved, for events: the method type, or 'recovery'. */
  factor: MethodType | 'recovery';
  /** Its `amr` entry for the session: the factor, except a passkey, which is 'hwk' (RFC 8176). */
  amr: string;
  verifiedAt: number;
  /** Recovery codes left, when a recovery code was spent. */
  recoveryCodesLeft?: number;
  /** What the key told, when a passkey answered (for the session's record). */
  passkey?: PasskeyFacts;
}

/**
 * The one road every second-factor answer takes — `POST /2fa/verify`, the `twostep`
 * Passport strategy and `POST /2fa/reverify` — so the three cannot disagree:
 *
 * 1. parse strictly: a malformed answer is a 400 before anything is compared, counted, or
 *    asked of the app's callbacks;
 * 2. allowed methods: a code or passkey of a type the organisation turned off is refused;
 * 3. the store's one atomic decision (lock, comparison's bookkeeping, count, replay);
 * 4. events: `failed` and `locked` as the store decided (`acceptOrRefuse`); the success
 *    events come from `signIn` / `reverify` (`sign-in.ts`), once the HTTP side has kept
 *    the result in the session, so nothing is announced for a login that then failed;
 * 5. the result, which the caller only translates to HTTP or to Passport.
 */
export function answerChallenge(ctx: CoreContext, input: ChallengeAnswer): Promise<AcceptedAnswer> {
  // Timed as a whole (`twostep_verify_duration_seconds`) when metrics are on.
  return timedAnswer(ctx, (trace) => checkAnswer(ctx, input, trace));
}

async function checkAnswer(ctx: CoreContext, input: ChallengeAnswer, trace: AnswerTrace): Promise<AcceptedAnswer> {
  const answer = readSecondFactorAnswer(input.body, parseOptionalMethodId(input.body.method, 'method') ?? input.defaultMethodId);
  // Recovery codes belong to no method type: the organisation's choice of types does not reach them.
  const allowedTypes = answer.kind === 'recovery' ? undefined : await allowedMethodTypes(ctx, input.user);
  const enrolment = typeof input.enrolment === 'function' ? await input.enrolment() : input.enrolment;
  if (ctx.metrics) trace.method = answeredMethod(answer, enrolment);
  const checked = await checkSecondFactorAnswer(ctx, input.actor, enrolment,
    answer.kind === 'recovery' ? answer : { ...answer, allowedTypes }, { sessionHash: input.sessionHash });
  return {
    factor: checked.factor,
    amr: amrOf(checked.factor),
    verifiedAt: ctx.options.now(),
    ...(checked.recoveryCodesLeft === undefined ? {} : { recoveryCodesLeft: checked.recoveryCodesLeft }),
    ...(checked.passkey ? { passkey: checked.passkey } : {}),
  };
}
