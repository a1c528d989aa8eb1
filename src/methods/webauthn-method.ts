/** A passkey or security key (WebAuthn): an assertion bound to this site's origin, offered where `webauthn` is set. */
import type { MethodUnit } from './method-unit.js';

export const webauthnMethod: MethodUnit<'webauthn'> = {
  type: 'webauthn',
  // RFC 8176: proof of possession of a hardware-secured key.
  amr: 'hwk',
  // RFC 8176: a synced passkey's private key can leave the device ('swk'); only a key that
  // cannot ('hwk'), by the authenticator's own word. 'user' is the user-presence test every
  // assertion passes. With user verification the key alone is multi-factor (NIST SP 800-63B
  // §5.1.8, §5.1.9). Unknown (an older session): the weaker claim.
  standard: (passkey) => ({ amr: [passkey?.synced === false ? 'hwk' : 'swk', 'user'], factors: passkey?.userVerified ? 2 : 1 }),
  phishingResistant: true,
  answer: 'passkey',
  allowedName: 'passkeys or security keys',
  enabledBy: 'webauthn',
  sendsNoCode: 'A passkey or security key takes no code: use it from the sign-in page.',
};
