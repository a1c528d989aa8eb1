/**
 * Every method type's unit, in the order pages and messages list them. Adding a method
 * type: its module beside this one, one entry here, its page, its tests.
 */
import type { MethodType } from '../enrolments/records.js';
import { emailMethod } from './email-method.js';
import type { MethodUnit } from './method-unit.js';
import { recoveryMethod } from './recovery-method.js';
import { smsMethod } from './sms-method.js';
import { totpMethod } from './totp-method.js';
import { webauthnMethod } from './webauthn-method.js';

const UNITS: { readonly [Type in MethodType]: MethodUnit<Type> } = {
  totp: totpMethod,
  email: emailMethod,
  sms: smsMethod,
  webauthn: webauthnMethod,
};

/** The types a user can enrol, in the order they are offered. */
export const METHOD_TYPES = Object.keys(UNITS) as readonly MethodType[];

export function isMethodType(value: unknown): value is MethodType {
  return typeof value === 'string' && Object.hasOwn(UNITS, value);
}

/** The factors a second step can be answered with: every method type, and recovery codes (no enrolled method). */
const FACTORS: { readonly [Factor in MethodType | 'recovery']: MethodUnit<Factor> } = { ...UNITS, recovery: recoveryMethod };

/** Every factor's unit, recovery codes last: what a session's second-factor `amr` entries can be. */
export const FACTOR_UNITS: readonly MethodUnit[] = Object.values(FACTORS);

/** The unit of an enrolled method's type, or of 'recovery'. */
export function unitOf(factor: MethodType | 'recovery'): MethodUnit {
  return FACTORS[factor];
}

/** A method answered with a passkey, which takes no typed code. */
export function answeredByPasskey(method: { type: MethodType }): boolean {
  return UNITS[method.type].answer === 'passkey';
}
