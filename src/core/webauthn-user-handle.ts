/**
 * The WebAuthn user handle: what a discoverable passkey hands back at passkey sign-in, so
 * it must lead back to the user id — but it is stored on authenticators and shown to other
 * software, so it must not be the id itself (often an email address).
 *
 * Deterministic authenticated encryption in the SIV style: the IV is an HMAC of the user id,
 * the id is AES-256-CBC-encrypted under that IV, and decryption recomputes the HMAC and
 * compares. Same id, same handle (re-registering a passkey replaces it on the authenticator
 * instead of piling up), and a forged or foreign handle decodes to nothing. WebAuthn caps the
 * handle at 64 bytes: 16 of IV and 48 of ciphertext hold ids up to 47 bytes; a longer id gets
 * a plain HMAC, which works for second-factor use but not for passkey sign-in.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { DerivedKeys } from '../crypto/keys.js';

const MAX_ID_BYTES = 47;

function keysFrom(keys: DerivedKeys): { mac: Buffer; enc: Buffer } {
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', keys.sealKey, 'twostep/webauthn', info, 32));
  return { mac: derive('user-handle-mac'), enc: derive('user-handle-enc') };
}

function ivOf(mac: Buffer, userId: string): Buffer {
  return createHmac('sha256', mac).update(userId, 'utf8').digest().subarray(0, 16);
}

export function userHandleFor(keys: DerivedKeys, userId: string): Uint8Array<ArrayBuffer> {
  const { mac, enc } = keysFrom(keys);
  const iv = ivOf(mac, userId);
  if (Buffer.byteLength(userId, 'utf8') > MAX_ID_BYTES) return new Uint8Array(createHmac('sha256', mac).update('long\u0000').update(userId).digest());
  const cipher = createCipheriv('aes-256-cbc', enc, iv);
  return new Uint8Array(Buffer.concat([iv, cipher.update(userId, 'utf8'), cipher.final()]));
}

/** The user id inside a handle (base64url), or null for anything we did not make. */
export function userIdFromHandle(keys: DerivedKeys, handle: string): string | null {
  const bytes = Buffer.from(handle, 'base64url');
  if (bytes.length < 32 || bytes.length > 64 || bytes.length % 16 !== 0) return null;
  const { mac, enc } = keysFrom(keys);
  const iv = bytes.subarray(0, 16);
  let userId: string;
  try {
    const decipher = createDecipheriv('aes-256-cbc', enc, iv);
    userId = Buffer.concat([decipher.update(bytes.subarray(16)), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
  return timingSafeEqual(ivOf(mac, userId), iv) ? userId : null;
}
