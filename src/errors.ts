/**
 * One error family. Every failure the library reports carries a stable `code` (the
 * `error` field of a JSON answer) and the HTTP `status` the routes answer with.
 */
import { stacklessInstance, withStacklessHeader } from './hot-path.js';
export type TwoStepErrorCode =
  | 'invalid_request'
  | 'invalid_code'
  | 'invalid_password'
  | 'second_factor_required'
  | 'not_signed_in'
  | 'sign_in_expired'
  | 'locked'
  | 'rate_limited'
  | 'resend_too_soon'
  | 'send_limit_reached'
  | 'method_not_allowed'
  | 'method_not_found'
  | 'method_required'
  | 'no_method'
  | 'required_by_policy'
  | 'reverify_required'
  | 'not_authorised'
  | 'not_found'
  | 'payload_too_large'
  | 'delivery_failed'
  | 'csrf_failed'
  | 'edit_conflict'
  | 'invalid_settings'
  | 'session_revoked'
  | 'session_expired'
  | 'unavailable';

const STATUS_BY_CODE: Record<TwoStepErrorCode, number> = {
  invalid_request: 400,
  invalid_code: 401,
  invalid_password: 401,
  second_factor_required: 401,
  not_signed_in: 401,
  sign_in_expired: 401,
  locked: 429,
  rate_limited: 429,
  resend_too_soon: 429,
  send_limit_reached: 429,
  method_not_allowed: 403,
  method_not_found: 404,
  method_required: 409,
  no_method: 409,
  required_by_policy: 403,
  reverify_required: 403,
  not_authorised: 403,
  not_found: 404,
  payload_too_large: 413,
  delivery_failed: 502,
  csrf_failed: 403,
  edit_conflict: 409,
  invalid_settings: 400,
  session_revoked: 401,
  session_expired: 401,
  unavailable: 503,
};

/**
 * What kind of answer a refused `invalid_code` was, so a page can say what fits it (only an
 * authenticator app's code can be "just used"). Decided in core/wrong-answer.ts.
 */
export type WrongAnswerKind = 'app-code' | 'sent-code' | 'first-code' | 'recovery-code' | 'passkey';

/**
 * Why a field was refused: stable codes (they never change wording), so a page can say it in
 * the reader's language and a client can branch on it. `values` holds what the words need.
 */
export type SettingsRefusal =
  | 'not_an_object' | 'unknown_setting'
  | 'enforcement_choice' | 'enforcement_no_groups' | 'enforcement_too_many_groups' | 'group_name'
  | 'grace_days_range' | 'device_days_range'
  | 'methods_not_a_list' | 'methods_unknown' | 'methods_none'
  | 'networks_not_a_list' | 'networks_too_many' | 'network_not_cidr' | 'network_prefix_too_long';

export interface SettingsFieldError {
  /** `enforcement`, `graceDays`, `allowedMethods`, `skipNetworks`, `trustedDeviceDays`, or `skipNetworks[3]` for one entry. */
  field: string;
  /** The refusal as a stable code (docs/administration.md#refusals). */
  reason: SettingsRefusal;
  /** The words' values: `entry` (1-based), `value` (as typed), `max`, `setting`, `methods`. */
  values: Record<string, string | number>;
  /** In English, for logs and API clients; pages say it in their language from `reason`. */
  message: string;
}

export interface TwoStepErrorDetails {
  /** Seconds until the request may be retried (sent as `Retry-After`). */
  retryAfterSeconds?: number;
  /** Failed attempts left before the account locks. */
  attemptsLeft?: number;
  /** Epoch milliseconds until which the second step is locked. */
  lockedUntil?: number;
  /** `invalid_code`: the kind of answer that was wrong (absent for a password). */
  answer?: WrongAnswerKind;
  /** `invalid_settings`: each field that was refused and why, in words a person can act on. */
  fields?: SettingsFieldError[];
}

export class TwoStepError extends Error {
  declare readonly code: TwoStepErrorCode;
  declare readonly status: number;
  declare readonly details: TwoStepErrorDetails;

  constructor(code: TwoStepErrorCode, message: string, options: { cause?: unknown; details?: TwoStepErrorDetails } = {}) {
    const status = STATUS_BY_CODE[code];
    if (status < 500) {
      // A refusal the client caused is an answer, not a fault: made without a stack (see
      // hot-path.ts). Faults (5xx) keep theirs for the logs.
      const refusal = stacklessInstance(new.target, message, options.cause);
      Object.assign(refusal, { code, status, details: options.details ?? {}, name: 'TwoStepError' });
      return refusal;
    }
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TwoStepError';
    this.code = code;
    this.status = status;
    this.details = options.details ?? {};
  }
}
withStacklessHeader(TwoStepError.prototype);

/** The store (Redis) could not answer: the caller fails closed with 503. */
export class StoreUnavailableError extends TwoStepError {
  constructor(cause: unknown) {
    super('unavailable', 'Verification is temporarily unavailable. Please try again in a moment.', { cause });
    this.name = 'StoreUnavailableError';
  }
}

/** A programming or configuration mistake found when `createTwoStep()` runs. */
export class TwoStepConfigError extends TypeError {
  constructor(message: string) {
    super(`twostep: ${message}`);
    this.name = 'TwoStepConfigError';
  }
}

export function isTwoStepError(value: unknown): value is TwoStepError {
  return value instanceof TwoStepError;
}
