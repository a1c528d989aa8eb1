import type { TwoStepError } from '../../errors.js';
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

/** The message a page shows for an error: the (translatable) page text where there is one. */
export function pageErrorText(texts: Readonly<PageTexts>, error: TwoStepError): string {
  const key = TEXT_BY_CODE[error.code];
  if (key === undefined) return error.message;
  return fill(texts[key], { seconds: error.details.retryAfterSeconds ?? '' });
}
