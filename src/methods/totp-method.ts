/** An authenticator app: a TOTP secret shared at setup, a code the app makes every 30 seconds. */
import type { MethodUnit } from './method-unit.js';

export const totpMethod: MethodUnit<'totp'> = {
  type: 'totp',
  amr: 'totp',
  phishingResistant: false,
  renamable: false,
  answer: 'app-code',
  allowedName: 'an authenticator app',
  sendsNoCode: 'Authenticator apps make their own codes: open the app and enter the code it shows.',
};
