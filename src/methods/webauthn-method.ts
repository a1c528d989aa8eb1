/** A passkey or security key (WebAuthn): an assertion bound to this site's origin, offered where `webauthn` is set. */
import type { MethodUnit } from './method-unit.js';

export const webauthnMethod: MethodUnit<'webauthn'> = {
  type: 'webauthn',
  // RFC 8176: proof of possession of a hardware-secured key.
  amr: 'hwk',
  phishingResistant: true,
  renamable: true,
  answer: 'passkey',
  allowedName: 'passkeys or security keys',
  enabledBy: 'webauthn',
  sendsNoCode: 'A passkey or security key takes no code: use it from the sign-in page.',
};
