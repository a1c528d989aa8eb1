import { TwoStepError } from '../errors.js';
import { randomFromAlphabet } from '../crypto/random.js';

/**
 * Strict parsing of what people type. Anything that is not exactly the expected shape is refused
 * with `400 invalid_request` before any comparison, hashing or attempt counting happens: a number
 * (`123456` loses leading zeros, `1e5` is not a code), an array or object (type confusion in
 * body parsers), Unicode digits that `Number()` or `\d` with `u` would accept (fullwidth ０-９,
 * Arabic-Indic ٠-٩), `0x…`, signs or surrounding whitespace.
 */

const ASCII_DIGITS = /^[0-9]+$/;

/**
 * Returns the code unchanged when it is a string of ASCII digits of exactly `digits` (or one
 * of several lengths, before the method is known); throws otherwise.
 */
export function parseNumericCode(value: unknown, digits: number | readonly number[] = 6): string {
  const lengths = typeof digits === 'number' ? [digits] : digits;
  const spelled = lengths.join(' or ');
  if (typeof value !== 'string') {
    throw new TwoStepError('invalid_request', `The code must be sent as a string of ${spelled} digits.`);
  }
  if (!lengths.includes(value.length) || !ASCII_DIGITS.test(value)) {
    throw new TwoStepError('invalid_request', `The code must be exactly ${spelled} digits (0-9), with no spaces or other characters.`);
  }
  return value;
}

/**
 * Recovery-code alphabet: digits and capitals without the look-alikes 0/O, 1/I/L, 2/Z, 5/S, 8/B,
 * so a code read off paper is typed right the first time. 25 symbols.
 */
export const RECOVERY_ALPHABET = '34679ACDEFGHJKMNPQRTUVWXY';
/** Symbols per code. */
export const RECOVERY_CODE_LENGTH = 15;
/** Printed as three groups of five: `XXXXX-XXXXX-XXXXX`. */
export const RECOVERY_GROUP_SIZE = 5;
/**
 * Entropy per code: 15 · log2(25) ≈ 69.66 bits (>= 64 required). Codes are drawn uniformly with
 * `crypto.randomInt`, so this is the real entropy, not an upper bound.
 */
export const RECOVERY_CODE_ENTROPY_BITS = RECOVERY_CODE_LENGTH * Math.log2(RECOVERY_ALPHABET.length);

// Built from the alphabet with both cases spelled out. No `i` or `u` flag on purpose: with them,
// `toUpperCase`/case folding maps a few non-ASCII characters (the Kelvin sign, `ſ`, ligatures such
// as `ﬀ`) onto ASCII letters, which would let a non-ASCII string normalise into a valid code.
const SYMBOL = `[${RECOVERY_ALPHABET}${RECOVERY_ALPHABET.toLowerCase()}]`;
const GROUP = `${SYMBOL}{${RECOVERY_GROUP_SIZE}}`;
const GROUPS = RECOVERY_CODE_LENGTH / RECOVERY_GROUP_SIZE;
/** Groups, each optionally separated from the next by one dash or one space. */
const RECOVERY_INPUT = new RegExp(`^${GROUP}(?:[- ]?${GROUP}){${GROUPS - 1}}$`);
const CANONICAL = new RegExp(`^[${RECOVERY_ALPHABET}]{${RECOVERY_CODE_LENGTH}}$`);
/**
 * The example pages and messages show: made of the alphabet itself (never a letter the codes
 * lack, like the B or L of "ABCDE-FGHJK-LMNPQ"), letters and digits mixed as real codes are.
 * Stepping through the alphabet by a stride prime to its length visits each symbol at most once.
 */
const EXAMPLE_STRIDE = 7;
const EXAMPLE_START = RECOVERY_ALPHABET.indexOf('A');
export const RECOVERY_CODE_EXAMPLE = formatGroups(Array.from({ length: RECOVERY_CODE_LENGTH },
  (_, i) => RECOVERY_ALPHABET[(EXAMPLE_START + i * EXAMPLE_STRIDE) % RECOVERY_ALPHABET.length]).join(''));
/**
 * The recovery-code field's HTML `pattern`, from the same alphabet and groups as the parser (both
 * cases, an optional dash or space between groups, spaces around a paste). Written for the `v`
 * flag browsers compile `pattern` with: no `-` or `[` unescaped inside a class.
 */
export const RECOVERY_INPUT_PATTERN = `\\s*${GROUP}(?:(?:-| )?${GROUP}){${GROUPS - 1}}\\s*`;
/** Longer than any acceptable spelling; bounds the work done on hostile input. */
const MAX_RECOVERY_INPUT = 64;

/**
 * Normalises a typed recovery code to its canonical form (upper case, no separators), the form
 * that is hashed and stored. Case does not matter and the separators are optional; surrounding
 * whitespace from a paste is ignored. Anything else is refused with `invalid_request`.
 */
export function parseRecoveryCode(value: unknown): string {
  if (typeof value !== 'string') {
    throw new TwoStepError('invalid_request', 'The recovery code must be sent as a string.');
  }
  const trimmed = value.length <= MAX_RECOVERY_INPUT ? value.trim() : value;
  if (trimmed.length > MAX_RECOVERY_INPUT || !RECOVERY_INPUT.test(trimmed)) {
    throw new TwoStepError(
      'invalid_request',
      `A recovery code is ${RECOVERY_CODE_LENGTH} letters and digits, written like ${RECOVERY_CODE_EXAMPLE}.`,
    );
  }
  return trimmed.replace(/[- ]/g, '').toUpperCase();
}

/** A new recovery code in canonical form; show it with `formatRecoveryCode`, store only its hash. */
export function generateRecoveryCode(): string {
  return randomFromAlphabet(RECOVERY_ALPHABET, RECOVERY_CODE_LENGTH);
}

/** `ABCDEFGHJKMNPQR` → `ABCDE-FGHJK-MNPQR`, the form printed for people. */
export function formatRecoveryCode(canonical: string): string {
  if (!CANONICAL.test(canonical)) {
    throw new TypeError('twostep: formatRecoveryCode expects a canonical recovery code.');
  }
  return formatGroups(canonical);
}

function formatGroups(canonical: string): string {
  const groups: string[] = [];
  for (let i = 0; i < canonical.length; i += RECOVERY_GROUP_SIZE) groups.push(canonical.slice(i, i + RECOVERY_GROUP_SIZE));
  return groups.join('-');
}
