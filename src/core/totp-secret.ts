import { openSecret } from '../crypto/secret-box.js';
import { memoPerKey } from '../hot-path.js';

/**
 * Associated data for a sealed TOTP secret: a sealed blob copied onto another user or
 * method does not open.
 */
export function totpSecretAad(userId: string, methodId: string): string {
  return `twostep:totp:${userId}:${methodId}`;
}

/**
 * How many opened secrets a process keeps per sealing key. A brute-force flood answers the same
 * few accounts over and over, and opening (AES-GCM: a new decipher context, base64url checks)
 * cost about 8 µs of a wrong code's own 50 µs (bench/profile-wrong-code.ts): kept, it is a map
 * lookup. At the bound the oldest goes first, so memory never grows past it.
 */
export const OPENED_SECRETS_PER_KEY = 10_000;
const opened = memoPerKey(OPENED_SECRETS_PER_KEY);

/**
 * The base32 secret of a TOTP method, opened with the instance's sealing key. Throws
 * `SecretBoxError` for a blob that does not open (tampered, another user's or method's, another
 * key); such a blob is never kept. A hit needs the same key, the same user and method (the
 * associated data) and the same sealed text, so it answers exactly what opening would; the
 * plain secrets kept are in the memory that already holds the key that opens them all.
 */
export function openTotpSecret(sealKey: Buffer, userId: string, methodId: string, sealed: string): string {
  const aad = totpSecretAad(userId, methodId);
  return opened(sealKey, `${aad}\u0000${sealed}`, () => openSecret(sealKey, sealed, aad).toString('utf8'));
}
