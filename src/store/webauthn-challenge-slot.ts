/**
 * How both stores name a WebAuthn challenge slot. A passkey sign-in has no user yet, so its
 * slot belongs to the session: a pseudo owner that starts with NUL, which no user id from
 * `users.id()` can plausibly equal, and which on Redis gets a hash tag (shard) of its own.
 */
import { encodeKeyPart } from './keys.js';
import type { WebAuthnChallengeSlot } from './types.js';

export function challengeOwner(slot: WebAuthnChallengeSlot): string {
  return slot.userId ?? `\u0000passkey-login\u0000${slot.sessionHash}`;
}

/** The slot within its owner; session hashes are base64url, so the `.` is unambiguous. */
export function challengeField(slot: WebAuthnChallengeSlot): string {
  return `${encodeKeyPart(slot.purpose)}.${slot.sessionHash}`;
}
