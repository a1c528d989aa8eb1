import { randomBytes, randomInt } from 'node:crypto';

/** Everything here comes from the OS CSPRNG (node:crypto); `Math.random` is never used. */

function checkCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`twostep: ${name} must be a positive integer, got ${String(value)}.`);
  }
}

/** A URL-safe random identifier (method ids, device ids). 16 bytes = 128 bits by default. */
export function randomId(bytes = 16): string {
  checkCount('bytes', bytes);
  return randomBytes(bytes).toString('base64url');
}

/** A bearer secret (device cookie tokens). 32 bytes = 256 bits by default. */
export function randomToken(bytes = 32): string {
  checkCount('bytes', bytes);
  return randomBytes(bytes).toString('base64url');
}

/**
 * `count` symbols drawn uniformly and independently from `alphabet`. `randomInt` rejects and
 * redraws internally, so there is no modulo bias (a byte % 10 would favour 0-5).
 */
export function randomFromAlphabet(alphabet: string, count: number): string {
  checkCount('count', count);
  if (alphabet.length < 2) throw new RangeError('twostep: an alphabet needs at least two symbols.');
  let out = '';
  for (let i = 0; i < count; i += 1) out += alphabet.charAt(randomInt(alphabet.length));
  return out;
}

/** `count` uniform decimal digits, leading zeros kept (email/SMS codes). */
export function randomDigits(count: number): string {
  return randomFromAlphabet('0123456789', count);
}
