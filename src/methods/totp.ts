import { timingSafeEqual } from 'node:crypto';
import { generateSecret, ScureBase32Plugin, type HashAlgorithm } from 'otplib';
import { counterToBytes, dynamicTruncate, truncateDigits } from '@otplib/core';
import { NodeCryptoPlugin } from '@otplib/plugin-crypto-node';
import QRCode from 'qrcode';

/**
 * TOTP (RFC 6238) on otplib 13. otplib computes the codes; the window walk is ours, because we
 * need two things its `verify` does not give: every step of the window is computed and compared
 * (no early exit, so timing does not reveal which step matched), and the highest matching step
 * is returned so the store's replay guard ("never this step or an earlier one again") is tight.
 */

/**
 * RFC 6238's defaults, which every authenticator app makes; the `totp` option may choose
 * others for new setups (`totp-settings.ts`), which some apps ignore (docs/options.md#totp).
 */
export const TOTP_ALGORITHM = 'sha1' satisfies HashAlgorithm;
export const TOTP_DIGITS = 6;
export const TOTP_PERIOD_SECONDS = 30;
/** ±1 step (±30 s) absorbs phone clock drift and typing time without widening the guess window much. */
export const TOTP_TOLERANCE_STEPS = 1;
/**
 * 160 bits, RFC 4226's recommendation, whatever the hash: ample for HMAC-SHA256/512 too
 * (NIST SP 800-63B asks 112), and a setup key short enough to type.
 */
export const TOTP_SECRET_BYTES = 20;

export type TotpAlgorithm = 'sha1' | 'sha256' | 'sha512';

// Node's OpenSSL HMAC instead of otplib's default pure-JS (noble) one: same results, faster.
const crypto = new NodeCryptoPlugin();
const base32 = new ScureBase32Plugin();

/** A new shared secret, base32 without padding (what authenticator apps expect). */
export function createTotpSecret(): string {
  return generateSecret({ crypto, base32, length: TOTP_SECRET_BYTES });
}

export interface TotpUriInput {
  issuer: string;
  accountName: string;
  secret: string;
  /** As the Key URI Format spells it. */
  algorithm?: 'SHA1' | 'SHA256' | 'SHA512';
  digits?: number;
  periodSeconds?: number;
}

/**
 * The `otpauth://` URI of the Key URI Format. Built here rather than with otplib's `generateURI`,
 * which leaves a `:` inside the issuer unencoded and so makes the `issuer:account` label ambiguous.
 * Issuer and account are percent-encoded; the issuer is repeated as a parameter, which current
 * apps prefer over the label prefix.
 */
export function totpUri(input: TotpUriInput): string {
  const { issuer, accountName, secret, algorithm = 'SHA1', digits = TOTP_DIGITS, periodSeconds = TOTP_PERIOD_SECONDS } = input;
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(accountName)}`;
  const params = [
    `secret=${encodeURIComponent(secret)}`,
    `issuer=${encodeURIComponent(issuer)}`,
    `algorithm=${algorithm}`,
    `digits=${digits}`,
    `period=${periodSeconds}`,
  ];
  return `otpauth://totp/${label}?${params.join('&')}`;
}

/** The URI as an SVG QR code. Margin 4 is the quiet zone the QR standard asks for; scanners need it. */
export function totpQrSvg(uri: string): Promise<string> {
  return QRCode.toString(uri, { type: 'svg', margin: 4, errorCorrectionLevel: 'M' });
}

/** The URI as a PNG data URL, for pages that cannot inline SVG. */
export function totpQrDataUrl(uri: string): Promise<string> {
  return QRCode.toDataURL(uri, { margin: 4, errorCorrectionLevel: 'M' });
}

/** `JBSWY3DPEHPK3PXP` → `JBSW Y3DP EHPK 3PXP`, for people typing the key by hand. */
export function formatSetupKey(secret: string): string {
  return (secret.match(/.{1,4}/g) ?? []).join(' ');
}

/** Code shape; each field defaults to the constants above. */
export interface TotpParams {
  periodSeconds?: number;
  digits?: number;
  algorithm?: TotpAlgorithm;
}

/**
 * The code for one time step (RFC 4226 over the step counter), from otplib's own HOTP parts.
 * Not its `generateSync`: that re-validates the secret and options and builds a crypto
 * context on every call, three times per answer, which cost four times the HMAC itself on
 * the wrong-code path (bench/peers.bench.ts). Our secrets are 20 bytes we made ourselves and
 * the options were checked once (the `totp` option at start-up, a record's in
 * `totpSettingsOf`), so that checking has nothing left to catch here.
 */
function codeAtStep(secretBytes: Uint8Array, step: number, params: Required<TotpParams>): string {
  const mac = crypto.hmac(params.algorithm, secretBytes, counterToBytes(step));
  return truncateDigits(dynamicTruncate(mac), params.digits);
}

function resolve(params: TotpParams): Required<TotpParams> {
  return {
    periodSeconds: params.periodSeconds ?? TOTP_PERIOD_SECONDS,
    digits: params.digits ?? TOTP_DIGITS,
    algorithm: params.algorithm ?? TOTP_ALGORITHM,
  };
}

/** The time step (RFC 6238 `T`, with T0 = 0) for an instant. */
export function totpStep(nowMs: number, periodSeconds = TOTP_PERIOD_SECONDS): number {
  return Math.floor(Math.floor(nowMs / 1000) / periodSeconds);
}

/** The current code, for tests and the example app. */
export function generateTotp(input: TotpParams & { secret: string; nowMs: number }): string {
  const params = resolve(input);
  return codeAtStep(base32.decode(input.secret), totpStep(input.nowMs, params.periodSeconds), params);
}

export interface MatchTotpInput extends TotpParams {
  secret: string;
  code: string;
  nowMs: number;
  toleranceSteps?: number;
}

/**
 * The time step within ±`toleranceSteps` of now whose code equals `code` (the highest one if
 * several do), or null. Every step of the window is computed and compared in constant time.
 * A code that is not exactly `digits` ASCII digits matches nothing; it never throws for it.
 * Replay protection is not here: the caller hands the step to the store, which refuses any step
 * at or below the last accepted one in the same atomic operation that counts the attempt.
 */
export function matchTotpStep(input: MatchTotpInput): number | null {
  const params = resolve(input);
  const toleranceSteps = input.toleranceSteps ?? TOTP_TOLERANCE_STEPS;
  if (typeof input.code !== 'string' || input.code.length !== params.digits || !/^[0-9]+$/.test(input.code)) return null;
  const submitted = Buffer.from(input.code, 'ascii');
  const secretBytes = base32.decode(input.secret);
  const current = totpStep(input.nowMs, params.periodSeconds);
  let matched: number | null = null;
  for (let step = Math.max(0, current - toleranceSteps); step <= current + toleranceSteps; step += 1) {
    const expected = Buffer.from(codeAtStep(secretBytes, step, params), 'ascii');
    // Steps ascend, so the last match is the highest; no early exit keeps the timing flat.
    if (timingSafeEqual(expected, submitted)) matched = step;
  }
  return matched;
}
