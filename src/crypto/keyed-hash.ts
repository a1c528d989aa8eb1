import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Codes, recovery codes and device tokens are stored only as keyed hashes. HMAC with a server
 * key (not a bare hash) because the inputs are short: a 6-digit code has a million values and an
 * unkeyed hash of it would be reversed instantly by anyone who read the store.
 *
 * The domain ("login-code", "recovery-code", "device-token", ...) is mixed in so that a hash made
 * for one purpose can never equal a hash made for another, even for the same input string.
 * Encoding: `domain NUL value`. The domain may not contain NUL, so the split point is unique and
 * no (domain, value) pair collides with another.
 */
export function keyedHash(key: Buffer, domain: string, value: string): string {
  if (domain.length === 0 || domain.includes('\0')) {
    throw new TypeError('twostep: a keyed-hash domain must be a non-empty string without NUL characters.');
  }
  return createHmac('sha256', key).update(domain, 'utf8').update('\0').update(value, 'utf8').digest('base64url');
}

/**
 * Constant-time string equality. When lengths differ the answer is false, after a comparison of
 * the same cost, so timing reveals at most the length (which, for hashes and codes, is public).
 */
export function timingSafeEqualStrings(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  if (left.length !== right.length) {
    timingSafeEqual(left, left);
    return false;
  }
  return timingSafeEqual(left, right);
}
