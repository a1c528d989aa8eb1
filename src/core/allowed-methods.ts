import { TwoStepError } from '../errors.js';
import type { MethodType } from '../enrolments/records.js';
import { METHOD_TYPES, unitOf } from '../methods/method-units.js';
import type { CoreContext } from './context.js';
import { organisationRulesFor } from './organisation-rules.js';

/** The methods this user may set up and use, as the app (an organisation's admin) decided. */
export async function allowedMethodTypes(ctx: CoreContext, user: unknown): Promise<readonly MethodType[]> {
  // A type that needs an option exists only where the app set it (passkeys: an rpID to bind them to).
  const offered = METHOD_TYPES.filter((type) => {
    const { enabledBy } = unitOf(type);
    return enabledBy === undefined || Boolean(ctx.options[enabledBy]);
  });
  const decide = ctx.options.allowedMethods;
  const [types, rules] = await Promise.all([decide ? decide(user) : offered, organisationRulesFor(ctx, user)]);
  // A malformed answer must not open every method: treat it as "none of them".
  const byCode = Array.isArray(types) ? types.filter((t): t is MethodType => offered.includes(t as MethodType)) : [];
  // The organisations' lists narrow the code's further: the strictest wins.
  return rules.allowedMethods === null ? byCode : byCode.filter((t) => rules.allowedMethods!.includes(t));
}

export function assertMethodAllowed(allowed: readonly MethodType[], type: MethodType): void {
  if (allowed.includes(type)) return;
  const offered = allowed.map((t) => unitOf(t).allowedName).join(' or ');
  throw new TwoStepError('method_not_allowed', `Your organisation does not allow ${unitOf(type).allowedName} for two-step verification.${offered ? ` Use ${offered} instead.` : ''}`);
}
