/**
 * The `totp` option — hash, code length and period for authenticator apps set up from now on —
 * and the same three as kept on each enrolled app. An app keeps what it was set up with: the
 * option changes new setups only, since the phone already makes its codes one way, and a
 * record without them (every setup before the option existed) is SHA1 / 6 / 30, what it was
 * made with.
 */
import { fail, knownKeys, show } from '../option-checks.js';
import type { TotpAlgorithm } from './totp.js';

export const TOTP_ALGORITHMS = ['SHA1', 'SHA256', 'SHA512'] as const;
export type TotpAlgorithmName = (typeof TOTP_ALGORITHMS)[number];
export const TOTP_DIGIT_CHOICES = [6, 8] as const;
export type TotpDigits = (typeof TOTP_DIGIT_CHOICES)[number];

/** Periods authenticator apps offer lie in here; a shorter one leaves no time to type, a longer one keeps a code alive too long. */
const MIN_PERIOD_SECONDS = 15;
const MAX_PERIOD_SECONDS = 300;

export interface TotpOptions {
  /** The HMAC hash. Not every app honours SHA256/SHA512 (docs/options.md#totp). @default 'SHA1' */
  algorithm?: TotpAlgorithmName;
  /** Code length. @default 6 */
  digits?: TotpDigits;
  /** How long each code lasts. @default 30 */
  periodSeconds?: number;
}

export interface TotpSettings {
  readonly algorithm: TotpAlgorithmName;
  readonly digits: TotpDigits;
  readonly periodSeconds: number;
}

/** RFC 6238's defaults, and what every authenticator app makes. */
export const DEFAULT_TOTP_SETTINGS: TotpSettings = Object.freeze({ algorithm: 'SHA1', digits: 6, periodSeconds: 30 });

/** Validated once at start-up; every message names the option and the fix. */
export function resolveTotpOptions(value: unknown): TotpSettings {
  const given = knownKeys('totp', value, ['algorithm', 'digits', 'periodSeconds']);
  const algorithm = given.algorithm ?? DEFAULT_TOTP_SETTINGS.algorithm;
  if (!TOTP_ALGORITHMS.includes(algorithm as TotpAlgorithmName)) {
    fail(`totp.algorithm must be one of ${TOTP_ALGORITHMS.map((a) => `'${a}'`).join(', ')} (upper case, as in the otpauth URI), got ${show(algorithm)}. Leave it out for 'SHA1', which every authenticator app supports.`);
  }
  const digits = given.digits ?? DEFAULT_TOTP_SETTINGS.digits;
  if (!TOTP_DIGIT_CHOICES.includes(digits as TotpDigits)) {
    fail(`totp.digits must be 6 or 8 (the lengths authenticator apps make), got ${show(digits)}.`);
  }
  const periodSeconds = given.periodSeconds ?? DEFAULT_TOTP_SETTINGS.periodSeconds;
  if (typeof periodSeconds !== 'number' || !Number.isInteger(periodSeconds) || periodSeconds < MIN_PERIOD_SECONDS || periodSeconds > MAX_PERIOD_SECONDS) {
    fail(`totp.periodSeconds must be a whole number of seconds from ${MIN_PERIOD_SECONDS} to ${MAX_PERIOD_SECONDS}, got ${show(periodSeconds)}. Leave it out for 30, which every authenticator app supports.`);
  }
  return Object.freeze({ algorithm: algorithm as TotpAlgorithmName, digits: digits as TotpDigits, periodSeconds });
}

/** What a new setup records on its method: nothing when it is the default, so such records stay as they always were. */
export function recordedTotpSettings(settings: TotpSettings): { totp?: TotpSettings } {
  const isDefault = settings.algorithm === DEFAULT_TOTP_SETTINGS.algorithm && settings.digits === DEFAULT_TOTP_SETTINGS.digits
    && settings.periodSeconds === DEFAULT_TOTP_SETTINGS.periodSeconds;
  return isDefault ? {} : { totp: { algorithm: settings.algorithm, digits: settings.digits, periodSeconds: settings.periodSeconds } };
}

/**
 * An enrolled app's settings: its own, or SHA1 / 6 / 30 for a record without them. A record
 * with values twostep never writes is refused (a server error), never read as the defaults:
 * guessing would turn a damaged record into codes that never match, or into weaker ones.
 */
export function totpSettingsOf(method: { id: string; totp?: Partial<TotpSettings> }): TotpSettings {
  const kept = method.totp;
  if (kept === undefined) return DEFAULT_TOTP_SETTINGS;
  const { algorithm, digits, periodSeconds } = kept;
  if (!TOTP_ALGORITHMS.includes(algorithm as TotpAlgorithmName) || !TOTP_DIGIT_CHOICES.includes(digits as TotpDigits)
    || typeof periodSeconds !== 'number' || !Number.isInteger(periodSeconds) || periodSeconds < 1) {
    throw new Error(`twostep: the authenticator app ${method.id} has unreadable TOTP settings ${JSON.stringify(kept)}`);
  }
  return { algorithm: algorithm as TotpAlgorithmName, digits: digits as TotpDigits, periodSeconds };
}

/** The HMAC name node:crypto takes. */
export function hmacAlgorithmOf(settings: TotpSettings): TotpAlgorithm {
  return settings.algorithm.toLowerCase() as TotpAlgorithm;
}
