/**
 * How long a method's codes are: an authenticator app's as it was set up (the `totp`
 * option then: 6 or 8), a sent code's always `CODE_DIGITS`. A code is parsed before the
 * method is known (any length a method may have), then held to its method's length here,
 * still before anything is compared or counted.
 */
import { TwoStepError } from '../errors.js';
import type { EnrolledMethod } from '../enrolments/records.js';
import { unitOf } from '../methods/method-units.js';
import { totpSettingsOf, TOTP_DIGIT_CHOICES } from '../methods/totp-settings.js';
import { CODE_DIGITS } from './one-time-codes.js';

/** Every length a typed code can have, whatever the method: what the first parse lets through. */
export const CODE_LENGTHS: readonly number[] = [...new Set([CODE_DIGITS, ...TOTP_DIGIT_CHOICES])].sort((a, b) => a - b);

export function codeDigitsOf(method: EnrolledMethod): number {
  return unitOf(method.type).answer === 'app-code' ? totpSettingsOf(method).digits : CODE_DIGITS;
}

/** `400 invalid_request` for a code of another length than its method's: never compared, never counted. */
export function assertCodeLength(method: EnrolledMethod, code: string): void {
  const digits = codeDigitsOf(method);
  if (code.length !== digits) {
    throw new TwoStepError('invalid_request', `The code must be exactly ${digits} digits (0-9), with no spaces or other characters.`);
  }
}

/** The lengths a page's code field must take for these methods (passkeys take none), shortest first. */
export function codeLengthsOf(methods: readonly EnrolledMethod[]): number[] {
  const lengths = new Set(methods.filter((m) => unitOf(m.type).answer !== 'passkey').map(codeDigitsOf));
  return lengths.size === 0 ? [CODE_DIGITS] : [...lengths].sort((a, b) => a - b);
}
