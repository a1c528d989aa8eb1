import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ScureBase32Plugin } from 'otplib';
import {
  createTotpSecret,
  formatSetupKey,
  generateTotp,
  matchTotpStep,
  TOTP_ALGORITHM,
  TOTP_DIGITS,
  TOTP_PERIOD_SECONDS,
  TOTP_TOLERANCE_STEPS,
  totpQrDataUrl,
  totpQrSvg,
  totpStep,
  totpUri,
  type TotpAlgorithm,
} from '../src/methods/totp.js';

const base32 = new ScureBase32Plugin();
const toBase32 = (ascii: string): string => base32.encode(Buffer.from(ascii, 'ascii'), { padding: false });

// RFC 6238 Appendix B: the seeds are ASCII "1234567890" repeated to the hash's output size.
const SEEDS: Record<TotpAlgorithm, string> = {
  sha1: toBase32('12345678901234567890'),
  sha256: toBase32('12345678901234567890123456789012'),
  sha512: toBase32('1234567890123456789012345678901234567890123456789012345678901234'),
};

const RFC6238_VECTORS: Array<[timeSeconds: number, algorithm: TotpAlgorithm, code: string]> = [
  [59, 'sha1', '94287082'],
  [59, 'sha256', '46119246'],
  [59, 'sha512', '90693936'],
  [1111111109, 'sha1', '07081804'],
  [1111111109, 'sha256', '68084774'],
  [1111111109, 'sha512', '25091201'],
  [1111111111, 'sha1', '14050471'],
  [1111111111, 'sha256', '67062674'],
  [1111111111, 'sha512', '99943326'],
  [1234567890, 'sha1', '89005924'],
  [1234567890, 'sha256', '91819424'],
  [1234567890, 'sha512', '93441116'],
  [2000000000, 'sha1', '69279037'],
  [2000000000, 'sha256', '90698825'],
  [2000000000, 'sha512', '38618901'],
  [20000000000, 'sha1', '65353130'],
  [20000000000, 'sha256', '77737706'],
  [20000000000, 'sha512', '47863826'],
];

test('RFC 6238 Appendix B vectors: generateTotp (8 digits, 30 s, SHA-1/256/512)', () => {
  for (const [seconds, algorithm, code] of RFC6238_VECTORS) {
    assert.equal(generateTotp({ secret: SEEDS[algorithm], nowMs: seconds * 1000, digits: 8, algorithm }), code, `${algorithm} @ ${seconds}`);
  }
});

test('RFC 6238 Appendix B vectors: matchTotpStep finds each code at its step', () => {
  for (const [seconds, algorithm, code] of RFC6238_VECTORS) {
    const step = Math.floor(seconds / 30);
    assert.equal(matchTotpStep({ secret: SEEDS[algorithm], code, nowMs: seconds * 1000, digits: 8, algorithm }), step, `${algorithm} @ ${seconds}`);
    assert.equal(matchTotpStep({ secret: SEEDS[algorithm], code, nowMs: seconds * 1000, digits: 8, algorithm, toleranceSteps: 0 }), step);
  }
  // A SHA-1 code is not a SHA-256 code (the algorithm really is applied).
  assert.equal(matchTotpStep({ secret: SEEDS.sha1, code: '94287082', nowMs: 59_000, digits: 8, algorithm: 'sha256' }), null);
});

test('defaults are SHA-1, 6 digits, 30 s, ±1 step', () => {
  assert.equal(TOTP_ALGORITHM, 'sha1');
  assert.equal(TOTP_DIGITS, 6);
  assert.equal(TOTP_PERIOD_SECONDS, 30);
  assert.equal(TOTP_TOLERANCE_STEPS, 1);
  // The 6-digit SHA-1 code is the last six digits of the 8-digit RFC value.
  assert.equal(generateTotp({ secret: SEEDS.sha1, nowMs: 59_000 }), '287082');
  assert.equal(totpStep(59_999), 1);
  assert.equal(totpStep(60_000), 2);
});

// A fixed secret keeps the window tests deterministic (a random one could, once in a million
// runs, give two steps of the window the same code).
const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const STEP = 56_789_012; // an arbitrary step in 2023
const stepStartMs = (step: number): number => step * TOTP_PERIOD_SECONDS * 1000;
const codeAt = (step: number): string => generateTotp({ secret, nowMs: stepStartMs(step) });

test('window: accepts ±1 step and refuses ±2, at the exact step boundaries', () => {
  const code = codeAt(STEP);
  const match = (nowMs: number): number | null => matchTotpStep({ secret, code, nowMs });
  // current step
  assert.equal(match(stepStartMs(STEP)), STEP);
  assert.equal(match(stepStartMs(STEP + 1) - 1), STEP);
  // the code's step is one behind now (client slow / typing across the boundary)
  assert.equal(match(stepStartMs(STEP + 1)), STEP);
  assert.equal(match(stepStartMs(STEP + 2) - 1), STEP);
  // two behind: refused from the first millisecond
  assert.equal(match(stepStartMs(STEP + 2)), null);
  // the code's step is one ahead of now (client clock fast)
  assert.equal(match(stepStartMs(STEP - 1)), STEP);
  assert.equal(match(stepStartMs(STEP) - 1), STEP);
  // two ahead: refused up to the last millisecond
  assert.equal(match(stepStartMs(STEP - 1) - 1), null);
  // a wider configured tolerance widens the window; zero narrows it
  assert.equal(matchTotpStep({ secret, code, nowMs: stepStartMs(STEP + 2), toleranceSteps: 2 }), STEP);
  assert.equal(matchTotpStep({ secret, code, nowMs: stepStartMs(STEP + 1), toleranceSteps: 0 }), null);
});

test('window: when several steps share a code, the highest step is returned', () => {
  // With 1-digit codes collisions are common, so find a window whose outer steps collide.
  let found = false;
  for (let current = 1000; current < 3000 && !found; current += 1) {
    const low = generateTotp({ secret, nowMs: stepStartMs(current - 1), digits: 1 });
    const mid = generateTotp({ secret, nowMs: stepStartMs(current), digits: 1 });
    const high = generateTotp({ secret, nowMs: stepStartMs(current + 1), digits: 1 });
    if (low === high && mid !== low) {
      assert.equal(matchTotpStep({ secret, code: low, nowMs: stepStartMs(current), digits: 1 }), current + 1);
      found = true;
    }
  }
  assert.ok(found, 'no colliding window found');
});

test('matchTotpStep: wrong or malformed codes match nothing and never throw', () => {
  const nowMs = stepStartMs(STEP);
  const window = new Set([codeAt(STEP - 1), codeAt(STEP), codeAt(STEP + 1)]);
  const wrong = ['000000', '123456', '999999'].find((c) => !window.has(c)) ?? '000001';
  assert.equal(matchTotpStep({ secret, code: wrong, nowMs }), null);
  const good = codeAt(STEP);
  for (const code of ['', '12345', '1234567', ` ${good.slice(1)}`, '１２３４５６', '0x1234', '+12345', '1e5000', `${good}\n`]) {
    assert.equal(matchTotpStep({ secret, code, nowMs }), null, JSON.stringify(code));
  }
  for (const code of [123456, null, undefined, ['123456']] as unknown[]) {
    assert.equal(matchTotpStep({ secret, code: code as string, nowMs }), null);
  }
  // Near the epoch the window is clipped at step 0 instead of asking otplib for step -1.
  assert.equal(matchTotpStep({ secret, code: generateTotp({ secret, nowMs: 0 }), nowMs: 0 }), 0);
});

test('createTotpSecret: 20 random bytes, base32 without padding', () => {
  const a = createTotpSecret();
  assert.match(a, /^[A-Z2-7]{32}$/);
  assert.equal(base32.decode(a).length, 20);
  assert.notEqual(createTotpSecret(), a);
});

test('totpUri: otpauth format, issuer and account percent-encoded, issuer parameter', () => {
  const uri = totpUri({ issuer: 'ACME Co: Ltd & Sons', accountName: 'jo hn+x@example.com', secret: 'JBSWY3DPEHPK3PXP' });
  assert.equal(
    uri,
    'otpauth://totp/ACME%20Co%3A%20Ltd%20%26%20Sons:jo%20hn%2Bx%40example.com' +
      '?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co%3A%20Ltd%20%26%20Sons&algorithm=SHA1&digits=6&period=30',
  );
  const parsed = new URL(uri);
  assert.equal(parsed.protocol, 'otpauth:');
  assert.equal(parsed.searchParams.get('issuer'), 'ACME Co: Ltd & Sons');
  assert.equal(parsed.searchParams.get('secret'), 'JBSWY3DPEHPK3PXP');
  // Exactly one unencoded ':' in the label: issuer and account cannot be confused.
  assert.equal(decodeURIComponent(parsed.pathname.split(':')[1] ?? ''), 'jo hn+x@example.com');
  assert.match(totpUri({ issuer: 'X', accountName: 'y', secret: 'S', digits: 8, periodSeconds: 60 }), /&digits=8&period=60$/);
});

test('totpQrSvg / totpQrDataUrl render the URI', async () => {
  const uri = totpUri({ issuer: 'ACME', accountName: 'ann@example.com', secret: createTotpSecret() });
  const svg = await totpQrSvg(uri);
  assert.ok(svg.startsWith('<svg'), svg.slice(0, 40));
  assert.ok(svg.trimEnd().endsWith('</svg>'));
  assert.ok((await totpQrDataUrl(uri)).startsWith('data:image/png;base64,'));
});

test('formatSetupKey groups the key by four for people', () => {
  assert.equal(formatSetupKey('JBSWY3DPEHPK3PXP'), 'JBSW Y3DP EHPK 3PXP');
  assert.equal(formatSetupKey('ABCDEF'), 'ABCD EF');
  const key = createTotpSecret();
  assert.equal(formatSetupKey(key).replace(/ /g, ''), key);
  assert.match(formatSetupKey(key), /^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
});
