/**
 * How long a second-factor answer took to check, and how it ended, for
 * `twostep_verify_duration_seconds`. Measured with the monotonic clock, not the injected
 * one: tests move `now()`, and a duration must be real.
 */
import { isTwoStepError } from '../errors.js';
import type { CoreContext } from './context.js';
import type { ChallengeSnapshot } from './enrolment-snapshot.js';
import type { SecondFactorAnswer } from './second-factor-answer.js';
import { chooseMethod } from './verify-second-factor.js';

/** The `outcome` label of a refused answer, from its error's code. */
function outcomeOf(error: unknown): string {
  if (!isTwoStepError(error)) return 'error';
  switch (error.code) {
    case 'invalid_code':
      return 'failure';
    case 'locked':
      return 'locked';
    case 'rate_limited':
      return 'rate_limited';
    case 'unavailable':
      return 'error';
    default:
      return 'refused';
  }
}

/** The method type a refused answer was for: a code's is the method it was checked against. */
export function answeredMethod(answer: SecondFactorAnswer, enrolment: ChallengeSnapshot): string {
  if (answer.kind !== 'code') return answer.kind;
  try {
    return chooseMethod(enrolment, answer.methodId).type;
  } catch {
    return 'other';
  }
}

/** Where a check records what it learnt along the way, for the observation at its end. */
export interface AnswerTrace {
  method?: string;
}

/** Runs `check`, observing its duration with the method and outcome; with no metrics, just runs it. */
export async function timedAnswer<T extends { factor: string }>(ctx: CoreContext, check: (trace: AnswerTrace) => Promise<T>): Promise<T> {
  const metrics = ctx.metrics;
  if (!metrics) return check({});
  const trace: AnswerTrace = {};
  const started = performance.now();
  try {
    const accepted = await check(trace);
    metrics.observe('twostep_verify_duration_seconds', (performance.now() - started) / 1000, { method: accepted.factor, outcome: 'success' });
    return accepted;
  } catch (error) {
    metrics.observe('twostep_verify_duration_seconds', (performance.now() - started) / 1000, { method: trace.method, outcome: outcomeOf(error) });
    throw error;
  }
}
