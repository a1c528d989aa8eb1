import { hkdfSync } from 'node:crypto';

/**
 * One application secret, several independent keys. Each purpose gets its own key so that a
 * value produced for one purpose (a sealed TOTP secret, a code hash, a cookie signature) can
 * never be replayed as a valid value for another, and so that a weakness found in one use does
 * not leak into the others.
 */
export interface DerivedKeys {
  /** AES-256-GCM key for TOTP secrets at rest (`secret-box.ts`). */
  readonly sealKey: Buffer;
  /** HMAC-SHA256 key for codes, recovery codes and device tokens (`keyed-hash.ts`). */
  readonly hashKey: Buffer;
  /** HMAC-SHA256 key for signing the trusted-device cookie. */
  readonly cookieKey: Buffer;
  /** HMAC-SHA256 key for the forms' CSRF tokens (`http/request/csrf-token.ts`). */
  readonly csrfKey: Buffer;
}

const KEY_BYTES = 32;

/**
 * A fixed, public salt. HKDF's salt only has to be independent of the input key; the secret is
 * already high-entropy (the caller insists on >= 32 bytes), so a constant namespace is enough and
 * keeps derivation deterministic across processes and restarts.
 */
const SALT = 'twostep/hkdf-salt/v1';

/** Distinct `info` labels: changing or reusing one would silently share a key between purposes. */
const INFO = {
  sealKey: 'twostep/v1/seal-totp-secret',
  hashKey: 'twostep/v1/keyed-hash',
  cookieKey: 'twostep/v1/device-cookie',
  csrfKey: 'twostep/v1/csrf-token',
} as const;

function derive(secret: string, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, SALT, info, KEY_BYTES));
}

/** Derives every key from the application secret (HKDF-SHA256). Pure: same secret, same keys. */
export function deriveKeys(secret: string): DerivedKeys {
  return Object.freeze({
    sealKey: derive(secret, INFO.sealKey),
    hashKey: derive(secret, INFO.hashKey),
    cookieKey: derive(secret, INFO.cookieKey),
    csrfKey: derive(secret, INFO.csrfKey),
  });
}
