/**
 * Which kind of answer was wrong, decided here and nowhere else, and the library's (English)
 * message for it. Only a code from the user's own authenticator app can have been "just
 * used" (a time step works once): that advice is for it alone. A sent code may have expired,
 * a first code during setup shows the app or the message was misread, a recovery code may be
 * spent already, a passkey's answer is not a code at all. Pages turn the kind into their own,
 * translated, text (http/view-models/page-error-text.ts).
 */
import type { MethodType } from '../enrolments/records.js';
import { TwoStepError, type WrongAnswerKind } from '../errors.js';
import { unitOf } from '../methods/method-units.js';

/** What the caller knows about the answer it compared. */
export interface AnswerFacts {
  /** The method (or 'recovery') the answer was for; none for an app's own purpose code or a password. */
  factor?: MethodType | 'recovery' | undefined;
  /** The first code of a method being set up. */
  setup?: boolean;
  /** A code that was sent (email, text message), including one for an app's own purpose. */
  sent?: boolean;
}

export function wrongAnswerOf(facts: AnswerFacts): WrongAnswerKind | undefined {
  if (facts.setup) return 'first-code';
  if (facts.factor !== undefined) return unitOf(facts.factor).answer;
  return facts.sent ? 'sent-code' : undefined;
}

const MESSAGES: Record<WrongAnswerKind | 'other', string> = {
  'app-code': 'That code is not right; a code works only once, so if you just used it, wait for the next one.',
  'sent-code': 'That code is not right or has expired. Check the newest message, or ask for a new code.',
  'first-code': 'That code is not right. Check the code and try again.',
  'recovery-code': 'That recovery code is not right, or it was already used.',
  passkey: 'The passkey did not confirm it is you. Try again, or use another way.',
  other: 'That is not right. Check it and try again.',
};

function attemptsText(attemptsLeft: number): string {
  return `${attemptsLeft} ${attemptsLeft === 1 ? 'attempt' : 'attempts'} left`;
}

/**
 * The refusal of a wrong answer, with the attempts left. `reason` replaces the message where the
 * caller knows more (a passkey's answer that was already used, say).
 */
export function wrongAnswerError(facts: AnswerFacts, attemptsLeft: number, reason?: string): TwoStepError {
  const answer = wrongAnswerOf(facts);
  const message = (reason ?? MESSAGES[answer ?? 'other']).replace(/\.$/, '');
  return new TwoStepError('invalid_code', `${message} (${attemptsText(attemptsLeft)}).`, {
    details: { attemptsLeft, ...(answer ? { answer } : {}) },
  });
}

/** The wrong answer that set the lock: compared and failed, so said, with until when. */
export function lockingAnswerError(facts: AnswerFacts, lockedUntil: number, retryAfterSeconds: number, until: string): TwoStepError {
  const answer = wrongAnswerOf(facts);
  return new TwoStepError('invalid_code', `Too many failed attempts: try again after ${until}.`, {
    details: { attemptsLeft: 0, lockedUntil, retryAfterSeconds, ...(answer ? { answer } : {}) },
  });
}
