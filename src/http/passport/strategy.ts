import type { Request } from 'express';
import { signedInRecord } from '../../core/sign-in.js';
import { answerChallenge } from '../../core/answer-challenge.js';
import { sessionHashOf } from '../../core/webauthn-challenge.js';
import { isTwoStepError, TwoStepConfigError, type TwoStepError } from '../../errors.js';
import type { HttpContext } from '../http-context.js';
import { bodyOf, flag } from '../request/request-body.js';
import { currentStage } from '../session/stage.js';
import { pendingSnapshot } from '../session/session-state.js';
import { keepVerifiedAnswer } from './verified-answer.js';
import { requestActor } from '../request/request-actor.js';

/** What Passport gives a strategy to end an attempt with (passport `StrategyCreatedStatic`, the part used here). */
interface StrategyActions {
  success(user: unknown, info?: object): void;
  fail(challenge: StrategyFailure, status: number): void;
  error(error: unknown): void;
}

type StrategyFailure = { message: string; [key: string]: unknown };

/**
 * The strategy `passport.use(twoStep.strategy)` registers, as 'twostep'. Typed here rather
 * than with `@types/passport`, so the package's types need nothing beyond Express's.
 */
export interface TwoStepStrategy {
  name: string;
  authenticate(this: StrategyActions, req: Request, options?: Record<string, unknown>): void;
}

function failureOf(error: TwoStepError): StrategyFailure {
  return { message: error.message, code: error.code, ...error.details };
}

/**
 * The Passport strategy `twostep`, shaped like passport-local: it reads `{code, method?,
 * remember?}` or `{recoveryCode}` from a pending session, checks it, and ends in exactly one
 * of `success`, `fail` or `error`. A wrong code is a `fail` (401; 429 while locked), a
 * malformed answer a `fail` with 400 (as `POST /2fa/verify` answers it), an outage an `error`.
 *
 * It records nothing in the session: Passport's `req.login` regenerates the session after
 * `success`, and `twoStep.completeLogin()`, placed after `passport.authenticate('twostep')`,
 * records the verification in the new session, fires `verified` and remembers the device —
 * only once the login has succeeded.
 */
export function createStrategy(ctx: HttpContext): TwoStepStrategy {
  async function decide(req: Request): Promise<
    | { kind: 'fail'; failure: StrategyFailure; status: number }
    | { kind: 'success'; user: Express.User; info: { amr: string[] } }
  > {
    const stage = currentStage(ctx, req);
    if (stage.kind !== 'pending') {
      return { kind: 'fail', status: 401, failure: { message: 'Sign in with your password first.', code: 'not_signed_in' } };
    }
    try {
      const body = bodyOf(req);
      // Asked before the answer is checked: a throw here must not cost the user a code.
      const remember = flag(body, 'remember') || (ctx.options.trustedDevices.automatic?.(stage.user) ?? false);
      const accepted = await answerChallenge(ctx, {
        actor: requestActor(ctx, req, stage.userId), user: stage.user, body,
        enrolment: pendingSnapshot(stage.pending), defaultMethodId: stage.pending.sentMethodId, sessionHash: () => sessionHashOf(ctx, req.sessionID),
      });
      const proof = { kind: 'second-factor', factor: accepted.factor, verifiedAt: accepted.verifiedAt, passkey: accepted.passkey } as const;
      keepVerifiedAnswer(req, { userId: stage.userId, sessionId: req.sessionID, factor: accepted.factor, verifiedAt: accepted.verifiedAt, passkey: accepted.passkey, remember, returnTo: stage.pending.returnTo });
      return { kind: 'success', user: stage.user as Express.User, info: { amr: signedInRecord(stage.userId, proof, accepted.verifiedAt).amr } };
    } catch (error) {
      // Malformed input is a 400 as on the route; a wrong code 401, a lock 429; an outage is an error.
      if (isTwoStepError(error) && error.status < 500) return { kind: 'fail', status: error.status, failure: failureOf(error) };
      throw error;
    }
  }

  return {
    name: 'twostep',
    authenticate(this: StrategyActions, req: Request, options?: Record<string, unknown>): void {
      if (options?.successRedirect !== undefined || options?.successReturnToOrRedirect !== undefined) {
        // Passport would redirect before twoStep.completeLogin() records the verification.
        return this.error(new TwoStepConfigError("passport.authenticate('twostep') cannot redirect on success: put twoStep.completeLogin() after it and redirect in your own handler."));
      }
      decide(req).then(
        (outcome) => (outcome.kind === 'success' ? this.success(outcome.user, outcome.info) : this.fail(outcome.failure, outcome.status)),
        (error: unknown) => this.error(error),
      );
    },
  };
}
