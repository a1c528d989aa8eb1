/**
 * How much a session's verification is worth, in one place: which factors prove a person,
 * how recent they must be, and which user they belong to. The gate, step-up
 * (`twoStep.require`) and re-verification for sensitive changes all ask here, so a factor
 * cannot count for one and not the other.
 */
import { FACTOR_UNITS } from '../methods/method-units.js';
import type { PasskeyFacts } from '../methods/method-unit.js';

export type { PasskeyFacts };

/**
 * How the session was verified, as recorded on upgrade (SPEC: `req.session.twoStep`); built
 * and stamped by `sign-in.ts`.
 */
export interface Assurance {
  userId: string;
  /** Authentication methods references: 'pwd' plus 'totp' | 'email' | 'sms' | 'hwk' (passkey) | 'recovery' | 'device' | 'ip'; a passkey sign-in records ['hwk', 'user']. */
  amr: string[];
  /** When the second factor was verified (epoch ms); null when none was needed. */
  verifiedAt: number | null;
  /** When the password alone signed the session in (epoch ms): set only where `verifiedAt` is null. */
  signedInAt?: number;
  /** What the passkey told, when the factor in `amr` is one ('hwk'): for `twoStep.claims`. */
  passkey?: PasskeyFacts;
  /**
   * When the user last re-confirmed it is them (a code, a recovery code or the password)
   * for a sensitive change.
   */
  reverifiedAt?: number;
  /**
   * When this session was signed in, or last kept through "sign out other sessions"
   * (epoch ms, the injected clock): a revocation at or after it ends the session.
   */
  issuedAt?: number;
}

/**
 * Factors that prove possession now: each method's `amr` entry, and recovery codes'. 'ip'
 * and 'device' say where the request came from and which browser it was, not who is at it;
 * 'pwd' is the first factor.
 */
const REAL_FACTORS: ReadonlySet<string> = new Set(FACTOR_UNITS.map((unit) => unit.amr));

/** Bound to the site's origin by the authenticator (a passkey): a phishing page cannot relay it. */
const PHISHING_RESISTANT_FACTORS: ReadonlySet<string> = new Set(FACTOR_UNITS.filter((unit) => unit.phishingResistant).map((unit) => unit.amr));

export function isRealFactor(factor: string): boolean {
  return REAL_FACTORS.has(factor);
}

export function isPhishingResistant(factor: string): boolean {
  return PHISHING_RESISTANT_FACTORS.has(factor);
}

/** A moment within the last `seconds`, and not in the future (a clock moved back proves nothing). */
function within(instantMs: number | null | undefined, nowMs: number, seconds: number): boolean {
  if (typeof instantMs !== 'number') return false;
  const ageMs = nowMs - instantMs;
  return ageMs >= 0 && ageMs <= seconds * 1000;
}

/** The gate: a verification counts only for the user it was made for. */
export function assuranceHolds(assurance: Assurance | undefined, userId: string): assurance is Assurance {
  return assurance !== undefined && assurance.userId === userId;
}

/**
 * Step-up: a real second factor within `maxAgeSeconds` (with `phishingResistant`, a passkey
 * or security key). A password re-verification is not a second factor.
 */
export function realFactorWithin(assurance: Assurance, nowMs: number, maxAgeSeconds: number, options: { phishingResistant?: boolean } = {}): boolean {
  const counts = options.phishingResistant ? isPhishingResistant : isRealFactor;
  return assurance.amr.some(counts) && within(assurance.verifiedAt, nowMs, maxAgeSeconds);
}

/**
 * Sensitive changes (`reverifySeconds`): a real second factor, or an explicit
 * re-verification (which may be the password), within the window.
 */
export function confirmedWithin(assurance: Assurance, nowMs: number, seconds: number): boolean {
  return within(assurance.reverifiedAt, nowMs, seconds) || realFactorWithin(assurance, nowMs, seconds);
}

/** The record after a sign-in with a second factor (`amrEntry`: 'totp', 'hwk', 'recovery', ...). */
export function signedInWith(userId: string, amrEntry: string, nowMs: number, passkey?: PasskeyFacts): Assurance {
  return { userId, amr: ['pwd', amrEntry], verifiedAt: nowMs, ...(passkey ? { passkey } : {}) };
}

/**
 * The record after a re-verification. A code proves the second factor again, so it also
 * counts as a fresh verification for step-up; a password (`amrEntry` undefined) only counts
 * as re-verification.
 */
export function reverifiedWith<A extends Assurance>(assurance: A, amrEntry: string | undefined, nowMs: number, passkey?: PasskeyFacts): A {
  if (amrEntry === undefined) return { ...assurance, reverifiedAt: nowMs };
  // The new factor replaces the old one, and so does what a passkey told (or its absence).
  const { passkey: _old, signedInAt: _password, ...rest } = assurance;
  return { ...rest, amr: ['pwd', amrEntry], verifiedAt: nowMs, reverifiedAt: nowMs, ...(passkey ? { passkey } : {}) } as A;
}
