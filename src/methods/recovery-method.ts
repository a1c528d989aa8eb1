/**
 * The printed recovery codes: no enrolled method (they come with 2FA itself), so the
 * organisation's `allowedMethods` never reaches them, but a real second factor all the same.
 */
import type { MethodUnit } from './method-unit.js';

export const recoveryMethod: MethodUnit<'recovery'> = {
  type: 'recovery',
  amr: 'recovery',
  // A single-use code: 'otp' (RFC 8176 has no recovery value). NIST SP 800-63B §5.1.2 calls it a
  // look-up secret, something you have: a second factor (AAL2).
  standard: () => ({ amr: ['otp'], factors: 1 }),
  phishingResistant: false,
  answer: 'recovery-code',
  allowedName: 'recovery codes',
};
