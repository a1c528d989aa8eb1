import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM for TOTP secrets at rest. The sealed form is a compact, versioned string:
 *
 *   v1.<iv>.<ciphertext>.<tag>      (each part base64url, no padding)
 *
 * The version lets a later release change algorithm or layout while still opening old blobs.
 * The associated data (AAD) is authenticated but not stored: the caller passes the user id and
 * method id, so a blob copied into another user's record, or onto another method, fails to open.
 */

const VERSION = 'v1';
const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
/** 96-bit random IV, the size GCM is designed for; random IVs are safe far beyond our volume. */
const IV_BYTES = 12;
/** Full 128-bit tag; a shorter tag would make forgeries cheaper. */
const TAG_BYTES = 16;
/** Strict base64url: anything else (padding, `+`, `/`, spaces) is malformed, not tolerated. */
const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** The blob was tampered with, sealed under another key or AAD, or is not a sealed secret at all. */
export class SecretBoxError extends Error {
  constructor(message = 'The sealed secret could not be opened.') {
    super(`twostep: ${message}`);
    this.name = 'SecretBoxError';
  }
}

function checkKey(key: Buffer): void {
  if (key.length !== KEY_BYTES) throw new SecretBoxError(`the sealing key must be ${KEY_BYTES} bytes.`);
}

function decodePart(part: string, expectedBytes?: number): Buffer {
  if (!BASE64URL.test(part)) throw new SecretBoxError();
  const bytes = Buffer.from(part, 'base64url');
  // Reject non-canonical encodings (stray trailing bits), so one blob has exactly one spelling.
  if (bytes.toString('base64url') !== part) throw new SecretBoxError();
  if (expectedBytes !== undefined && bytes.length !== expectedBytes) throw new SecretBoxError();
  return bytes;
}

export function sealSecret(key: Buffer, plaintext: Buffer, associatedData: string): string {
  checkKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv.toString('base64url'), ciphertext.toString('base64url'), tag.toString('base64url')].join('.');
}

/** Throws `SecretBoxError` on any tampering, wrong AAD, wrong key or malformed input. */
export function openSecret(key: Buffer, sealed: string, associatedData: string): Buffer {
  checkKey(key);
  if (typeof sealed !== 'string') throw new SecretBoxError();
  const parts = sealed.split('.');
  if (parts.length !== 4 || parts[0] !== VERSION) throw new SecretBoxError();
  const iv = decodePart(parts[1] ?? '', IV_BYTES);
  const ciphertext = decodePart(parts[2] ?? '');
  const tag = decodePart(parts[3] ?? '', TAG_BYTES);
  try {
    // authTagLength pins the tag size so a truncated tag is refused, not checked on fewer bits.
    const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(associatedData, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch (cause) {
    throw Object.assign(new SecretBoxError(), { cause });
  }
}
