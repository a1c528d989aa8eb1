import { TwoStepError } from '../errors.js';
import type { MethodType } from '../enrolments/records.js';
import type { CoreContext } from './context.js';
import { organisationRulesFor } from './organisation-rules.js';

const ALL: readonly MethodType[] = ['totp', 'email', 'sms', 'webauthn'];
const NAMES: Record<MethodType, string> = { totp: 'an authenticator app', email: 'email codes', sms: 'text-message codes', webauthn: 'passkeys or security keys' };

/** The methods this user may set up and use, as the app (an organisation's admin) decided. */
export async function allowedMethodTypes(ctx: CoreContext, user: unknown): Promise<readonly MethodType[]> {
  // Passkeys exist only where the app configured `webauthn` (an rpID to bind them to).
  const offered = ctx.options.webauthn ? ALL : ALL.filter((t) => t !== 'webauthn');
  const decide = ctx.options.allowedMethods;
  const [types, rules] = await Promise.all([decide ? decide(user) : offered, organisationRulesFor(ctx, user)]);
  // A malformed answer must not open every method: treat it as "none of them".
  const byCode = Array.isArray(types) ? types.filter((t): t is MethodType => offered.includes(t as MethodType)) : [];
  // The organisations' lists narrow the code's further: the strictest wins.
  return rules.allowedMethods === null ? byCode : byCode.filter((t) => rules.allowedMethods!.includes(t));
}

export function assertMethodAllowed(allowed: readonly MethodType[], type: MethodType): void {
  if (allowed.includes(type)) return;
  const offered = allowed.map((t) => NAMES[t]).join(' or ');
  throw new TwoStepError('method_not_allowed', `Your organisation does not allow ${NAMES[type]} for two-step verification.${offered ? ` Use ${offered} instead.` : ''}`);
}
