/**
 * What a method is called: the name a user gives any of their methods ("Work phone",
 * "Mum's email"), and the number an authenticator app gets when it is set up, so two apps
 * are "Authenticator app" and "Authenticator app 2" until someone names them. Renaming is
 * not a security change (the secret, address or key stays the same): no re-verification.
 */
import type { EnrolledMethod, Enrolment, MethodType } from '../enrolments/records.js';
import { TwoStepError } from '../errors.js';
import type { CoreContext } from './context.js';
import { updateEnrolment } from './update-enrolment.js';

export const MAX_METHOD_NAME_LENGTH = 64;

/** A name as the user typed it: trimmed, inner spaces collapsed, 1–64 characters, no control characters. */
export function parseMethodName(value: unknown): string {
  const name = typeof value === 'string' ? value.trim().replace(/\s+/g, ' ') : '';
  if (name.length === 0 || name.length > MAX_METHOD_NAME_LENGTH || /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(name)) {
    throw new TwoStepError('invalid_request', `\`name\` must be 1 to ${MAX_METHOD_NAME_LENGTH} characters, like "Work phone" or "YubiKey 5".`);
  }
  return name;
}

/**
 * The number a new method of `type` gets: one more than the highest its type has among the
 * set-up methods (an older method without a number counts as its place in the list).
 */
export function nextMethodNumber(enrolment: Enrolment, type: MethodType): number {
  const sameType = enrolment.methods.filter((m) => m.confirmed && m.type === type);
  return sameType.reduce((highest, m, i) => Math.max(highest, m.number ?? i + 1), 0) + 1;
}

/** Renames one of the user's set-up methods; `method_not_found` (404) for any other id. */
export async function renameMethod(ctx: CoreContext, userId: string, methodId: string, name: string): Promise<EnrolledMethod> {
  let renamed: EnrolledMethod | undefined;
  await updateEnrolment(ctx, userId, (enrolment) => ({
    ...enrolment,
    methods: enrolment.methods.map((m) => {
      if (m.id !== methodId || !m.confirmed) return m;
      renamed = { ...m, name };
      return renamed;
    }),
  }));
  if (!renamed) throw new TwoStepError('method_not_found', 'That verification method does not exist. Reload the page and try again.');
  return renamed;
}
