import type { TwoStepError, WrongAnswerKind } from '../../errors.js';
import { fill, type PageTexts, type TextKey } from '../../pages/texts.js';

const TEXT_BY_CODE: Partial<Record<TwoStepError['code'], TextKey>> = {
  invalid_code: 'errorInvalidCode',
  invalid_password: 'errorInvalidPassword',
  resend_too_soon: 'errorResendTooSoon',
  send_limit_reached: 'errorSendLimit',
  rate_limited: 'errorRateLimited',
  delivery_failed: 'errorDeliveryFailed',
  unavailable: 'errorUnavailable',
  csrf_failed: 'errorCsrf',
  sign_in_expired: 'errorSignInExpired',
};

/** A wrong answer, in words that fit its kind (the core says which: core/wrong-answer.ts). */
const TEXT_BY_WRONG_ANSWER: Record<WrongAnswerKind, TextKey> = {
  'app-code': 'errorWrongAppCode',
  'sent-code': 'errorWrongSentCode',
  'first-code': 'errorWrongFirstCode',
  'recovery-code': 'errorWrongRecoveryCode',
  passkey: 'errorPasskeyRefused',
};

/**
 * The message a page shows for an error: the (translatable) page text where there is one. The
 * answer that set a lock shows the locked page, which says until when; a wrong answer says what
 * fits its kind.
 */
export function pageErrorText(texts: Readonly<PageTexts>, error: TwoStepError): string {
  const answer = error.code === 'invalid_code' ? error.details.answer : undefined;
  const key = answer === undefined ? TEXT_BY_CODE[error.code] : TEXT_BY_WRONG_ANSWER[answer];
  if (key === undefined) return error.message;
  return fill(texts[key], { seconds: error.details.retryAfterSeconds ?? '' });
}
