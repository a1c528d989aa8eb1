/** An authenticator app: a TOTP secret shared at setup, a code the app makes every 30 seconds. */
import type { MethodUnit } from './method-unit.js';

export const totpMethod: MethodUnit<'totp'> = {
  type: 'totp',
  amr: 'totp',
  // RFC 8176 names RFC 6238 as an 'otp'; an OTP device beside a password is NIST AAL2.
  standard: () => ({ amr: ['otp'], factors: 1 }),
  phishingResistant: false,
  answer: 'app-code',
  allowedName: 'an authenticator app',
  sendsNoCode: 'Authenticator apps make their own codes: open the app and enter the code it shows.',
};
