import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { deriveKeys } from '../src/crypto/keys.js';
import { openSecret, sealSecret, SecretBoxError } from '../src/crypto/secret-box.js';
import { OPENED_SECRETS_PER_KEY, openTotpSecret, totpSecretAad } from '../src/core/totp-secret.js';
import { keyedHash, timingSafeEqualStrings } from '../src/crypto/keyed-hash.js';
import { randomDigits, randomFromAlphabet, randomId, randomToken } from '../src/crypto/random.js';

const SECRET = 'a-test-secret-that-is-at-least-32-bytes-long';

test('deriveKeys: deterministic, 32-byte, distinct per purpose and per secret', () => {
  const a = deriveKeys(SECRET);
  const b = deriveKeys(SECRET);
  const other = deriveKeys(`${SECRET}!`);
  for (const name of ['sealKey', 'hashKey', 'cookieKey'] as const) {
    assert.equal(a[name].length, 32);
    assert.ok(a[name].equals(b[name]));
    assert.ok(!a[name].equals(other[name]));
  }
  assert.ok(!a.sealKey.equals(a.hashKey));
  assert.ok(!a.sealKey.equals(a.cookieKey));
  assert.ok(!a.hashKey.equals(a.cookieKey));
});

const { sealKey } = deriveKeys(SECRET);
const AAD = 'user-1:method-a';
const PLAINTEXT = Buffer.from('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', 'utf8');

test('secret box: round trip, fresh IV each time, versioned compact string', () => {
  const sealed = sealSecret(sealKey, PLAINTEXT, AAD);
  assert.match(sealed, /^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
  assert.ok(!sealed.includes(PLAINTEXT.toString('base64url')));
  assert.ok(openSecret(sealKey, sealed, AAD).equals(PLAINTEXT));
  assert.notEqual(sealSecret(sealKey, PLAINTEXT, AAD), sealed);
  assert.ok(openSecret(sealKey, sealSecret(sealKey, Buffer.alloc(0), AAD), AAD).equals(Buffer.alloc(0)));
});

/** Flips one bit of one base64url part and re-encodes it. */
function tamper(sealed: string, index: number): string {
  const parts = sealed.split('.');
  const bytes = Buffer.from(parts[index] ?? '', 'base64url');
  bytes[0] = (bytes[0] ?? 0) ^ 0x01;
  parts[index] = bytes.toString('base64url');
  return parts.join('.');
}

test('secret box: any tampering, wrong AAD or wrong key is refused', () => {
  const sealed = sealSecret(sealKey, PLAINTEXT, AAD);
  assert.throws(() => openSecret(sealKey, tamper(sealed, 1), AAD), SecretBoxError, 'IV');
  assert.throws(() => openSecret(sealKey, tamper(sealed, 2), AAD), SecretBoxError, 'ciphertext');
  assert.throws(() => openSecret(sealKey, tamper(sealed, 3), AAD), SecretBoxError, 'tag');
  assert.throws(() => openSecret(sealKey, sealed, 'user-2:method-a'), SecretBoxError, 'other user');
  assert.throws(() => openSecret(sealKey, sealed, 'user-1:method-b'), SecretBoxError, 'other method');
  assert.throws(() => openSecret(sealKey, sealed, ''), SecretBoxError, 'no AAD');
  assert.throws(() => openSecret(deriveKeys(`${SECRET}!`).sealKey, sealed, AAD), SecretBoxError, 'other key');
  assert.throws(() => openSecret(randomBytes(32), sealed, AAD), SecretBoxError, 'random key');
});

test('secret box: malformed input is refused', () => {
  const sealed = sealSecret(sealKey, PLAINTEXT, AAD);
  const [, iv = '', ct = '', tag = ''] = sealed.split('.');
  const bad = [
    '',
    'garbage',
    sealed.replace(/^v1/, 'v2'),
    sealed.slice(3),
    `${sealed}.extra`,
    ['v1', iv, ct].join('.'),
    ['v1', iv, ct, tag.slice(0, 16)].join('.'), // truncated tag
    ['v1', iv.slice(0, 10), ct, tag].join('.'), // short IV
    ['v1', `${iv}=`, ct, tag].join('.'), // padding
    ['v1', iv, `${ct}+/`, tag].join('.'), // standard base64 characters
    ['v1', iv, ` ${ct}`, tag].join('.'),
    ['v1', iv, ct.slice(0, -1), tag].join('.'), // shortened ciphertext
  ];
  for (const value of bad) assert.throws(() => openSecret(sealKey, value, AAD), SecretBoxError, JSON.stringify(value));
  assert.throws(() => openSecret(sealKey, 42 as unknown as string, AAD), SecretBoxError);
  assert.throws(() => sealSecret(Buffer.alloc(16), PLAINTEXT, AAD), SecretBoxError, 'short key');
  assert.throws(() => openSecret(Buffer.alloc(16), sealed, AAD), SecretBoxError, 'short key');
});

const { hashKey } = deriveKeys(SECRET);

test('keyed hash: deterministic base64url HMAC-SHA256, keyed, domain-separated', () => {
  const h = keyedHash(hashKey, 'login-code', '123456');
  assert.match(h, /^[A-Za-z0-9_-]{43}$/);
  assert.equal(keyedHash(hashKey, 'login-code', '123456'), h);
  assert.notEqual(keyedHash(hashKey, 'login-code', '123457'), h);
  assert.notEqual(keyedHash(hashKey, 'recovery-code', '123456'), h);
  assert.notEqual(keyedHash(deriveKeys(`${SECRET}!`).hashKey, 'login-code', '123456'), h);
  // The domain/value boundary cannot be shifted to produce the same input.
  assert.notEqual(keyedHash(hashKey, 'ab', 'c'), keyedHash(hashKey, 'a', 'bc'));
  assert.notEqual(keyedHash(hashKey, 'a', '\0b'), keyedHash(hashKey, 'a\u0001', 'b'));
  assert.throws(() => keyedHash(hashKey, '', 'x'), TypeError);
  assert.throws(() => keyedHash(hashKey, 'a\0b', 'x'), TypeError);
});

test('timingSafeEqualStrings', () => {
  assert.equal(timingSafeEqualStrings('abc', 'abc'), true);
  assert.equal(timingSafeEqualStrings('abc', 'abd'), false);
  assert.equal(timingSafeEqualStrings('abc', 'abcd'), false);
  assert.equal(timingSafeEqualStrings('', ''), true);
  assert.equal(timingSafeEqualStrings('é', 'e'), false);
});

test('randomDigits: right length, ASCII digits only, leading zeros kept', () => {
  for (let i = 0; i < 1000; i += 1) assert.match(randomDigits(6), /^[0-9]{6}$/);
  assert.equal(randomDigits(1).length, 1);
  assert.throws(() => randomDigits(0), RangeError);
  assert.throws(() => randomDigits(1.5), RangeError);
});

test('randomDigits: uniform over 100k draws (chi-square, 9 degrees of freedom)', () => {
  const draws = 100_000;
  const counts = new Array<number>(10).fill(0);
  const text = randomDigits(draws);
  for (const ch of text) counts[ch.charCodeAt(0) - 48]! += 1;
  const expected = draws / 10;
  const chiSquare = counts.reduce((sum, n) => sum + (n - expected) ** 2 / expected, 0);
  // p = 0.0001 critical value for 9 d.o.f. is 33.7: a fair source fails this once in 10,000 runs.
  // A modulo-biased source (byte % 10: digits 0-5 at 26/256, 6-9 at 25/256) averages about 46 here.
  assert.ok(chiSquare < 33.7, `chi-square ${chiSquare.toFixed(2)} for counts ${counts.join(',')}`);
});

test('randomFromAlphabet refuses degenerate alphabets', () => {
  assert.throws(() => randomFromAlphabet('A', 4), RangeError);
  assert.match(randomFromAlphabet('AB', 32), /^[AB]{32}$/);
});

test('randomId / randomToken: base64url, sized, unique', () => {
  assert.match(randomId(), /^[A-Za-z0-9_-]{22}$/);
  assert.match(randomToken(), /^[A-Za-z0-9_-]{43}$/);
  assert.equal(Buffer.from(randomId(8), 'base64url').length, 8);
  const ids = new Set<string>();
  for (let i = 0; i < 10_000; i += 1) ids.add(randomId());
  assert.equal(ids.size, 10_000);
  assert.throws(() => randomId(0), RangeError);
  assert.throws(() => randomToken(-1), RangeError);
});

test('opened TOTP secrets: what the process keeps answers exactly what opening does', () => {
  const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
  const sealed = sealSecret(sealKey, Buffer.from(secret, 'utf8'), totpSecretAad('user-1', 'method-a'));
  // Opened (and kept), then asked again: the same secret.
  assert.equal(openTotpSecret(sealKey, 'user-1', 'method-a', sealed), secret);
  assert.equal(openTotpSecret(sealKey, 'user-1', 'method-a', sealed), secret);
  // The kept blob does not open for another user, another method or under another key.
  assert.throws(() => openTotpSecret(sealKey, 'user-2', 'method-a', sealed), SecretBoxError);
  assert.throws(() => openTotpSecret(sealKey, 'user-1', 'method-b', sealed), SecretBoxError);
  assert.throws(() => openTotpSecret(deriveKeys(`${SECRET}!`).sealKey, 'user-1', 'method-a', sealed), SecretBoxError);
  // A tampered blob is refused every time: a refusal is never kept.
  for (let i = 0; i < 2; i += 1) assert.throws(() => openTotpSecret(sealKey, 'user-1', 'method-a', tamper(sealed, 2)), SecretBoxError);
  // Past the bound the oldest goes first; every blob still opens to its own secret.
  const many = Array.from({ length: OPENED_SECRETS_PER_KEY + 5 }, (_, i) => `SECRET${i}`);
  const blobs = many.map((s, i) => sealSecret(sealKey, Buffer.from(s, 'utf8'), totpSecretAad('user-3', `m${i}`)));
  blobs.forEach((blob, i) => assert.equal(openTotpSecret(sealKey, 'user-3', `m${i}`, blob), many[i]));
  assert.equal(openTotpSecret(sealKey, 'user-3', 'm0', blobs[0]!), 'SECRET0');
  assert.equal(openTotpSecret(sealKey, 'user-1', 'method-a', sealed), secret);
});
