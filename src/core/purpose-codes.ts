import { TwoStepError } from '../errors.js';
import { parseNumericCode } from '../methods/code-format.js';
import type { MethodType } from '../enrolments/records.js';
import { allowedMethodTypes } from './allowed-methods.js';
import type { CoreContext } from './context.js';
import { confirmedMethods, describeMethod, readSnapshot } from './enrolment-snapshot.js';
import { isContactMethod } from './login-codes.js';
import { sendOneTimeCode, verifyOneTimeCode } from './one-time-codes.js';
import { userIdOf } from './user-id.js';

const PURPOSE_SHAPE = /^[a-z0-9][a-z0-9._-]{0,63}$/i;

/** An app's own purpose; the library's ('login', 'setup:…') are reserved so an app cannot mint sign-in codes. */
function appPurpose(value: unknown): string {
  if (typeof value !== 'string' || !PURPOSE_SHAPE.test(value) || value === 'login') {
    throw new TwoStepError('invalid_request', '`purpose` must be a short name of letters, digits, ".", "_" or "-" (like "password-reset"), other than "login".');
  }
  return value;
}

export interface SendCodeOptions {
  /** What the code is for, such as 'password-reset'. A code only works for its purpose. */
  purpose: string;
  /** Which verified email/SMS method gets it. @default the primary method, else the first that receives codes */
  methodId?: string;
  ip?: string;
}

export interface SendCodeResult {
  method: ReturnType<typeof describeMethod>;
  expiresAt: number;
  resendAt: number;
}

/**
 * The same verified methods, for another purpose (Procare: "the same methods as the
 * Password Reset process"). Cooldown, hourly cap and `allowedMethods` apply as at sign-in.
 */
export async function sendPurposeCode(ctx: CoreContext, user: unknown, options: SendCodeOptions): Promise<SendCodeResult> {
  const purpose = appPurpose(options?.purpose);
  const userId = userIdOf(ctx, user);
  const allowed = await allowedMethodTypes(ctx, user);
  const { enrolment } = await readSnapshot(ctx, userId);
  const usable = confirmedMethods(enrolment).filter(isContactMethod).filter((m) => allowed.includes(m.type as MethodType));
  const method = options.methodId === undefined
    ? usable.find((m) => m.primary) ?? usable[0]
    : usable.find((m) => m.id === options.methodId);
  if (!method) {
    throw new TwoStepError('method_not_found', 'This account has no verified email address or phone number that may receive codes.');
  }
  const sent = await sendOneTimeCode(ctx, { userId, ip: options.ip }, purpose, { type: method.type, to: method.address }, user);
  return { method: describeMethod(method), ...sent };
}

/** Checks a code sent for `purpose`; throws a `TwoStepError` (invalid_code, locked, ...) otherwise. */
export async function verifyPurposeCode(ctx: CoreContext, user: unknown, options: { purpose: string; code: unknown; ip?: string }): Promise<{ verified: true }> {
  const purpose = appPurpose(options?.purpose);
  const code = parseNumericCode(options.code);
  const userId = userIdOf(ctx, user);
  await verifyOneTimeCode(ctx, { userId, ip: options.ip }, purpose, code);
  return { verified: true };
}
