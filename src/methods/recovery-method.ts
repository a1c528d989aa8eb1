/**
 * The printed recovery codes: no enrolled method (they come with 2FA itself), so the
 * organisation's `allowedMethods` never reaches them, but a real second factor all the same.
 */
import type { MethodUnit } from './method-unit.js';

export const recoveryMethod: MethodUnit<'recovery'> = {
  type: 'recovery',
  amr: 'recovery',
  phishingResistant: false,
  renamable: false,
  answer: 'recovery-code',
  allowedName: 'recovery codes',
};
